// kms in process against an emulator in process: flags, environment and output together.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RunningEmulator } from '../../src/emulator/server.js';
import { testEnv } from '../helpers/credentials.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { runInProcess } from '../helpers/io.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startTestEmulator();
});
afterAll(() => emulator.close());

const createKey = (...args: string[]) => ['create-key', '--endpoint', emulator.url, ...args];

describe('kms create-key in process', () => {
  it('prints JSON to a pipe and a table to a terminal', async () => {
    const piped = await runInProcess(createKey('--alias', 'ip-json'));
    const terminal = await runInProcess(createKey('--alias', 'ip-table'), {
      tty: true,
      env: testEnv({ NO_COLOR: '1' }),
    });
    const coloured = await runInProcess(createKey('--alias', 'ip-colour'), { tty: true });
    expect(piped).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(piped.stdout)).toMatchObject({ Alias: 'ip-json', KeyState: 'Enabled' });
    expect(terminal).toMatchObject({ code: 0, stderr: '' });
    expect(terminal.stdout).toMatch(/^KeyId {9}[0-9a-f-]{36}\nAlias {9}ip-table\n/);
    expect(coloured.stdout).toMatch(
      /^\u001b\[2mKeyId {9}\u001b\[22m\u001b\[1m[0-9a-f-]{36}\u001b\[22m\n/,
    );
  });

  it("signs with the injected clock, and again with the service's time when it is 10 minutes off", async () => {
    const skewed = await runInProcess(createKey('--alias', 'ip-skew'), {
      now: () => Date.now() - 600_000,
    });
    expect(skewed.code).toBe(0);
    expect(JSON.parse(skewed.stdout)).toMatchObject({ Alias: 'ip-skew' });
    expect(skewed.stderr).toMatch(
      /^kms: this machine's clock is (599|600) s behind the service's, so the signature expired; signed again with the service's time\. Fix the clock: /,
    );
  });

  it('says which credential variable is missing, with exit 3 and nothing sent', async () => {
    const before = emulator.calls.length;
    const result = await runInProcess(createKey('--alias', 'ip-nocreds'), {
      env: testEnv({ TENCENTCLOUD_SECRET_KEY: '' }),
    });
    expect(result).toMatchObject({ code: 3, stdout: '' });
    expect(result.stderr).toMatch(
      /incomplete credentials in the environment: TENCENTCLOUD_SECRET_KEY is not set \(nothing was sent\)/,
    );
    expect(emulator.calls.length).toBe(before);
  });

  it('takes the region from the flag over TENCENTCLOUD_REGION', async () => {
    const result = await runInProcess(createKey('--alias', 'ip-region', '--region', 'ap-shanghai'));
    expect(result.code).toBe(0);
    expect(emulator.calls.at(-1)).toMatchObject({ region: 'ap-shanghai', alias: 'ip-region' });
  });

  it('sends a token with temporary credentials', async () => {
    const result = await runInProcess(createKey('--alias', 'ip-token'), {
      env: testEnv({ TENCENTCLOUD_TOKEN: 'tccli-token' }),
    });
    // The emulator's credential has no token, so a token it did not issue is refused.
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/AuthFailure.TokenFailure/);
  });

  it('refuses --json with --output table', async () => {
    const result = await runInProcess(createKey('--alias', 'x', '--json', '--output', 'table'));
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/--json and --output table contradict/);
  });

  it('prints the version without loading commander', async () => {
    expect(await runInProcess(['--version'])).toEqual({
      code: 0,
      stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/),
      stderr: '',
    });
  });

  it('exits 1 on a bug inside kms, asking for a report, and shows the stack only with --debug', async () => {
    const broken = {
      send: () =>
        Promise.reject(new TypeError("Cannot read properties of undefined (reading 'x')")),
      close: async () => {},
    };
    const plain = await runInProcess(createKey('--alias', 'ip-bug'), { transport: broken });
    const debug = await runInProcess(createKey('--alias', 'ip-bug', '--debug'), {
      transport: broken,
    });
    expect(plain).toMatchObject({ code: 1, stdout: '' });
    expect(plain.stderr).toBe(
      "kms: error: internal error: Cannot read properties of undefined (reading 'x')\n" +
        'hint: this is a bug in kms: please report it to the kms issue tracker with the output of the same command run with --debug\n',
    );
    expect(debug.stderr).toMatch(/\nTypeError: Cannot read properties .*\n\s+at /);
  });

  it('traces the request and response with --debug, withholding the signature and token', async () => {
    const result = await runInProcess(createKey('--alias', 'ip-trace', '--debug'), {
      env: testEnv({ TENCENTCLOUD_SESSION_TOKEN: 'token-not-shown' }),
    });
    const trace = result.stderr.split('\n').filter((line) => line.startsWith('kms debug: '));
    expect(trace[0]).toBe(`kms debug: > POST ${emulator.url}/`);
    expect(trace).toContain('kms debug: > X-TC-Action: CreateKey');
    expect(trace).toContain(
      'kms debug: > (2 credential headers withheld: the signature and any token)',
    );
    expect(trace.some((line) => /^kms debug: < HTTP 200 after \d+ ms$/.test(line))).toBe(true);
    expect(result.stderr).not.toMatch(/token-not-shown|Signature=|TC3-HMAC/);
  });
});
