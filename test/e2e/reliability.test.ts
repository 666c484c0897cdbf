// The reliability scenarios, end to end: what kms printed, its exit code, and exactly which
// calls reached the emulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { testEnv } from '../helpers/credentials.js';
import { runKms, spawnEmulator, type SpawnedEmulator } from '../helpers/spawn.js';

let emulator: SpawnedEmulator;
beforeAll(async () => {
  emulator = await spawnEmulator();
});
afterAll(() => emulator.stop());
beforeEach(async () => {
  await fetch(`${emulator.url}/_emulator/calls`, { method: 'DELETE' });
  await fetch(`${emulator.url}/_emulator/faults`, { method: 'DELETE' });
  await emulator.clock(0);
});

let aliases = 0;
const fresh = () => `rel-${process.pid}-${(aliases += 1)}`;
const createKey = (alias: string, ...args: string[]) =>
  runKms(
    ['create-key', '--alias', alias, '--endpoint', emulator.url, '--json', ...args],
    testEnv(),
  );

/** The calls that reached the emulator, as "Action -> code" lines. */
async function seen(): Promise<string[]> {
  return (await emulator.calls()).map((call) => `${call.action} -> ${call.code}`);
}

describe('retries and lost responses', () => {
  it('throttled twice, then served: exit 0 and one key', async () => {
    await emulator.fault('throttle', 2);
    const alias = fresh();
    const result = await createKey(alias);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ Alias: alias });
    expect(result.stderr).toMatch(
      /^kms: RequestLimitExceeded: .*; trying again in \d+\.\d s \(attempt 2 of 3\)\n/,
    );
    expect(await seen()).toEqual([
      'CreateKey -> RequestLimitExceeded (fault: throttle)',
      'CreateKey -> RequestLimitExceeded (fault: throttle)',
      'CreateKey -> ok',
    ]);
  });

  it('connection cut after the key was made: exit 0, its KeyId, and no second CreateKey', async () => {
    await emulator.fault('cut-after-create');
    const alias = fresh();
    const result = await createKey(alias);
    expect(result.code).toBe(0);
    const key = JSON.parse(result.stdout) as { KeyId: string; Alias: string };
    expect(key.Alias).toBe(alias);
    expect(result.stderr).toBe(
      `kms: note: CreateKey's response was lost; the key was found by its alias "${alias}", so it was not created twice\n`,
    );
    expect(await seen()).toEqual([
      'CreateKey -> ok (fault: cut-after-create)',
      'ListKeyDetail -> ok',
    ]);
    const listed = await runKms(
      ['create-key', '--alias', alias, '--endpoint', emulator.url],
      testEnv(),
    );
    expect(listed.stderr).toMatch(/AliasAlreadyExists/);
  });

  it('a truncated answer after the key was made: exit 0 with the key found by its alias', async () => {
    await emulator.fault('truncate');
    const result = await createKey(fresh());
    expect(result.code).toBe(0);
    expect(await seen()).toEqual(['CreateKey -> ok (fault: truncate)', 'ListKeyDetail -> ok']);
  });

  it('an HTML error page before acting: the alias is looked up, then the request sent again', async () => {
    await emulator.fault('html', 1, 'CreateKey');
    const result = await createKey(fresh());
    expect(result.code).toBe(0);
    expect(await seen()).toEqual([
      'CreateKey -> HTTP 502 (fault: html)',
      'ListKeyDetail -> ok',
      'CreateKey -> ok',
    ]);
  });

  it('InternalError: looked up, then sent again', async () => {
    await emulator.fault('internal-error', 1, 'CreateKey');
    const result = await createKey(fresh());
    expect(result.code).toBe(0);
    expect(await seen()).toEqual([
      'CreateKey -> InternalError (fault: internal-error)',
      'ListKeyDetail -> ok',
      'CreateKey -> ok',
    ]);
  });

  it('a hung CreateKey once, with --timeout 1: looked up, sent again, created once', async () => {
    await emulator.fault('hang', 1, 'CreateKey');
    const result = await createKey(fresh(), '--timeout', '1');
    expect(result.code).toBe(0);
    expect(await seen()).toEqual([
      'CreateKey -> no answer (fault: hang)',
      'ListKeyDetail -> ok',
      'CreateKey -> ok',
    ]);
  });

  it('a hung service with --timeout 2: exit 7 within the deadline, saying the key may exist', async () => {
    await emulator.fault('hang', 2);
    const alias = fresh();
    const started = Date.now();
    const result = await createKey(alias, '--timeout', '2');
    expect(Date.now() - started).toBeLessThan(8_000);
    expect(result).toMatchObject({ code: 7, stdout: '' });
    expect(result.stderr).toMatch(new RegExp(`the key "${alias}" may have been created\\n`));
    expect(await seen()).toEqual([
      'CreateKey -> no answer (fault: hang)',
      'ListKeyDetail -> no answer (fault: hang)',
    ]);
  });

  it('an overall --deadline ends the retries', async () => {
    await emulator.fault('throttle', 10);
    const result = await createKey(fresh(), '--max-attempts', '10', '--deadline', '1');
    expect(result.code).toBe(6);
    expect(result.stderr).toMatch(
      /\nkms: error: RequestLimitExceeded: .* \(the --deadline of 1 s passed after \d attempts?\)/,
    );
  });

  it('--max-attempts 1 does not retry', async () => {
    await emulator.fault('throttle', 1);
    const result = await createKey(fresh(), '--max-attempts', '1');
    expect(result.code).toBe(6);
    expect(await seen()).toEqual(['CreateKey -> RequestLimitExceeded (fault: throttle)']);
  });
});

describe('clock skew', () => {
  it('service clock ten minutes ahead: exit 0 and a warning with the offset', async () => {
    await emulator.clock(600);
    const result = await createKey(fresh());
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^kms: this machine's clock is (599|60\d) s behind the service's, so the signature expired; signed again with the service's time\. Fix the clock: /,
    );
    expect(await seen()).toEqual(['CreateKey -> AuthFailure.SignatureExpire', 'CreateKey -> ok']);
  });

  it('service clock ten minutes behind: the same, the other way', async () => {
    await emulator.clock(-600);
    const result = await createKey(fresh());
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/clock is (599|60\d) s ahead of the service's/);
  });
});
