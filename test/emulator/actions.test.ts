import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { RunningEmulator } from '../../src/emulator/server.js';
import { CREATE_KEY_FIELDS, KEY_USAGES } from '../../src/kms/types.js';
import { errorCode, send, startTestEmulator } from '../helpers/emulator.js';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function started(
  options: Parameters<typeof startTestEmulator>[0] = {},
): Promise<RunningEmulator> {
  const emulator = await startTestEmulator(options);
  running.push(emulator);
  return emulator;
}

describe('CreateKey', () => {
  it('answers with every documented field', async () => {
    const response = await send(await started(), 'CreateKey', {
      Alias: 'app-key',
      Description: '描述 🔑',
      Tags: [{ TagKey: 'env', TagValue: 'dev' }],
    });
    expect(Object.keys(response)).toEqual([...CREATE_KEY_FIELDS]);
    expect(response).toMatchObject({
      Alias: 'app-key',
      KeyState: 'Enabled',
      KeyUsage: 'ENCRYPT_DECRYPT',
      TagCode: 0,
    });
  });

  it.each(KEY_USAGES)('creates a %s key of either type', async (usage) => {
    const emulator = await started();
    const made = await send(emulator, 'CreateKey', { Alias: 'k1', KeyUsage: usage, Type: 1 });
    const external = await send(emulator, 'CreateKey', { Alias: 'k2', KeyUsage: usage, Type: 2 });
    expect([made['KeyState'], external['KeyState']]).toEqual(['Enabled', 'PendingImport']);
  });

  it.each([
    [{ Alias: 'kms-reserved' }, 'InvalidParameterValue.InvalidAlias'],
    [{ Alias: '-dash' }, 'InvalidParameterValue.InvalidAlias'],
    [{ Alias: 'a'.repeat(61) }, 'InvalidParameterValue.InvalidAlias'],
    [{ Alias: 'a', KeyUsage: 'encrypt_decrypt' }, 'InvalidParameterValue.InvalidKeyUsage'],
    [{ Alias: 'a', Type: 3 }, 'InvalidParameterValue.InvalidType'],
    [{ Alias: 'a', Description: '密'.repeat(342) }, 'InvalidParameterValue'],
    [
      {
        Alias: 'a',
        Tags: [
          { TagKey: 'k', TagValue: '1' },
          { TagKey: 'k', TagValue: '2' },
        ],
      },
      'InvalidParameterValue.TagKeysDuplicated',
    ],
    [{ Alias: 'a', HsmClusterId: 'cls-hsm-unknown' }, 'InvalidParameterValue.InvalidHsmClusterId'],
    [{ Alias: 'a', Colour: 'blue' }, 'UnknownParameter'],
    [{ Alias: 7 }, 'InvalidParameter'],
    [{}, 'MissingParameter'],
  ])('refuses %j with %s', async (params, code) => {
    const emulator = await started();
    expect(errorCode(await send(emulator, 'CreateKey', params))).toBe(code);
    expect(errorCode(await send(emulator, 'ListKeyDetail', { KeyUsage: 'ALL' }))).toBeUndefined();
  });

  it('keeps an alias unique per region, not across regions', async () => {
    const emulator = await started();
    await send(emulator, 'CreateKey', { Alias: 'twice' });
    expect(errorCode(await send(emulator, 'CreateKey', { Alias: 'twice' }))).toBe(
      'InvalidParameterValue.AliasAlreadyExists',
    );
    expect(
      errorCode(await send(emulator, 'CreateKey', { Alias: 'twice' }, { region: 'ap-shanghai' })),
    ).toBeUndefined();
  });

  it('holds CreateKey to 100 a second, per wall-clock second', async () => {
    let now = Date.parse('2026-12-03T00:00:00.000Z');
    const emulator = await started({ now: () => now });
    const timestamp = Math.floor(now / 1000);
    const codes = [];
    for (let i = 0; i < 101; i += 1) {
      codes.push(errorCode(await send(emulator, 'CreateKey', { Alias: `k${i}` }, { timestamp })));
    }
    expect(codes.slice(0, 100).every((code) => code === undefined)).toBe(true);
    expect(codes[100]).toBe('RequestLimitExceeded');

    now += 1000;
    expect(
      errorCode(await send(emulator, 'CreateKey', { Alias: 'next' }, { timestamp })),
    ).toBeUndefined();
  });

  it('keeps its keys in the state file across a restart', async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), 'kms-state-')), 'state.json');
    const first = await started({ stateFile });
    const made = await send(first, 'CreateKey', { Alias: 'durable' });
    await first.close();

    const second = await started({ stateFile });
    const described = await send(second, 'DescribeKey', { KeyId: made['KeyId'] });
    expect(described['KeyMetadata']).toMatchObject({ KeyId: made['KeyId'], Alias: 'durable' });
    expect(JSON.parse(readFileSync(stateFile, 'utf8')).keys).toHaveLength(1);
    expect(errorCode(await send(second, 'CreateKey', { Alias: 'durable' }))).toBe(
      'InvalidParameterValue.AliasAlreadyExists',
    );
  });
});

describe('ListKeyDetail and DescribeKey', () => {
  it('matches SearchKeyAlias loosely, as the service does, so callers filter for the exact alias', async () => {
    const emulator = await started();
    for (const Alias of ['app', 'app-2', 'my-app']) await send(emulator, 'CreateKey', { Alias });
    await send(emulator, 'CreateKey', {
      Alias: 'app-rsa',
      KeyUsage: 'ASYMMETRIC_DECRYPT_RSA_2048',
      Type: 2,
    });

    const symmetric = await send(emulator, 'ListKeyDetail', { SearchKeyAlias: 'app' });
    const all = await send(emulator, 'ListKeyDetail', {
      SearchKeyAlias: 'app',
      KeyUsage: 'ALL',
      Origin: 'ALL',
    });
    const pending = await send(emulator, 'ListKeyDetail', { KeyUsage: 'ALL', KeyState: 4 });
    expect(symmetric['TotalCount']).toBe(3);
    expect(all['TotalCount']).toBe(4);
    expect((pending['KeyMetadatas'] as { Alias: string }[]).map((key) => key.Alias)).toEqual([
      'app-rsa',
    ]);
  });

  it('pages with Offset and Limit up to 200', async () => {
    const emulator = await started();
    for (let i = 0; i < 5; i += 1) await send(emulator, 'CreateKey', { Alias: `page${i}` });
    const page = await send(emulator, 'ListKeyDetail', { Offset: 3, Limit: 2, OrderType: 1 });
    expect((page['KeyMetadatas'] as { Alias: string }[]).map((key) => key.Alias)).toEqual([
      'page3',
      'page4',
    ]);
    expect(errorCode(await send(emulator, 'ListKeyDetail', { Limit: 201 }))).toBe(
      'InvalidParameterValue',
    );
  });

  it('describes a key, and says when there is none', async () => {
    const emulator = await started();
    expect(errorCode(await send(emulator, 'DescribeKey', { KeyId: 'nope' }))).toBe(
      'ResourceUnavailable.CmkNotFound',
    );
    expect(errorCode(await send(emulator, 'DescribeKey', {}))).toBe('MissingParameter');
  });
});
