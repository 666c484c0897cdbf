import { constants, createHash, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { RunningEmulator } from '../../src/emulator/server.js';
import type { StoredKey } from '../../src/emulator/store.js';
import { WRAPPING_ALGORITHMS, type WrappingAlgorithm } from '../../src/kms/material.js';
import { errorCode, send, startTestEmulator } from '../helpers/emulator.js';

// The emulator's clock is pinned and moved by hand; every call is signed at that time.
const START_MS = Date.parse('2026-12-03T08:00:00Z');
const DAY = 86_400;
let nowMs = START_MS;
const nowSeconds = () => Math.floor(nowMs / 1000);

let emulator: RunningEmulator;
let stateFile: string;
beforeEach(async () => {
  nowMs = START_MS;
  stateFile = join(mkdtempSync(join(tmpdir(), 'kms-import-')), 'state.json');
  emulator = await startTestEmulator({ now: () => nowMs, stateFile });
});
afterEach(() => emulator.close());

const call = (action: string, params: object) =>
  send(emulator, action, params, { timestamp: nowSeconds() });

async function keyOf(Type: 1 | 2 = 2, Alias = 'byok'): Promise<string> {
  return (await call('CreateKey', { Alias, Type }))['KeyId'] as string;
}

interface Parameters {
  token: string;
  publicKey: string;
  algorithm: WrappingAlgorithm;
}

async function parametersFor(
  KeyId: string,
  algorithm: WrappingAlgorithm = 'RSAES_OAEP_SHA_256',
): Promise<Parameters> {
  const params = { KeyId, WrappingAlgorithm: algorithm, WrappingKeySpec: 'RSA_2048' };
  const answer = await call('GetParametersForImport', params);
  expect(errorCode(answer)).toBeUndefined();
  return {
    token: answer['ImportToken'] as string,
    publicKey: answer['PublicKey'] as string,
    algorithm,
  };
}

const publicKeyOf = (spki: string) =>
  createPublicKey({ key: Buffer.from(spki, 'base64'), format: 'der', type: 'spki' });

/** Encrypts material as a caller would, with the public key and scheme of `parameters`. */
function wrap(parameters: Parameters, material: Buffer): string {
  const key = publicKeyOf(parameters.publicKey);
  const padding =
    parameters.algorithm === 'RSAES_PKCS1_V1_5'
      ? { padding: constants.RSA_PKCS1_PADDING }
      : {
          padding: constants.RSA_PKCS1_OAEP_PADDING,
          oaepHash: parameters.algorithm === 'RSAES_OAEP_SHA_1' ? 'sha1' : 'sha256',
        };
  return publicEncrypt({ key, ...padding }, material).toString('base64');
}

const importMaterial = (KeyId: string, parameters: Parameters, material: Buffer, extra = {}) =>
  call('ImportKeyMaterial', {
    KeyId,
    ImportToken: parameters.token,
    EncryptedKeyMaterial: wrap(parameters, material),
    ...extra,
  });

const stateText = () => readFileSync(stateFile, 'utf8');
const storedKey = (keyId: string) =>
  (JSON.parse(stateText()) as { keys: StoredKey[] }).keys.find((key) => key.KeyId === keyId)!;
const sha256 = (material: Buffer) => createHash('sha256').update(material).digest('hex');

describe('GetParametersForImport', () => {
  it('gives a 64-byte random token and an RSA-2048 SPKI public key, valid for 24 h', async () => {
    const keyId = await keyOf();
    const answer = await call('GetParametersForImport', {
      KeyId: keyId,
      WrappingAlgorithm: 'RSAES_OAEP_SHA_1',
      WrappingKeySpec: 'RSA_2048',
    });
    const publicKey = publicKeyOf(answer['PublicKey'] as string);
    expect(answer['KeyId']).toBe(keyId);
    expect(Buffer.from(answer['ImportToken'] as string, 'base64').length).toBeGreaterThanOrEqual(
      64,
    );
    expect(publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(answer['ParametersValidTo']).toBe(nowSeconds() + DAY);
  });

  it.each([
    [{ WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }, 'MissingParameter'],
    [{ KeyId: '', WrappingKeySpec: 'RSA_2048' }, 'MissingParameter'],
    [{ KeyId: '', WrappingAlgorithm: 'RSAES_OAEP_SHA_256' }, 'MissingParameter'],
    [
      { KeyId: 'nope', WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' },
      'ResourceUnavailable.CmkNotFound',
    ],
  ])('refuses %j with %s', async (params, code) => {
    expect(errorCode(await call('GetParametersForImport', params))).toBe(code);
  });

  it.each([
    [
      'WrappingAlgorithm',
      { WrappingAlgorithm: 'RSAES_OAEP_SHA_512', WrappingKeySpec: 'RSA_2048' },
      'RSAES_OAEP_SHA_512',
    ],
    [
      'WrappingKeySpec',
      { WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_4096' },
      'RSA_4096',
    ],
  ])('refuses an unknown %s, naming it', async (_name, params, named) => {
    const answer = await call('GetParametersForImport', { KeyId: await keyOf(), ...params });
    expect(errorCode(answer)).toBe('InvalidParameterValue');
    expect((answer['Error'] as { Message: string }).Message).toContain(named);
  });

  it('refuses a key whose material KMS made', async () => {
    const params = {
      KeyId: await keyOf(1),
      WrappingAlgorithm: 'RSAES_PKCS1_V1_5',
      WrappingKeySpec: 'RSA_2048',
    };
    expect(errorCode(await call('GetParametersForImport', params))).toBe(
      'UnsupportedOperation.NotExternalCmk',
    );
  });
});

describe('ImportKeyMaterial', () => {
  it.each(WRAPPING_ALGORITHMS)('imports 256-bit material wrapped with %s', async (algorithm) => {
    const keyId = await keyOf();
    const material = randomBytes(32);
    const parameters = await parametersFor(keyId, algorithm);
    const ValidTo = nowSeconds() + 365 * DAY;

    const answer = await importMaterial(keyId, parameters, material, { ValidTo });
    expect(Object.keys(answer)).toEqual(['RequestId']);
    const described = (await call('DescribeKey', { KeyId: keyId }))['KeyMetadata'];
    expect(described).toMatchObject({ KeyState: 'Enabled', ValidTo });
    expect(described).not.toHaveProperty('MaterialSha256');

    expect(storedKey(keyId).MaterialSha256).toBe(sha256(material));
    for (const secret of [material.toString('hex'), material.toString('base64'), parameters.token])
      expect(stateText()).not.toContain(secret);
    expect(stateText()).not.toContain('PRIVATE');
  });

  it('keeps the hash out of ListKeyDetail, and takes no ValidTo as never', async () => {
    const keyId = await keyOf();
    await importMaterial(keyId, await parametersFor(keyId), randomBytes(32));
    const listed = await call('ListKeyDetail', { Origin: 'EXTERNAL' });
    const [metadata] = listed['KeyMetadatas'] as Record<string, unknown>[];
    expect(metadata).toMatchObject({ KeyId: keyId, KeyState: 'Enabled', ValidTo: 0 });
    expect(metadata).not.toHaveProperty('MaterialSha256');
  });

  it('takes the same material again with a new token, and refuses other material', async () => {
    const keyId = await keyOf();
    const material = randomBytes(32);
    await importMaterial(keyId, await parametersFor(keyId), material);

    const again = await importMaterial(keyId, await parametersFor(keyId), material);
    const other = await importMaterial(keyId, await parametersFor(keyId), randomBytes(32));
    expect(errorCode(again)).toBeUndefined();
    expect(errorCode(other)).toBe('InvalidParameterValue.MaterialNotMatch');
    expect(storedKey(keyId).MaterialSha256).toBe(sha256(material));
  });

  it('spends a token on success only', async () => {
    const keyId = await keyOf();
    const parameters = await parametersFor(keyId);
    const short = await importMaterial(keyId, parameters, randomBytes(16));
    expect(errorCode(short)).toBe('InvalidParameterValue');
    expect((short['Error'] as { Message: string }).Message).toContain('256 bits');
    expect(storedKey(keyId).KeyState).toBe('PendingImport');

    const material = randomBytes(32);
    expect(errorCode(await importMaterial(keyId, parameters, material))).toBeUndefined();
    expect(errorCode(await importMaterial(keyId, parameters, material))).toBe('InvalidParameter');
  });

  it('takes a token for its own key only', async () => {
    const [mine, theirs] = [await keyOf(2, 'mine'), await keyOf(2, 'theirs')];
    const parameters = await parametersFor(theirs);
    const answer = await importMaterial(mine, parameters, randomBytes(32));
    expect(errorCode(answer)).toBe('InvalidParameter');
    expect((answer['Error'] as { Message: string }).Message).not.toContain(parameters.token);
    expect(errorCode(await importMaterial(theirs, parameters, randomBytes(32)))).toBeUndefined();
  });

  it('takes a token for 24 h and not a second more', async () => {
    const keyId = await keyOf();
    const [first, second] = [await parametersFor(keyId), await parametersFor(keyId)];
    const material = randomBytes(32);
    nowMs += DAY * 1000;
    expect(errorCode(await importMaterial(keyId, first, material))).toBeUndefined();
    nowMs += 1000;
    expect(errorCode(await importMaterial(keyId, second, material))).toBe(
      'ResourceUnavailable.TokenExpired',
    );
  });

  it.each([
    ['random bytes', () => randomBytes(256).toString('base64')],
    ['text that is not base64', () => 'not base64 at all!'],
    ['too short a ciphertext', () => randomBytes(255).toString('base64')],
  ])('refuses %s as material that does not decrypt', async (_name, encrypted) => {
    const keyId = await keyOf();
    for (const algorithm of WRAPPING_ALGORITHMS) {
      const { token } = await parametersFor(keyId, algorithm);
      const params = { KeyId: keyId, ImportToken: token, EncryptedKeyMaterial: encrypted() };
      expect(errorCode(await call('ImportKeyMaterial', params))).toBe(
        'InvalidParameter.DecryptMaterialError',
      );
    }
  });

  it.each([
    ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1'],
    ['RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5'],
    ['RSAES_PKCS1_V1_5', 'RSAES_OAEP_SHA_256'],
  ] as const)('refuses material wrapped with %s for a %s token', async (used, issued) => {
    const keyId = await keyOf();
    const parameters = await parametersFor(keyId, issued);
    const answer = await importMaterial(keyId, { ...parameters, algorithm: used }, randomBytes(32));
    expect(errorCode(answer)).toBe('InvalidParameter.DecryptMaterialError');
  });

  // Blocks encrypted raw (RSA_NO_PADDING), to reach the emulator's own PKCS#1 v1.5 decoding.
  const nonZero = (length: number) => Buffer.from(randomBytes(length).map((byte) => byte || 1));
  const block = (...parts: Buffer[]) => Buffer.concat(parts);
  const [zero, two, material] = [Buffer.of(0), Buffer.of(2), randomBytes(32)];
  it.each([
    ['a well-formed block', block(zero, two, nonZero(221), zero, material), false],
    ['block type 1', block(zero, Buffer.of(1), nonZero(221), zero, material), true],
    ['a leading byte not 0', block(Buffer.of(1), two, nonZero(221), zero, material), true],
    ['no separator', block(zero, two, nonZero(254)), true],
    ['7 bytes of padding', block(zero, two, nonZero(7), zero, randomBytes(246)), true],
  ])('decodes PKCS#1 v1.5 strictly: %s', async (_name, encoded, refused) => {
    const keyId = await keyOf();
    const parameters = await parametersFor(keyId, 'RSAES_PKCS1_V1_5');
    const key = publicKeyOf(parameters.publicKey);
    const encrypted = publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, encoded);
    const params = { KeyId: keyId, ImportToken: parameters.token };
    const answer = await call('ImportKeyMaterial', {
      ...params,
      EncryptedKeyMaterial: encrypted.toString('base64'),
    });
    expect(errorCode(answer)).toBe(refused ? 'InvalidParameter.DecryptMaterialError' : undefined);
    if (!refused) expect(storedKey(keyId).MaterialSha256).toBe(sha256(material));
  });

  it.each([
    ['in the past', () => nowSeconds() - 1],
    ['now', () => nowSeconds()],
    ['after 2038-01-19 00:00 Beijing time', () => 2_147_443_201],
  ])('refuses a ValidTo %s', async (_name, validTo) => {
    const keyId = await keyOf();
    const answer = await importMaterial(keyId, await parametersFor(keyId), randomBytes(32), {
      ValidTo: validTo(),
    });
    expect(errorCode(answer)).toBe('InvalidParameterValue');
  });

  it('refuses an unknown key, a key whose material KMS made, and missing parameters', async () => {
    const external = await keyOf();
    const parameters = await parametersFor(external);
    const made = await keyOf(1, 'made');
    expect(errorCode(await importMaterial('nope', parameters, randomBytes(32)))).toBe(
      'ResourceUnavailable.CmkNotFound',
    );
    expect(errorCode(await importMaterial(made, parameters, randomBytes(32)))).toBe(
      'UnsupportedOperation.NotExternalCmk',
    );
    expect(errorCode(await call('ImportKeyMaterial', { KeyId: external, ImportToken: 'x' }))).toBe(
      'MissingParameter',
    );
  });
});

describe('importing into a key the state file brought back', () => {
  it('refuses a key that is neither PendingImport nor Enabled', async () => {
    const keyId = await keyOf();
    const parameters = await parametersFor(keyId);
    await emulator.close();
    const state = JSON.parse(stateText()) as { keys: StoredKey[] };
    state.keys[0]!.KeyState = 'Disabled';
    writeFileSync(stateFile, JSON.stringify(state));
    emulator = await startTestEmulator({ now: () => nowMs, stateFile });

    expect(errorCode(await importMaterial(keyId, parameters, randomBytes(32)))).toBe(
      'ResourceUnavailable.CmkStateNotSupport',
    );
    const params = {
      KeyId: keyId,
      WrappingAlgorithm: 'RSAES_OAEP_SHA_1',
      WrappingKeySpec: 'RSA_2048',
    };
    expect(errorCode(await call('GetParametersForImport', params))).toBe(
      'ResourceUnavailable.CmkStateNotSupport',
    );
  });

  it('forgets tokens across a restart but remembers which material was imported', async () => {
    const keyId = await keyOf();
    const material = randomBytes(32);
    await importMaterial(keyId, await parametersFor(keyId), material);
    const unused = await parametersFor(keyId);
    await emulator.close();
    emulator = await startTestEmulator({ now: () => nowMs, stateFile });

    expect(errorCode(await importMaterial(keyId, unused, material))).toBe('InvalidParameter');
    expect(
      errorCode(await importMaterial(keyId, await parametersFor(keyId), randomBytes(32))),
    ).toBe('InvalidParameterValue.MaterialNotMatch');
  });
});
