// Import tokens and the RSA wrapping key pairs behind them. They live in this process only: a
// wrapping pair's private key never reaches the state file, and after a restart a caller asks
// GetParametersForImport again, as it would after the 24 hours the service gives it.
import {
  constants,
  generateKeyPairSync,
  privateDecrypt,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

import type { WrappingAlgorithm } from '../kms/material.js';
import type { KeyStore } from './store.js';

/** The service's validity for an import token and its public key. */
export const TOKEN_LIFETIME_SECONDS = 86_400;

// Expired tokens are kept this much longer, so a late caller hears TokenExpired rather than
// an unknown token, and are then dropped so that a long-lived emulator does not hoard keys.
const EXPIRED_TOKEN_GRACE_SECONDS = 86_400;
const TOKEN_BYTES = 64;
const WRAPPING_KEY_BYTES = 256; // RSA_2048

export interface ImportToken {
  keyId: string;
  region: string;
  algorithm: WrappingAlgorithm;
  privateKey: KeyObject;
  /** Unix seconds: the last second the token serves. */
  validTo: number;
}

export interface IssuedToken {
  token: string;
  /** The SPKI DER encoding of the wrapping public key. */
  publicKey: Buffer;
  validTo: number;
}

export class ImportTokens {
  private readonly tokens = new Map<string, ImportToken>();

  /** A fresh wrapping key pair and the token that names it, for one key. */
  issue(
    keyId: string,
    region: string,
    algorithm: WrappingAlgorithm,
    nowSeconds: number,
  ): IssuedToken {
    this.forgetExpired(nowSeconds);
    // Synchronous because actions answer synchronously; a key pair takes some tens of ms.
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const token = randomBytes(TOKEN_BYTES).toString('base64');
    const validTo = nowSeconds + TOKEN_LIFETIME_SECONDS;
    this.tokens.set(token, { keyId, region, algorithm, privateKey, validTo });

    const spki = publicKey.export({ type: 'spki', format: 'der' });
    return { token, publicKey: spki, validTo };
  }

  find(token: string): ImportToken | undefined {
    return this.tokens.get(token);
  }

  /** A token serves one successful import. */
  spend(token: string): void {
    this.tokens.delete(token);
  }

  private forgetExpired(nowSeconds: number): void {
    for (const [token, entry] of this.tokens) {
      if (entry.validTo + EXPIRED_TOKEN_GRACE_SECONDS < nowSeconds) this.tokens.delete(token);
    }
  }
}

// One registry per emulator. Actions see the emulator only through their context, built by the
// server for each call, whose one lasting member is the store: key the registry by it.
const registries = new WeakMap<KeyStore, ImportTokens>();

export function importTokensOf(store: KeyStore): ImportTokens {
  let tokens = registries.get(store);
  if (!tokens) {
    tokens = new ImportTokens();
    registries.set(store, tokens);
  }
  return tokens;
}

const OAEP_HASHES: Readonly<Record<string, string>> = {
  RSAES_OAEP_SHA_1: 'sha1',
  RSAES_OAEP_SHA_256: 'sha256',
};

/** The key material inside `wrapped`, or undefined when it does not decrypt. */
export function unwrapKeyMaterial(entry: ImportToken, wrapped: Buffer): Buffer | undefined {
  // RFC 8017 (7.1.2 and 7.2.2, step 1): a ciphertext is exactly as long as the modulus.
  if (wrapped.length !== WRAPPING_KEY_BYTES) return undefined;
  try {
    if (entry.algorithm === 'RSAES_PKCS1_V1_5') {
      const block = privateDecrypt(
        { key: entry.privateKey, padding: constants.RSA_NO_PADDING },
        wrapped,
      );
      return decodePkcs1V15(block);
    }
    const oaepHash = OAEP_HASHES[entry.algorithm];
    return privateDecrypt(
      { key: entry.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash },
      wrapped,
    );
  } catch {
    return undefined;
  }
}

// EME-PKCS1-v1_5 decoding (RFC 8017 7.2.2, step 3): 0x00 0x02, at least 8 non-zero bytes of
// padding, 0x00, the message. Done by hand because Node 20.20 refuses privateDecrypt with
// RSA_PKCS1_PADDING (CVE-2023-46809, the Marvin timing attack) unless the process starts with
// --security-revert=CVE-2023-46809. This decoding is not constant-time and a bad block answers
// differently from a bad length: a padding oracle, tolerable only because these pairs are
// throwaway keys of a local emulator wrapping test material. Never use it for real keys.
function decodePkcs1V15(block: Buffer): Buffer | undefined {
  const separator = block.indexOf(0x00, 2);
  const wellFormed = block[0] === 0x00 && block[1] === 0x02 && separator >= 10;
  const message = wellFormed ? Buffer.from(block.subarray(separator + 1)) : undefined;

  block.fill(0);
  return message;
}
