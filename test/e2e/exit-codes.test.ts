// Every row of the exit-code table, produced by a real scenario against the emulator.
import type { ChildProcess } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { testEnv } from '../helpers/credentials.js';
import { runKms, spawnEmulator, type SpawnedEmulator } from '../helpers/spawn.js';

let emulator: SpawnedEmulator;
beforeAll(async () => {
  emulator = await spawnEmulator();
});
afterAll(() => emulator.stop());

let aliases = 0;
const fresh = () => `exit-${process.pid}-${(aliases += 1)}`;

const createKey = (args: string[], env = testEnv(), onSpawn?: (child: ChildProcess) => void) =>
  runKms(['create-key', '--endpoint', emulator.url, ...args], env, undefined, onSpawn);

async function waitForCall(alias: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if ((await emulator.calls()).some((call) => call.alias === alias)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no call for ${alias} reached the emulator`);
}

describe('exit codes', () => {
  it('0: the key was created', async () => {
    expect((await createKey(['--alias', fresh(), '-q'])).code).toBe(0);
  });

  it('2: invalid input, nothing sent', async () => {
    const result = await createKey(['--alias', 'kms-reserved']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
  });

  it('3: no credentials, nothing sent', async () => {
    const result = await createKey(['--alias', fresh()], testEnv({ TENCENTCLOUD_SECRET_ID: '' }));
    expect(result).toMatchObject({ code: 3, stdout: '' });
    expect(result.stderr).toMatch(
      /^kms: error: incomplete credentials in the environment: TENCENTCLOUD_SECRET_ID is not set/,
    );
  });

  it('4: the service refuses the credentials, naming where the id came from', async () => {
    const result = await createKey(
      ['--alias', fresh()],
      testEnv({ TENCENTCLOUD_SECRET_ID: 'AKIDunknown0000000000000000000000000' }),
    );
    expect(result).toMatchObject({ code: 4, stdout: '' });
    expect(result.stderr).toMatch(
      /AuthFailure.SecretIdNotFound: .*\nhint: the SecretId ending …0000, from TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY, is not known/,
    );
  });

  it('5: the alias exists, with a hint on reusing the key', async () => {
    const alias = fresh();
    await createKey(['--alias', alias]);
    const result = await createKey(['--alias', alias]);
    expect(result).toMatchObject({ code: 5, stdout: '' });
    expect(result.stderr).toMatch(/hint: .*use the key that already has it/);
  });

  it('6: throttled on every attempt', async () => {
    await emulator.fault('throttle', 3);
    const result = await createKey(['--alias', fresh(), '--json']);
    expect(result).toMatchObject({ code: 6, stdout: '' });
    expect(JSON.parse(result.stderr.trim().split('\n').at(-1)!)).toMatchObject({
      error: { code: 'RequestLimitExceeded', exitCode: 6, retryable: true },
    });
  });

  // Each fault hits every CreateKey attempt; the lookups in between find no key, so the
  // request is sent again until the attempts are spent.
  it.each([
    [
      'an HTML error page',
      'html',
      /sent something that is not a KMS response: HTTP 502 with "<html><head><title>502 Bad Gateway/,
    ],
    [
      'HTTP 500 in plain text',
      'http-500',
      /sent something that is not a KMS response: HTTP 500 with "Internal Server Error"/,
    ],
  ])('7: %s on every attempt', async (_what, fault, message) => {
    await emulator.fault(fault, 3, 'CreateKey');
    const result = await createKey(['--alias', fresh()]);
    expect(result).toMatchObject({ code: 7, stdout: '' });
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toMatch(
      /\(gave up after 3 attempts\)\nhint: no key with alias "exit-.*" was created: it is safe to run the same command again\n$/,
    );
  });

  it('7: nothing listening', async () => {
    const result = await createKey(['--alias', fresh(), '--endpoint', 'http://127.0.0.1:9']);
    expect(result).toMatchObject({ code: 7, stdout: '' });
  });

  it('7: a hung service, within the timeout', async () => {
    await emulator.fault('hang', 2);
    const started = Date.now();
    const result = await createKey(['--alias', fresh(), '--timeout', '1']);
    expect(result).toMatchObject({ code: 7, stdout: '' });
    expect(result.stderr).toMatch(/did not answer within the --timeout of 1 s/);
    expect(result.stderr).toMatch(/the key "exit-.*" may have been created/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it.each([
    [
      'an internal error on every attempt',
      [],
      'internal-error',
      /InternalError: .*\(gave up after 3 attempts\)/,
    ],
    [
      'an unknown HSM cluster',
      ['--hsm-cluster-id', 'cls-hsm-nope'],
      undefined,
      /InvalidParameterValue.InvalidHsmClusterId/,
    ],
    [
      'an unsupported region',
      ['--region', 'eu-nowhere'],
      undefined,
      /UnsupportedRegion: .*\nhint: KMS is not offered in the region "eu-nowhere"/,
    ],
  ])('8: %s', async (_what, args, fault, message) => {
    if (fault) await emulator.fault(fault, 3, 'CreateKey');
    const result = await createKey(['--alias', fresh(), ...args]);
    expect(result).toMatchObject({ code: 8, stdout: '' });
    expect(result.stderr).toMatch(message);
  });

  it('9: created, but the tags were not bound; the key is on stdout', async () => {
    await emulator.fault('tag-failure');
    const alias = fresh();
    const result = await createKey(['--alias', alias, '--tag', 'env=prod', '--json']);
    expect(result.code).toBe(9);
    expect(JSON.parse(result.stdout)).toMatchObject({ Alias: alias, TagCode: 2 });
    expect(result.stderr).toMatch(
      /^kms: error: key [0-9a-f-]{36} was created, but its tags were not bound \(TagCode 2/,
    );
  });

  it('130: interrupted while CreateKey was in flight', async () => {
    await emulator.fault('hang');
    const alias = fresh();
    const result = await createKey(['--alias', alias], testEnv(), (child) => {
      void waitForCall(alias).then(() => child.kill('SIGINT'));
    });
    expect(result).toMatchObject({ code: 130, stdout: '' });
    expect(result.stderr).toContain(
      `interrupted while CreateKey for alias "${alias}" was in flight`,
    );
    expect(result.stderr).toMatch(/hint: before creating it again, look for the alias/);
  });
});
