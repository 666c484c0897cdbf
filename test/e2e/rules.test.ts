// The CreateKey rules as a user meets them: the built bin/kms.js, spawned against `kms emulator`.
// A broken rule exits 2 before any request leaves; a value at the very edge of a rule is created.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { EMULATOR_HSM_CLUSTER } from '../../src/emulator/defaults.js';
import { testEnv } from '../helpers/credentials.js';
import { runKms, spawnEmulator, type Finished, type SpawnedEmulator } from '../helpers/spawn.js';

let emulator: SpawnedEmulator;
beforeAll(async () => {
  emulator = await spawnEmulator();
});
afterAll(() => emulator.stop());

interface Outcome extends Finished {
  /** How many requests reached the emulator during the run. */
  sent: number;
}

async function createKey(args: string[], target: SpawnedEmulator = emulator): Promise<Outcome> {
  const before = (await target.calls()).length;
  const result = await runKms(['create-key', '--endpoint', target.url, ...args], testEnv());
  return { ...result, sent: (await target.calls()).length - before };
}

function expectRefused(result: Outcome, named: string): void {
  expect(result).toMatchObject({
    code: 2,
    stdout: '',
    sent: 0,
    stderr: expect.stringContaining(named),
  });
  expect(result.stderr).toContain('(nothing was sent)');
}

const withAlias = (...args: string[]) => ['--alias', 'rules-refused', ...args];
const tags = (count: number) =>
  Array.from({ length: count }, (_, i) => ['--tag', `t${i}=v`]).flat();

const CJK = '密'.repeat(341); // 1023 bytes
const EMOJI = '🔑'; // 4 bytes

describe('a broken rule is refused locally', () => {
  it.each<[string, string[], string]>([
    ['an empty alias', ['--alias', ''], '--alias ""'],
    ['an alias of 61 characters', ['--alias', 'a'.repeat(61)], '--alias "'],
    ['an alias starting with -', ['--alias=-x'], '--alias "-x"'],
    ['an alias starting with _', ['--alias', '_x'], '--alias "_x"'],
    ['an alias with a space', ['--alias', 'a b'], '--alias "a b"'],
    ['an alias with a dot', ['--alias', 'a.b'], '--alias "a.b"'],
    ['an alias with the reserved prefix kms-', ['--alias', 'kms-app'], '--alias "kms-app"'],
    ['a non-ASCII alias', ['--alias', '密钥'], '--alias "密钥"'],
    ['no alias at all', [], '--alias:'],
    ['a description of 1025 bytes', withAlias('--description', `${CJK}ab`), '--description "'],
    [
      'a description of 257 emoji',
      withAlias('--description', EMOJI.repeat(257)),
      '--description "',
    ],
    ['an unknown usage', withAlias('--usage', 'BANANA'), '--usage "BANANA"'],
    ['a near-miss usage', withAlias('--usage', 'ENCRYPT_DECRYP'), '--usage "ENCRYPT_DECRYP"'],
    ['type 3', withAlias('--type', '3'), '--type "3"'],
    ['type externals', withAlias('--type', 'externals'), '--type "externals"'],
    ['a tag without =', withAlias('--tag', 'env'), '--tag "env"'],
    ['a tag with an empty key', withAlias('--tag', '=v'), '--tag "=v"'],
    ['a tag with an empty value', withAlias('--tag', 'k='), '--tag "k="'],
    ['a tag key of 128 characters', withAlias('--tag', `${'k'.repeat(128)}=v`), '--tag "'],
    ['a tag value of 256 characters', withAlias('--tag', `k=${'v'.repeat(256)}`), '--tag "'],
    ['a tag key starting with qcs:', withAlias('--tag', 'qcs:x=1'), '--tag "qcs:x=1"'],
    ['a tag key starting with project', withAlias('--tag', 'project=1'), '--tag "project=1"'],
    ['a tag key starting with 项目', withAlias('--tag', '项目=1'), '--tag "项目=1"'],
    ['a repeated tag key', withAlias('--tag', 'a=1', '--tag', 'a=2'), '--tag "a=2"'],
    ['51 tags', withAlias(...tags(51)), '--tag "51 tags"'],
    ['an empty HSM cluster id', withAlias('--hsm-cluster-id', ''), '--hsm-cluster-id ""'],
    ['an upper-case region', withAlias('--region', 'AP_GUANGZHOU'), '--region "AP_GUANGZHOU"'],
    ['a region without its area', withAlias('--region', 'guangzhou'), '--region "guangzhou"'],
    [
      'plain http to another machine',
      withAlias('--endpoint', 'http://example.com'),
      '--endpoint "http://example.com"',
    ],
    ['an ftp endpoint', withAlias('--endpoint', 'ftp://x'), '--endpoint "ftp://x"'],
    [
      'an endpoint with a path',
      withAlias('--endpoint', 'https://kms.tencentcloudapi.com/path'),
      '--endpoint "https://kms.tencentcloudapi.com/path"',
    ],
    ['a timeout of 0', withAlias('--timeout', '0'), '--timeout "0"'],
    ['a timeout that is not a number', withAlias('--timeout', 'abc'), '--timeout "abc"'],
    ['a timeout above 600 s', withAlias('--timeout', '601'), '--timeout "601"'],
  ])('%s', async (_name, args, named) => {
    expectRefused(await createKey(args), named);
  });

  it('suggests the usage a near miss meant', async () => {
    const result = await createKey(withAlias('--usage', 'ENCRYPT_DECRYP'));
    expectRefused(result, '(did you mean ENCRYPT_DECRYPT?)');
    expect(result.stderr).toMatch(
      /--usage "ENCRYPT_DECRYP": [^\n]*\(did you mean ENCRYPT_DECRYPT\?\)/,
    );
  });

  it('reports every problem at once', async () => {
    const result = await createKey(['--alias', '_bad', '--tag', 'k=', '--usage', 'SIGN']);
    expectRefused(result, '3 problems');
    for (const named of ['--alias "_bad"', '--usage "SIGN"', '--tag "k="']) {
      expect(result.stderr).toContain(named);
    }
  });

  it('names a misspelt flag and the flag it meant', async () => {
    const result = await createKey(['--alais', 'x']);
    expect(result).toMatchObject({ code: 2, stdout: '', sent: 0 });
    expect(result.stderr).toContain("unknown option '--alais'");
    expect(result.stderr).toContain('Did you mean --alias?');
  });
});

describe('a value at the edge of a rule is accepted', () => {
  const cjk1024 = `${CJK}a`;

  it.each<[string, string, string[], Record<string, unknown>]>([
    ['an alias of 1 character', 'z', [], {}],
    ['an alias of 60 characters', 'L'.repeat(60), [], {}],
    ['an alias starting with a digit, with _ and -', '0_edge-alias', [], {}],
    ['an alias starting with upper-case KMS-', 'KMS-upper', [], {}],
    [
      'a description of 1024 bytes',
      'edge-description-cjk',
      ['--description', cjk1024],
      { Description: cjk1024 },
    ],
    [
      'a description of 256 emoji',
      'edge-description-emoji',
      ['--description', EMOJI.repeat(256)],
      { Description: EMOJI.repeat(256) },
    ],
    ['50 tags', 'edge-tags-50', tags(50), { TagCode: 0 }],
    ['a tag key of 127 characters', 'edge-tag-key', ['--tag', `${'k'.repeat(127)}=v`], {}],
    ['a tag value of 255 characters', 'edge-tag-value', ['--tag', `k=${'v'.repeat(255)}`], {}],
    ['a tag value holding =', 'edge-tag-equals', ['--tag', 'url=a=b'], {}],
    [
      'a lower-case usage',
      'edge-usage-lower',
      ['--usage', 'asymmetric_sign_verify_sm2'],
      { KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_SM2' },
    ],
    ['type 2', 'edge-type-2', ['--type', '2'], { KeyState: 'PendingImport' }],
    ['type EXTERNAL', 'edge-type-external', ['--type', 'EXTERNAL'], { KeyState: 'PendingImport' }],
    [
      'the known HSM cluster',
      'edge-hsm',
      ['--hsm-cluster-id', EMULATOR_HSM_CLUSTER],
      { HsmClusterId: EMULATOR_HSM_CLUSTER },
    ],
    ['a timeout of 600 s', 'edge-timeout', ['--timeout', '600'], {}],
    ['region ap-shanghai', 'edge-region', ['--region', 'ap-shanghai'], {}],
  ])('%s', async (_name, alias, args, echoed) => {
    const result = await createKey(['--alias', alias, '--json', ...args]);
    expect(result).toMatchObject({ code: 0, stderr: '', sent: 1 });
    expect(JSON.parse(result.stdout)).toMatchObject({ Alias: alias, ...echoed });
  });

  it('sends --region as the region of the request', async () => {
    await createKey(['--alias', 'edge-region-call', '--region', 'ap-shanghai']);
    expect((await emulator.calls()).at(-1)).toMatchObject({
      action: 'CreateKey',
      region: 'ap-shanghai',
      alias: 'edge-region-call',
      code: 'ok',
    });
  });
});

describe('--allow-unknown-usage', () => {
  const FUTURE = 'SYMMETRIC_FUTURE_2030';
  let ahead: SpawnedEmulator;
  beforeAll(async () => {
    ahead = await spawnEmulator([], { KMS_EMULATOR_EXTRA_USAGES: FUTURE });
  });
  afterAll(() => ahead.stop());

  it('is needed to send a usage kms does not know', async () => {
    const result = await createKey(['--alias', 'future-refused', '--usage', FUTURE], ahead);
    expectRefused(result, `--usage "${FUTURE}"`);
  });

  it('sends it, with a warning, to a service that knows it', async () => {
    const args = ['--alias', 'future-key', '--usage', FUTURE, '--allow-unknown-usage', '--json'];
    const result = await createKey(args, ahead);
    expect(result).toMatchObject({ code: 0, sent: 1 });
    expect(JSON.parse(result.stdout)).toMatchObject({ Alias: 'future-key', KeyUsage: FUTURE });
    expect(result.stderr).toContain('kms: warning:');
    expect(result.stderr).toContain('--allow-unknown-usage');
  });

  it("exits 8 with the service's code when the service does not know it", async () => {
    const args = ['--alias', 'future-unknown', '--usage', FUTURE, '--allow-unknown-usage'];
    const result = await createKey(args);
    expect(result).toMatchObject({ code: 8, stdout: '', sent: 1 });
    expect(result.stderr).toContain('InvalidParameterValue.InvalidKeyUsage');
  });

  it('still checks the form of the usage', async () => {
    const args = ['--alias', 'future-malformed', '--usage', 'bad value!', '--allow-unknown-usage'];
    expectRefused(await createKey(args, ahead), '--usage "BAD VALUE!"');
  });
});
