// EXTERNAL keys made ready in one step: create, wrap locally, import; and the resume command.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { testEnv } from '../helpers/credentials.js';
import { runKms, spawnEmulator, type SpawnedEmulator } from '../helpers/spawn.js';

const dir = mkdtempSync(join(tmpdir(), 'kms-import-'));
const stateFile = join(dir, 'state.json');
let emulator: SpawnedEmulator;
beforeAll(async () => {
  emulator = await spawnEmulator(['--state', stateFile]);
});
afterAll(() => emulator.stop());
beforeEach(async () => {
  await fetch(`${emulator.url}/_emulator/calls`, { method: 'DELETE' });
  await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
});

let count = 0;
const fresh = () => `imp-${process.pid}-${(count += 1)}`;
const materialFile = (bytes: Buffer) => {
  const path = join(dir, `material-${(count += 1)}.bin`);
  writeFileSync(path, bytes);
  return path;
};
const kms = (args: string[], input?: string) =>
  runKms([...args, '--endpoint', emulator.url], testEnv(), input);
const seen = async () => (await emulator.calls()).map((call) => `${call.action} -> ${call.code}`);
const storedHash = (keyId: string) =>
  (
    JSON.parse(readFileSync(stateFile, 'utf8')) as {
      keys: { KeyId: string; MaterialSha256?: string }[];
    }
  ).keys.find((key) => key.KeyId === keyId)?.MaterialSha256;

/** No form of the material may appear anywhere: raw, hex or base64. */
function expectNoMaterial(material: Buffer, ...texts: string[]): void {
  for (const text of texts) {
    for (const form of [material.toString('hex'), material.toString('base64'), material]) {
      expect(text).not.toContain(form);
    }
  }
}

describe('create-key --type external --key-material', () => {
  it.each(['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSAES_PKCS1_V1_5'])(
    'makes an Enabled key with %s, and the emulator unwrapped exactly the file',
    async (algorithm) => {
      const material = randomBytes(32);
      const args = [
        'create-key',
        '--alias',
        fresh(),
        '--type',
        'external',
        '--key-material',
        materialFile(material),
        '--json',
      ];
      const result = await kms([...args, '--wrapping-algorithm', algorithm, '--debug']);
      expect(result.code).toBe(0);
      const key = JSON.parse(result.stdout) as { KeyId: string; KeyState: string };
      expect(key.KeyState).toBe('Enabled');
      expect(storedHash(key.KeyId)).toBe(createHash('sha256').update(material).digest('hex'));
      expect(await seen()).toEqual([
        'CreateKey -> ok',
        'GetParametersForImport -> ok',
        'ImportKeyMaterial -> ok',
        'DescribeKey -> ok',
      ]);
      expectNoMaterial(
        material,
        result.stdout,
        result.stderr,
        emulator.stderr(),
        readFileSync(stateFile, 'latin1'),
      );
      expect(result.stderr).not.toMatch(/"ImportToken":"[^[]/);
    },
  );

  it('reads the material from stdin with -', async () => {
    const material = randomBytes(32);
    const result = await runKms(
      [
        'create-key',
        '--alias',
        fresh(),
        '--type',
        'external',
        '--key-material',
        '-',
        '--endpoint',
        emulator.url,
        '--json',
      ],
      testEnv(),
      material,
    );
    expect(result.code).toBe(0);
    expect(storedHash(JSON.parse(result.stdout).KeyId)).toBe(
      createHash('sha256').update(material).digest('hex'),
    );
  });

  it('refuses material of the wrong length before anything is sent', async () => {
    const path = materialFile(randomBytes(24));
    const result = await kms([
      'create-key',
      '--alias',
      fresh(),
      '--type',
      'external',
      '--key-material',
      path,
    ]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain(
      `--key-material "${path}": must hold 16 bytes (128 bits, SM regions) or 32 bytes (256 bits, FIPS regions) of raw key material, not 24`,
    );
    expect(await seen()).toEqual([]);
  });

  it('refuses --key-material without --type external', async () => {
    const result = await kms([
      'create-key',
      '--alias',
      fresh(),
      '--key-material',
      materialFile(randomBytes(32)),
    ]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain('--key-material: goes with --type external');
  });

  it('a connection cut during the import: exit 9, the key on stdout, and the command that finishes it', async () => {
    await emulator.fault('cut-after-create', 1, 'GetParametersForImport');
    const alias = fresh();
    const material = randomBytes(32);
    const path = materialFile(material);
    const result = await kms([
      'create-key',
      '--alias',
      alias,
      '--type',
      'external',
      '--key-material',
      path,
      '--json',
    ]);
    expect(result.code).toBe(9);
    const key = JSON.parse(result.stdout) as { KeyId: string; KeyState: string };
    expect(key).toMatchObject({ Alias: alias, KeyState: 'PendingImport' });
    const resume = `kms import-key-material --key-id ${key.KeyId} --key-material ${path} --region ap-guangzhou --endpoint ${emulator.url}`;
    expect(result.stderr).toContain(
      `kms: error: key ${key.KeyId} was created, but importing its material did not complete: `,
    );
    expect(result.stderr).toContain(`hint: finish it with: ${resume}\n`);

    const finished = await runKms([...resume.split(' ').slice(1), '--json'], testEnv());
    expect(finished.code).toBe(0);
    expect(JSON.parse(finished.stdout)).toMatchObject({
      KeyId: key.KeyId,
      KeyState: 'Enabled',
      Origin: 'EXTERNAL',
      ValidTo: 0,
    });
    expect(storedHash(key.KeyId)).toBe(createHash('sha256').update(material).digest('hex'));
  });

  it('a lost ImportKeyMaterial answer after the import took: exit 0, found Enabled', async () => {
    await emulator.fault('cut-after-create', 1, 'ImportKeyMaterial');
    const result = await kms([
      'create-key',
      '--alias',
      fresh(),
      '--type',
      'external',
      '--key-material',
      materialFile(randomBytes(32)),
      '--json',
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ KeyState: 'Enabled' });
  });

  it('a dry run shows the three calls with the token and material redacted', async () => {
    const material = randomBytes(32);
    const result = await kms([
      'create-key',
      '--alias',
      fresh(),
      '--type',
      'external',
      '--key-material',
      materialFile(material),
      '--dry-run',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const calls = JSON.parse(result.stdout) as {
      headers: Record<string, string>;
      body: Record<string, unknown>;
    }[];
    expect(calls.map((call) => call.headers['X-TC-Action'])).toEqual([
      'CreateKey',
      'GetParametersForImport',
      'ImportKeyMaterial',
    ]);
    expect(calls[2]!.body).toMatchObject({
      ImportToken: '[redacted]',
      EncryptedKeyMaterial: '[redacted]',
      ValidTo: 0,
    });
    expectNoMaterial(material, result.stdout, result.stderr);
    expect(await seen()).toEqual([]);
  });
});

describe('kms import-key-material', () => {
  async function externalKey(): Promise<string> {
    return JSON.parse(
      (await kms(['create-key', '--alias', fresh(), '--type', 'external', '--json'])).stdout,
    ).KeyId;
  }

  it('imports with an expiry, and again with the same material', async () => {
    const keyId = await externalKey();
    const path = materialFile(randomBytes(32));
    const first = await kms([
      'import-key-material',
      '--key-id',
      keyId,
      '--key-material',
      path,
      '--material-expires',
      '2030-01-01T00:00:00Z',
      '--json',
    ]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ KeyState: 'Enabled', ValidTo: 1893456000 });
    expect(
      (await kms(['import-key-material', '--key-id', keyId, '--key-material', path])).code,
    ).toBe(0);
  });

  it("refuses other material for a key that has some (the service's MaterialNotMatch)", async () => {
    const keyId = await externalKey();
    await kms([
      'import-key-material',
      '--key-id',
      keyId,
      '--key-material',
      materialFile(randomBytes(32)),
    ]);
    const result = await kms([
      'import-key-material',
      '--key-id',
      keyId,
      '--key-material',
      materialFile(randomBytes(32)),
    ]);
    expect(result).toMatchObject({ code: 8, stdout: '' });
    expect(result.stderr).toContain('InvalidParameterValue.MaterialNotMatch');
  });

  it('refuses a key that is not EXTERNAL, and needs --key-id and --key-material', async () => {
    const keyId = JSON.parse(
      (await kms(['create-key', '--alias', fresh(), '--json'])).stdout,
    ).KeyId;
    const result = await kms([
      'import-key-material',
      '--key-id',
      keyId,
      '--key-material',
      materialFile(randomBytes(32)),
    ]);
    expect(result).toMatchObject({ code: 8, stdout: '' });
    expect(result.stderr).toContain('UnsupportedOperation.NotExternalCmk');
    const missing = await kms(['import-key-material']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--key-id: required[\s\S]*--key-material: required/);
  });

  it('refuses a past --material-expires and an unknown --wrapping-algorithm', async () => {
    const path = materialFile(randomBytes(32));
    const past = await kms([
      'import-key-material',
      '--key-id',
      'k',
      '--key-material',
      path,
      '--material-expires',
      '2020-01-01',
    ]);
    expect(past.code).toBe(2);
    expect(past.stderr).toContain('--material-expires "2020-01-01": must be in the future');
    const bad = await kms([
      'import-key-material',
      '--key-id',
      'k',
      '--key-material',
      path,
      '--wrapping-algorithm',
      'ROT13',
    ]);
    expect(bad.code).toBe(2);
  });
});
