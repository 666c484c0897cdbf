// --proxy and HTTP_PROXY / HTTPS_PROXY / NO_PROXY, through a real CONNECT proxy in this process,
// to `kms emulator` in its own: the built bin as a user runs it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { testEnv } from '../helpers/credentials.js';
import { startConnectProxy, type ConnectProxy } from '../helpers/proxy.js';
import { runKms, spawnEmulator, type SpawnedEmulator } from '../helpers/spawn.js';

let emulator: SpawnedEmulator;
let proxy: ConnectProxy;
let refusing: ConnectProxy;
let target: string;

beforeAll(async () => {
  [emulator, proxy, refusing] = await Promise.all([
    spawnEmulator(),
    startConnectProxy(),
    startConnectProxy({ refuseAll: true }),
  ]);
  target = new URL(emulator.url).host;
});
afterAll(() => Promise.all([emulator?.stop(), proxy?.close(), refusing?.close()]));
let before = 0;
beforeEach(async () => {
  proxy.reset();
  refusing.reset();
  before = (await emulator.calls()).length;
});

let aliases = 0;
const fresh = () => `proxy-${process.pid}-${(aliases += 1)}`;

const createKey = (alias: string, args: string[] = [], env = testEnv()) =>
  runKms(['create-key', '--alias', alias, '--endpoint', emulator.url, '--json', ...args], env);

/** Every call that reached the emulator during this test. */
const newCalls = async () => (await emulator.calls()).slice(before);

/** One CreateKey for the alias, acted on (fields the emulator may add beyond these are ignored). */
const created = (alias: string) => [
  expect.objectContaining({ action: 'CreateKey', region: 'ap-guangzhou', alias, code: 'ok' }),
];

describe('through an HTTP proxy', () => {
  it('--proxy tunnels the call with CONNECT to the endpoint', async () => {
    const alias = fresh();
    const result = await createKey(alias, ['--proxy', proxy.url]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ Alias: alias, KeyState: 'Enabled' });
    expect(proxy.tunnels).toEqual([target]);
    expect(proxy.refused).toEqual([]);
    expect(proxy.forwarded).toEqual([]);
    expect(await newCalls()).toEqual(created(alias));
  });

  it.each(['HTTP_PROXY', 'http_proxy'])('%s in the environment is used', async (name) => {
    const alias = fresh();
    const result = await createKey(alias, [], testEnv({ [name]: proxy.url }));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ Alias: alias, KeyState: 'Enabled' });
    expect(proxy.tunnels).toEqual([target]);
    expect(proxy.forwarded).toEqual([]);
    expect(await newCalls()).toEqual(created(alias));
  });

  it('NO_PROXY=127.0.0.1 sends the call straight to the endpoint', async () => {
    const alias = fresh();
    const env = testEnv({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    const result = await createKey(alias, [], env);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ Alias: alias });
    expect(proxy.tunnels).toEqual([]);
    expect(proxy.forwarded).toEqual([]);
    expect(await newCalls()).toEqual(created(alias));
  });

  it('HTTPS_PROXY alone is not used for an http:// endpoint', async () => {
    const alias = fresh();
    const result = await createKey(alias, [], testEnv({ HTTPS_PROXY: proxy.url }));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ Alias: alias });
    expect(proxy.tunnels).toEqual([]);
    expect(proxy.forwarded).toEqual([]);
    expect(await newCalls()).toEqual(created(alias));
  });

  it('a proxy that refuses the tunnel: exit 7, and the call never reaches the service', async () => {
    const alias = fresh();
    const result = await createKey(alias, ['--proxy', refusing.url]);
    expect(result.code).toBe(7);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Proxy response \(403\)/);
    expect(result.stderr).toContain(`(through the proxy ${new URL(refusing.url).host})`);
    expect(refusing.refused.length).toBeGreaterThanOrEqual(1);
    expect(new Set(refusing.refused)).toEqual(new Set([target]));
    expect(refusing.tunnels).toEqual([]);
    expect(await newCalls()).toEqual([]);
  });

  it('a refused tunnel is not reported as a key that may have been created', async () => {
    const result = await createKey(fresh(), ['--proxy', refusing.url]);
    expect(result).toMatchObject({ code: 7, stdout: '' });
    expect(result.stderr).toMatch(/Proxy response \(403\)/);
    expect(result.stderr).not.toMatch(/response was lost|may have been created/);
    expect(new Set(refusing.refused)).toEqual(new Set([target]));
    expect(await newCalls()).toEqual([]);
  });

  it('--proxy that is not an http(s) URL: exit 2, nothing sent', async () => {
    const alias = fresh();
    const result = await createKey(alias, ['--proxy', 'ftp://x']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(/--proxy "ftp:\/\/x": must be an http:\/\/ or https:\/\/ URL/);
    expect(proxy.tunnels).toEqual([]);
    expect(await newCalls()).toEqual([]);
  });
});
