// GetParametersForImport and ImportKeyMaterial: bringing your own key material to an EXTERNAL
// key. The emulator plays a FIPS edition, which takes 256-bit material (国密 regions take 128).
import { createHash } from 'node:crypto';

import { WRAPPING_ALGORITHMS, type WrappingAlgorithm } from '../kms/material.js';
import type { ActionContext, ActionOutcome } from './actions.js';
import { isRefusal, readParams, type ParamSchema } from './params.js';
import { importTokensOf, unwrapKeyMaterial, type ImportToken } from './import-tokens.js';
import type { StoredKey } from './store.js';
import type { Refusal } from './verify.js';

const MATERIAL_BYTES = 32;
// The latest ValidTo the service takes: 2038-01-19 00:00 Beijing time, the last midnight before
// Unix time overflows 32 bits.
const MAX_VALID_TO = 2_147_443_200;
const IMPORTABLE_STATES: ReadonlySet<string> = new Set(['PendingImport', 'Enabled']);

const GET_PARAMETERS_PARAMS: ParamSchema = {
  KeyId: 'string',
  WrappingAlgorithm: 'string',
  WrappingKeySpec: 'string',
};

const IMPORT_PARAMS: ParamSchema = {
  KeyId: 'string',
  ImportToken: 'string',
  EncryptedKeyMaterial: 'string',
  ValidTo: 'integer',
};

const refuse = (code: string, message: string): Refusal => ({ code, message });

function missing(params: Record<string, unknown>, names: readonly string[]): Refusal | undefined {
  const name = names.find((candidate) => params[candidate] === undefined);
  return name ? refuse('MissingParameter', `The parameter \`${name}\` is missing.`) : undefined;
}

/** The key, when material may be imported into it now. */
function importableKey(keyId: string, context: ActionContext): StoredKey | Refusal {
  const key = context.store.findById(context.region, keyId);
  if (!key) return refuse('ResourceUnavailable.CmkNotFound', `The key ${keyId} does not exist.`);
  if (key.Origin !== 'EXTERNAL') {
    return refuse(
      'UnsupportedOperation.NotExternalCmk',
      `The key ${keyId} is not an EXTERNAL key.`,
    );
  }
  if (!IMPORTABLE_STATES.has(key.KeyState)) {
    return refuse(
      'ResourceUnavailable.CmkStateNotSupport',
      `The key ${keyId} is ${key.KeyState}; material can be imported only into a PendingImport or Enabled key.`,
    );
  }
  return key;
}

function isWrappingAlgorithm(value: string): value is WrappingAlgorithm {
  return (WRAPPING_ALGORITHMS as readonly string[]).includes(value);
}

export function getParametersForImport(body: Buffer, context: ActionContext): ActionOutcome {
  const params = readParams(body, GET_PARAMETERS_PARAMS);
  if (isRefusal(params)) return params;
  const absent = missing(params, ['KeyId', 'WrappingAlgorithm', 'WrappingKeySpec']);
  if (absent) return absent;

  const algorithm = params['WrappingAlgorithm'] as string;
  if (!isWrappingAlgorithm(algorithm)) {
    return refuse(
      'InvalidParameterValue',
      `WrappingAlgorithm ${algorithm} is not supported; use one of ${WRAPPING_ALGORITHMS.join(', ')}.`,
    );
  }
  const spec = params['WrappingKeySpec'] as string;
  if (spec !== 'RSA_2048') {
    return refuse(
      'InvalidParameterValue',
      `WrappingKeySpec ${spec} is not supported; use RSA_2048.`,
    );
  }
  const key = importableKey(params['KeyId'] as string, context);
  if (isRefusal(key)) return key;

  const tokens = importTokensOf(context.store);
  const issued = tokens.issue(key.KeyId, context.region, algorithm, context.nowSeconds);
  const result = {
    KeyId: key.KeyId,
    ImportToken: issued.token,
    PublicKey: issued.publicKey.toString('base64'),
    ParametersValidTo: issued.validTo,
  };
  return { result, alias: key.Alias };
}

function checkValidTo(validTo: number, nowSeconds: number): Refusal | undefined {
  if (validTo === 0 || (validTo > nowSeconds && validTo <= MAX_VALID_TO)) return undefined;
  return refuse(
    'InvalidParameterValue',
    `ValidTo must be 0 (never expires) or a Unix time after now and at most ${MAX_VALID_TO}.`,
  );
}

function usableToken(token: string, key: StoredKey, context: ActionContext): ImportToken | Refusal {
  const entry = importTokensOf(context.store).find(token);
  if (!entry || entry.keyId !== key.KeyId || entry.region !== context.region) {
    // The token is a bearer secret: the message never repeats it.
    return refuse('InvalidParameter', `The ImportToken is not valid for the key ${key.KeyId}.`);
  }
  if (context.nowSeconds > entry.validTo) {
    return refuse(
      'ResourceUnavailable.TokenExpired',
      'The ImportToken has expired; call GetParametersForImport again.',
    );
  }
  return entry;
}

/** The SHA-256 of the material, when it may become the key's; the material is zeroed. */
function materialDigest(material: Buffer, key: StoredKey): string | Refusal {
  const length = material.length;
  const digest = createHash('sha256').update(material).digest('hex');
  material.fill(0);

  if (length !== MATERIAL_BYTES) {
    return refuse(
      'InvalidParameterValue',
      `The key material must be 256 bits (${MATERIAL_BYTES} bytes), not ${length * 8} bits.`,
    );
  }
  // Material once imported is the key's for good: a re-import restores it, never replaces it.
  if (key.MaterialSha256 !== undefined && key.MaterialSha256 !== digest) {
    return refuse(
      'InvalidParameterValue.MaterialNotMatch',
      `The key material differs from the material imported into the key ${key.KeyId} before.`,
    );
  }
  return digest;
}

export function importKeyMaterial(body: Buffer, context: ActionContext): ActionOutcome {
  const params = readParams(body, IMPORT_PARAMS);
  if (isRefusal(params)) return params;
  const absent = missing(params, ['KeyId', 'ImportToken', 'EncryptedKeyMaterial']);
  if (absent) return absent;
  const validTo = (params['ValidTo'] as number | undefined) ?? 0;
  const badValidTo = checkValidTo(validTo, context.nowSeconds);
  if (badValidTo) return badValidTo;

  const key = importableKey(params['KeyId'] as string, context);
  if (isRefusal(key)) return key;
  const token = params['ImportToken'] as string;
  const entry = usableToken(token, key, context);
  if (isRefusal(entry)) return entry;

  const wrapped = Buffer.from(params['EncryptedKeyMaterial'] as string, 'base64');
  const material = unwrapKeyMaterial(entry, wrapped);
  if (!material) {
    return refuse(
      'InvalidParameter.DecryptMaterialError',
      `EncryptedKeyMaterial does not decrypt with the wrapping key of this ImportToken (${entry.algorithm}).`,
    );
  }
  const digest = materialDigest(material, key);
  if (isRefusal(digest)) return digest;

  context.store.update(key, { KeyState: 'Enabled', ValidTo: validTo, MaterialSha256: digest });
  importTokensOf(context.store).spend(token);
  return { result: {}, alias: key.Alias };
}
