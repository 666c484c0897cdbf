// The built bin/kms.js, spawned as a user runs it, against `kms emulator` in its own process.
import { execFileSync } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CREATE_KEY_FIELDS, KEY_USAGES } from '../../src/kms/types.js';
import { testEnv } from '../helpers/credentials.js';
import { runKms, spawnEmulator, type SpawnedEmulator } from '../helpers/spawn.js';

let emulator: SpawnedEmulator;
beforeAll(async () => {
  emulator = await spawnEmulator();
});
afterAll(() => emulator.stop());

const createKey = (alias: string, ...args: string[]) =>
  runKms(['create-key', '--alias', alias, '--endpoint', emulator.url, ...args], testEnv());

function hasJq(): boolean {
  try {
    execFileSync('jq', ['--version']);
    return true;
  } catch {
    return false;
  }
}

describe('kms create-key, spawned', () => {
  it.each(
    KEY_USAGES.flatMap((usage) => [
      [usage, 'default'],
      [usage, 'external'],
    ]),
  )('creates a %s key of type %s', async (usage, type) => {
    const alias = `e2e-${usage.toLowerCase().replace(/_/g, '-')}-${type}`;
    const result = await createKey(alias, '--usage', usage, '--type', type, '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      Alias: alias,
      KeyUsage: usage,
      KeyState: type === 'external' ? 'PendingImport' : 'Enabled',
    });
  });

  it('prints a table when asked, every field in the service order', async () => {
    const result = await createKey(
      'e2e-table',
      '--description',
      '测试 🔑',
      '--tag',
      'env=dev',
      '-o',
      'table',
    );
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.split('\n').map((line) => line.split(/\s+/)[0])).toEqual([
      ...CREATE_KEY_FIELDS,
      '',
    ]);
    expect(result.stdout).toContain('Description   测试 🔑\n');
  });

  it('prints the KeyId alone with -q, for KEY_ID=$(kms create-key -q ...)', async () => {
    const result = await createKey('e2e-quiet', '-q');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(/^[0-9a-f-]{36}\n$/);
  });

  it('pipes JSON straight into jq', async (context) => {
    if (!hasJq()) context.skip();
    const command = `node bin/kms.js create-key --alias e2e-jq --endpoint ${emulator.url} | jq -r .KeyId`;
    const keyId = execFileSync('bash', ['-o', 'pipefail', '-c', command], {
      env: testEnv(),
    }).toString();
    expect(keyId).toMatch(/^[0-9a-f-]{36}\n$/);
  });

  it('reaches the emulator for valid input and never for invalid input', async () => {
    const before = (await emulator.calls()).length;
    const result = await createKey('kms-reserved', '--tag', 'broken', '--usage', 'nope');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--alias "kms-reserved"');
    expect(result.stderr).toContain('--tag "broken"');
    expect(result.stderr).toContain('--usage "NOPE"');
    expect((await emulator.calls()).length).toBe(before);
  });

  it('exits 5 on an alias that exists, with the service code and RequestId', async () => {
    await createKey('e2e-twice');
    const result = await createKey('e2e-twice', '--json');
    expect(result.code).toBe(5);
    expect(result.stdout).toBe('');
    const [line, hint, document] = result.stderr.split('\n');
    expect(line).toMatch(
      /^kms: error: InvalidParameterValue.AliasAlreadyExists: .* \(RequestId [0-9a-f-]{36}\)$/,
    );
    expect(hint).toMatch(/^hint: /);
    expect(JSON.parse(document!)).toMatchObject({
      error: { code: 'InvalidParameterValue.AliasAlreadyExists', exitCode: 5 },
    });
  });

  it('exits 4 when the service refuses the secret', async () => {
    const result = await runKms(
      ['create-key', '--alias', 'e2e-badkey', '--endpoint', emulator.url],
      testEnv({ TENCENTCLOUD_SECRET_KEY: 'wrong' }),
    );
    expect(result).toMatchObject({ code: 4, stdout: '' });
    expect(result.stderr).toMatch(/AuthFailure.SignatureFailure/);
  });

  it('exits 7 when nothing listens at the endpoint', async () => {
    const result = await createKey('e2e-nowhere', '--endpoint', 'http://127.0.0.1:9');
    expect(result).toMatchObject({ code: 7, stdout: '' });
    expect(result.stderr).toMatch(
      /\nkms: error: could not connect to 127\.0\.0\.1:9: connection refused \(gave up after 3 attempts\)\n$/,
    );
  });

  it('exits 2 on an unknown flag, saying so', async () => {
    const result = await runKms(['create-key', '--alias', 'x', '--colour', 'blue'], testEnv());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^kms: error: unknown option '--colour'/);
  });

  it('shows help with examples and exit codes', async () => {
    const result = await runKms(['create-key', '--help'], testEnv());
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('Exit codes:');
    expect(result.stdout).toContain('--alias <alias>');
  });

  it('logs one line per request on the emulator, never a secret', () => {
    expect(emulator.stderr()).toMatch(
      /CreateKey region=ap-guangzhou alias=e2e-twice -> InvalidParameterValue.AliasAlreadyExists/,
    );
  });
});
