// The CVM instance role's credentials, from a stand-in for the instance metadata service.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import { cvmRoleProvider, REFRESH_MARGIN_SECONDS } from '../../src/config/cvm-role.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { ConfigError } from '../../src/errors.js';
import { startTestEmulator } from '../helpers/emulator.js';
import { runInProcess } from '../helpers/io.js';
import { sandbox } from '../helpers/sandbox.js';

const ROLE_PATH = '/latest/meta-data/cam/security-credentials/';
const START = 1_800_000_000;
const EXPIRES = START + 3600;

interface Metadata {
  base: string;
  requests: string[];
  close(): Promise<void>;
}

/** A metadata service whose role has `role` as its name ('' for none); each fetch a new id. */
async function startMetadata(role = 'kms-role'): Promise<Metadata> {
  const requests: string[] = [];
  let issued = 0;
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (request.url === ROLE_PATH) return void response.end(role);
    if (role && request.url === `${ROLE_PATH}${role}`) {
      issued += 1;
      return void response.end(
        JSON.stringify({
          TmpSecretId: `AKIDroleTemporary${issued}`,
          TmpSecretKey: `role-key-${issued}`,
          Token: `role-token-${issued}`,
          ExpiredTime: EXPIRES,
          Code: 'Success',
        }),
      );
    }
    response.statusCode = 404;
    response.end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A URL nothing listens on. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

async function rejection(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

describe('cvmRoleProvider', () => {
  let metadata: Metadata | undefined;
  afterEach(async () => {
    await metadata?.close();
    metadata = undefined;
  });

  it('fetches once and reuses the credentials while they are far from expiry', async () => {
    metadata = await startMetadata();
    let clock = START * 1000;
    const get = cvmRoleProvider(metadata.base, () => clock);

    expect(await get()).toEqual({
      secretId: 'AKIDroleTemporary1',
      secretKey: 'role-key-1',
      token: 'role-token-1',
    });
    clock = (EXPIRES - REFRESH_MARGIN_SECONDS - 1) * 1000;
    expect((await get()).secretId).toBe('AKIDroleTemporary1');
    expect(metadata.requests).toEqual([ROLE_PATH, `${ROLE_PATH}kms-role`]);
  });

  it(`fetches again within ${REFRESH_MARGIN_SECONDS} s of ExpiredTime`, async () => {
    metadata = await startMetadata();
    let clock = START * 1000;
    const get = cvmRoleProvider(metadata.base, () => clock);

    await get();
    clock = (EXPIRES - REFRESH_MARGIN_SECONDS + 1) * 1000;
    expect(await get()).toEqual({
      secretId: 'AKIDroleTemporary2',
      secretKey: 'role-key-2',
      token: 'role-token-2',
    });
    expect(await get()).toMatchObject({ secretId: 'AKIDroleTemporary3' });
    expect(metadata.requests).toHaveLength(6);
  });

  it('rejects when no role is attached, naming the service and the CVM', async () => {
    metadata = await startMetadata('');
    const error = await rejection(cvmRoleProvider(metadata.base, () => START * 1000)());
    expect(error.message).toContain(metadata.base);
    expect(error.message).toContain('no role');
    expect(error.hint).toContain('CVM');
    expect(error.exitCode).toBe(3);
  });

  it('rejects when the service cannot be reached, naming it and the CVM', async () => {
    const base = await closedPort();
    const error = await rejection(cvmRoleProvider(base, () => START * 1000)());
    expect(error.message).toContain(base);
    expect(error.hint).toContain('CVM');
  });
});

describe('create-key --use-cvm-role', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startTestEmulator();
  });
  afterAll(() => emulator.close());

  it('with no metadata service is a config error; nothing is sent', async () => {
    const box = sandbox();
    const base = await closedPort();
    const result = await runInProcess(
      ['create-key', '--alias', 'cvm-role-unreachable', '--use-cvm-role', '--json'],
      {
        env: {
          PATH: process.env['PATH'],
          HOME: box.home,
          TENCENTCLOUD_REGION: 'ap-guangzhou',
          KMS_ENDPOINT: emulator.url,
          KMS_METADATA_URL: base,
        },
        cwd: box.project,
      },
    );
    expect(result.code, result.stderr).toBe(3);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(base);
    expect(emulator.calls).toEqual([]);
  });
});
