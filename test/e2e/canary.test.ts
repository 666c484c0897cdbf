// No secret key, token, signature or Authorization header in any output, whatever happens.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runKms, spawnEmulator, type SpawnedEmulator } from '../helpers/spawn.js';

const CANARY_KEY = 'CANARYsecretKEY0123456789abcdef';
const CANARY_TOKEN = 'CANARYsessionTOKEN0123456789';
const SECRET_ID = 'AKIDcanary00000000000000000000000000';
const MATERIAL = join(mkdtempSync(join(tmpdir(), 'kms-canary-')), 'material.bin');
writeFileSync(MATERIAL, randomBytes(32));

const env = (extra: NodeJS.ProcessEnv = {}) => ({
  PATH: process.env['PATH'],
  TENCENTCLOUD_SECRET_ID: SECRET_ID,
  TENCENTCLOUD_SECRET_KEY: CANARY_KEY,
  TENCENTCLOUD_SESSION_TOKEN: CANARY_TOKEN,
  TENCENTCLOUD_REGION: 'ap-guangzhou',
  ...extra,
});

let emulator: SpawnedEmulator;
beforeAll(async () => {
  emulator = await spawnEmulator([], {
    KMS_EMULATOR_SECRET_ID: SECRET_ID,
    KMS_EMULATOR_SECRET_KEY: CANARY_KEY,
    KMS_EMULATOR_TOKEN: CANARY_TOKEN,
  });
});
afterAll(() => emulator.stop());

function expectClean(text: string): void {
  for (const secret of [
    CANARY_KEY,
    CANARY_TOKEN,
    'Authorization',
    'Signature=',
    'TC3-HMAC-SHA256',
  ]) {
    expect(text).not.toContain(secret);
  }
}

describe('the canary secret', () => {
  const scenarios: [string, string[], NodeJS.ProcessEnv?][] = [
    ['a created key as JSON', ['--alias', 'canary-json', '--json']],
    ['a created key as a table', ['--alias', 'canary-table', '-o', 'table']],
    ['a created key, quiet', ['--alias', 'canary-quiet', '-q']],
    ['a created key, traced with --debug', ['--alias', 'canary-debug', '--debug']],
    [
      'an EXTERNAL key with material, traced',
      ['--alias', 'canary-ext', '--type', 'external', '--key-material', MATERIAL, '--debug'],
    ],
    ['an alias that exists, with --debug', ['--alias', 'canary-json', '--json', '--debug']],
    [
      'a refused signature, with KMS_DEBUG=1',
      ['--alias', 'canary-x'],
      { TENCENTCLOUD_SECRET_KEY: `${CANARY_KEY}x`, KMS_DEBUG: '1' },
    ],
    [
      'a refused token',
      ['--alias', 'canary-y', '--json'],
      { TENCENTCLOUD_SESSION_TOKEN: `${CANARY_TOKEN}x` },
    ],
    ['invalid input', ['--alias', 'kms-canary', '--debug']],
    [
      'an unreachable endpoint',
      ['--alias', 'canary-z', '--endpoint', 'http://127.0.0.1:9', '--debug'],
    ],
  ];

  it.each(scenarios)('stays out of the output for %s', async (_what, args, extra) => {
    const result = await runKms(['create-key', '--endpoint', emulator.url, ...args], env(extra));
    expectClean(result.stdout);
    expectClean(result.stderr);
  });

  it('stays out of the emulator log', () => {
    expect(emulator.stderr()).toContain('canary-json');
    expectClean(emulator.stderr());
  });
});
