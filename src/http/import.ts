// Importing key material into an EXTERNAL key: GetParametersForImport for a one-time RSA-2048
// wrapping key and import token, the material wrapped here with node:crypto, ImportKeyMaterial.
// The material stays in memory and its buffer is zeroed once wrapped.
import { constants, createPublicKey, publicEncrypt } from 'node:crypto';

import { WRAPPING_KEY_SPEC, type WrappingAlgorithm } from '../kms/material.js';
import type { GetParametersForImportResponse, KeyMetadata } from '../kms/types.js';
import { callAction, type CallContext } from './client.js';
import { classifyFailure } from './retry.js';

const PADDING: Readonly<Record<WrappingAlgorithm, { padding: number; oaepHash?: string }>> = {
  RSAES_OAEP_SHA_256: { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' },
  RSAES_OAEP_SHA_1: { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
  RSAES_PKCS1_V1_5: { padding: constants.RSA_PKCS1_PADDING },
};

/** The material encrypted under the service's public key (base64 DER, SubjectPublicKeyInfo). */
export function wrapMaterial(
  material: Uint8Array,
  publicKey: string,
  algorithm: WrappingAlgorithm,
): string {
  const key = createPublicKey({
    key: Buffer.from(publicKey, 'base64'),
    format: 'der',
    type: 'spki',
  });
  return publicEncrypt({ key, ...PADDING[algorithm] }, material).toString('base64');
}

export interface ImportRequest {
  keyId: string;
  algorithm: WrappingAlgorithm;
  /** 0: the material never expires. */
  validTo: number;
}

/**
 * After a lost ImportKeyMaterial answer: did it take? A token serves one import, so sending it
 * again proves nothing. The key is Enabled with the ValidTo asked for only if it took (or if an
 * earlier import left it in exactly that state, which the same material makes the same thing).
 */
async function imported(request: ImportRequest, context: CallContext): Promise<boolean> {
  try {
    const key = await describeKey(request.keyId, context);
    return key.KeyState === 'Enabled' && key.ValidTo === request.validTo;
  } catch {
    return false;
  }
}

/** Imports the material; the buffer is zeroed before this returns, whatever happens. */
export async function importMaterial(
  material: Buffer,
  request: ImportRequest,
  context: CallContext,
): Promise<void> {
  let wrapped: string;
  let token: string;
  try {
    const parameters = await callAction<GetParametersForImportResponse>(
      'GetParametersForImport',
      {
        KeyId: request.keyId,
        WrappingAlgorithm: request.algorithm,
        WrappingKeySpec: WRAPPING_KEY_SPEC,
      },
      context,
    );
    token = parameters.ImportToken;
    wrapped = wrapMaterial(material, parameters.PublicKey, request.algorithm);
  } finally {
    material.fill(0);
  }
  const params = {
    KeyId: request.keyId,
    ImportToken: token,
    EncryptedKeyMaterial: wrapped,
    ValidTo: request.validTo,
  };
  try {
    await callAction('ImportKeyMaterial', params, context);
  } catch (error) {
    if (classifyFailure(error) === 'lost' && (await imported(request, context))) return;
    throw error;
  }
}

export async function describeKey(
  keyId: string,
  context: CallContext,
): Promise<KeyMetadata & { RequestId: string }> {
  const { KeyMetadata, RequestId } = await callAction<{ KeyMetadata: KeyMetadata }>(
    'DescribeKey',
    { KeyId: keyId },
    context,
  );
  return { ...KeyMetadata, RequestId };
}
