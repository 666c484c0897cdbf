// The emulator under load: 200 concurrent clients for 10 seconds. It stays up, holds CreateKey
// to 100 a wall-clock second, and every key it created is in its state file after a restart.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { buildSignedRequest } from '../../src/http/request.js';
import { CREDENTIALS } from '../helpers/emulator.js';
import { spawnEmulator, type SpawnedEmulator } from '../helpers/spawn.js';

const CLIENTS = 200;
const DURATION_MS = 10_000;

async function createKey(emulator: SpawnedEmulator, alias: string): Promise<string> {
  const endpoint = new URL(emulator.url);
  const request = buildSignedRequest(
    'CreateKey',
    { Alias: alias },
    { endpoint, region: 'ap-guangzhou' },
    CREDENTIALS,
    Math.floor(Date.now() / 1000),
  );
  const { Host: _host, ...headers } = request.headers;
  const response = await fetch(request.url, { method: 'POST', headers, body: request.body });
  const inner = (
    (await response.json()) as { Response: { KeyId?: string; Error?: { Code: string } } }
  ).Response;
  return inner.KeyId ?? inner.Error?.Code ?? 'no code';
}

/** One client: CreateKey after CreateKey until the time is up; each request is bounded by the loop. */
async function client(
  emulator: SpawnedEmulator,
  id: number,
  until: number,
  outcomes: string[],
): Promise<void> {
  for (let n = 0; Date.now() < until; n += 1) {
    outcomes.push(await createKey(emulator, `load-${id}-${n}`));
  }
}

async function listAll(emulator: SpawnedEmulator): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 200) {
    const endpoint = new URL(emulator.url);
    const params = { KeyUsage: 'ALL', Offset: offset, Limit: 200 };
    const request = buildSignedRequest(
      'ListKeyDetail',
      params,
      { endpoint, region: 'ap-guangzhou' },
      CREDENTIALS,
      Math.floor(Date.now() / 1000),
    );
    const { Host: _host, ...headers } = request.headers;
    const response = await fetch(request.url, { method: 'POST', headers, body: request.body });
    const page = ((await response.json()) as { Response: { KeyMetadatas: { KeyId: string }[] } })
      .Response;
    ids.push(...page.KeyMetadatas.map((key) => key.KeyId));
    if (page.KeyMetadatas.length < 200) return ids;
  }
}

describe('the emulator under load', () => {
  it(`serves ${CLIENTS} concurrent clients for ${DURATION_MS / 1000} s within its rate limit`, async () => {
    const state = join(mkdtempSync(join(tmpdir(), 'kms-load-')), 'state.json');
    const first = await spawnEmulator(['--state', state]);
    const outcomes: string[] = [];
    const until = Date.now() + DURATION_MS;
    await Promise.all(
      Array.from({ length: CLIENTS }, (_, id) => client(first, id, until, outcomes)),
    );

    const calls = await first.calls();
    const created = calls.filter((call) => call.code === 'ok').map((call) => call.keyId);
    const perSecond = new Map<number, number>();
    for (const call of calls.filter((c) => c.code === 'ok')) {
      const second = Math.floor(call.at / 1000);
      perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
    }
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(100);
    expect(created.length).toBeGreaterThan(500);
    expect(outcomes.filter((o) => o === 'RequestLimitExceeded').length).toBeGreaterThan(0);
    expect(outcomes.every((o) => o === 'RequestLimitExceeded' || /^[0-9a-f-]{36}$/.test(o))).toBe(
      true,
    );
    await first.stop();

    const second = await spawnEmulator(['--state', state]);
    const listed = await listAll(second);
    await second.stop();
    expect(new Set(listed)).toEqual(new Set(created));
    console.log(
      `load: ${outcomes.length} CreateKey calls, ${created.length} keys, ${outcomes.length - created.length} throttled, busiest second ${Math.max(...perSecond.values())}`,
    );
  }, 40_000);
});
