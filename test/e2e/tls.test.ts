// `kms emulator` serving HTTPS with a certificate from a throwaway CA made at test time, and the
// built bin trusting that CA through --ca-bundle or NODE_EXTRA_CA_CERTS, or refusing it.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { EMPTY_HOME, testEnv } from '../helpers/credentials.js';
import { runKms } from '../helpers/spawn.js';
import {
  makeCertificates,
  spawnTlsEmulator,
  type TestCertificates,
  type TlsEmulator,
} from '../helpers/tls.js';

let certificates: TestCertificates;
let emulator: TlsEmulator;
let before = 0;

beforeAll(async () => {
  certificates = makeCertificates();
  emulator = await spawnTlsEmulator(
    ['--tls-cert', certificates.serverPem, '--tls-key', certificates.serverKey],
    certificates.caPem,
  );
});
beforeEach(async () => {
  before = (await emulator.calls()).length;
});
afterAll(async () => {
  await emulator?.stop();
  if (certificates) rmSync(certificates.dir, { recursive: true, force: true });
});

let aliases = 0;
const fresh = () => `tls-${process.pid}-${(aliases += 1)}`;

const createKey = (alias: string, args: string[] = [], env = testEnv()) =>
  runKms(['create-key', '--alias', alias, '--endpoint', emulator.url, '--json', ...args], env);

/** Every call that reached the emulator during this test. */
const newCalls = async () => (await emulator.calls()).slice(before);

/** One CreateKey for the alias, acted on (fields the emulator may add beyond these are ignored). */
const created = (alias: string) => [
  expect.objectContaining({ action: 'CreateKey', region: 'ap-guangzhou', alias, code: 'ok' }),
];

describe('HTTPS to the emulator', () => {
  it('listens on https://', () => {
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('without its CA: exit 7 at once, a hint on --ca-bundle, nothing reaches the API', async () => {
    const alias = fresh();
    const result = await createKey(alias);
    expect(result.code).toBe(7);
    expect(result.stdout).toBe('');
    const host = new URL(emulator.url).host;
    expect(result.stderr).toContain(
      `kms: error: the TLS certificate of ${host} could not be verified`,
    );
    expect(result.stderr).toMatch(/\nhint: .*--ca-bundle FILE or NODE_EXTRA_CA_CERTS\n/);
    expect(result.stderr).not.toMatch(/trying again|gave up after|may have been created/);
    expect(await newCalls()).toEqual([]);
  });

  it('--ca-bundle with the CA: the key is created', async () => {
    const alias = fresh();
    const result = await createKey(alias, ['--ca-bundle', certificates.caPem]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ Alias: alias, KeyState: 'Enabled' });
    expect(await newCalls()).toEqual(created(alias));
  });

  it('NODE_EXTRA_CA_CERTS with the CA: the key is created', async () => {
    const alias = fresh();
    const result = await createKey(alias, [], testEnv({ NODE_EXTRA_CA_CERTS: certificates.caPem }));
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toMatchObject({ Alias: alias, KeyState: 'Enabled' });
    expect(await newCalls()).toEqual(created(alias));
  });

  it('--ca-bundle of a missing file: exit 2, nothing sent', async () => {
    const alias = fresh();
    const missing = join(certificates.dir, 'missing.pem');
    const result = await createKey(alias, ['--ca-bundle', missing]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain(`--ca-bundle "${missing}": could not be read (ENOENT)`);
    expect(await newCalls()).toEqual([]);
  });

  it('--ca-bundle of a file that is not PEM: exit 2, nothing sent', async () => {
    const alias = fresh();
    const notPem = join(certificates.dir, 'not-a-bundle.txt');
    writeFileSync(notPem, 'this is not a certificate\n');
    const result = await createKey(alias, ['--ca-bundle', notPem]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain(`--ca-bundle "${notPem}": must hold PEM certificates`);
    expect(await newCalls()).toEqual([]);
  });

  it('--ca-bundle with NODE_EXTRA_CA_CERTS naming a missing file: no internal error', async () => {
    const alias = fresh();
    const env = testEnv({ NODE_EXTRA_CA_CERTS: join(certificates.dir, 'missing-extra.pem') });
    const result = await createKey(alias, ['--ca-bundle', certificates.caPem], env);
    expect(result.stderr).not.toMatch(/internal error|this is a bug in kms/);
    expect(result.code).not.toBe(1);
  });

  it('plain http:// to the HTTPS port: exit 7, nothing on stdout', async () => {
    const alias = fresh();
    const plain = emulator.url.replace(/^https:/, 'http:');
    const result = await createKey(alias, ['--endpoint', plain, '--ca-bundle', certificates.caPem]);
    expect(result.code).toBe(7);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^kms: error: /);
    expect(await newCalls()).toEqual([]);
  });
});

describe('kms emulator TLS flags', () => {
  it('--tls-cert without --tls-key: exits non-zero, saying they go together', async () => {
    const result = await runKms(['emulator', '--port', '0', '--tls-cert', certificates.serverPem], {
      PATH: process.env['PATH'],
      HOME: EMPTY_HOME,
    });
    expect(result.code).not.toBe(0);
    expect(result.code).not.toBeNull();
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/--tls-cert and --tls-key go together/);
  });
});
