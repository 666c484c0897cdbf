// The proof that the emulator checks signatures as the service does: the official SDK's own
// requests pass, and the same requests with a wrong secret or token do not.
import { Agent, type AgentOptions } from 'node:http';
import type { LookupFunction } from 'node:net';

import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { RunningEmulator } from '../../src/emulator/server.js';
import { CREDENTIALS, startTestEmulator } from '../helpers/emulator.js';

// The SDK names the signing service after the endpoint's first label, so it must be given
// kms.tencentcloudapi.com; this lookup sends that name to the loopback emulator, with no DNS.
const toLoopback = ((_host, options, callback) => {
  if ((options as { all?: boolean }).all)
    return callback(null, [{ address: '127.0.0.1', family: 4 }]);
  return callback(null, '127.0.0.1', 4);
}) as LookupFunction;

function sdkClient(
  port: number,
  credential: { secretId: string; secretKey: string; token?: string },
) {
  return new CommonClient('kms.tencentcloudapi.com', '2019-01-18', {
    credential,
    region: 'ap-guangzhou',
    profile: {
      httpProfile: {
        endpoint: `kms.tencentcloudapi.com:${port}`,
        protocol: 'http://',
        agent: new Agent({ lookup: toLoopback } as AgentOptions),
      },
    },
  });
}

async function sdkError(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: string }).code;
  }
  throw new Error('the SDK call succeeded');
}

describe('the official SDK against the emulator', () => {
  let emulator: RunningEmulator;
  let port: number;
  const token = {
    ...CREDENTIALS,
    secretId: 'AKIDtemporary0000000000000000000000',
    token: 'session-token-1',
  };

  beforeAll(async () => {
    emulator = await startTestEmulator({ credentials: [CREDENTIALS, token] });
    port = Number(new URL(emulator.url).port);
  });
  afterAll(() => emulator.close());

  it('creates a key with the SDK signing (Host signed without the port)', async () => {
    const client = sdkClient(port, CREDENTIALS);
    const result = (await client.request('CreateKey', {
      Alias: 'sdk-key',
      Description: '密钥 🔑',
    })) as {
      KeyId: string;
      Alias: string;
    };
    expect(result.Alias).toBe('sdk-key');
    expect(result.KeyId).toMatch(/^[0-9a-f-]{36}$/);
    expect(emulator.calls.at(-1)).toMatchObject({
      action: 'CreateKey',
      alias: 'sdk-key',
      code: 'ok',
    });
  });

  it('lists and describes keys the SDK created', async () => {
    const client = sdkClient(port, CREDENTIALS);
    const list = (await client.request('ListKeyDetail', { SearchKeyAlias: 'sdk-key' })) as {
      TotalCount: number;
    };
    expect(list.TotalCount).toBe(1);
  });

  it('refuses the SDK with a wrong secret key', async () => {
    const client = sdkClient(port, { ...CREDENTIALS, secretKey: 'not-the-key' });
    expect(await sdkError(client.request('CreateKey', { Alias: 'sdk-bad' }))).toBe(
      'AuthFailure.SignatureFailure',
    );
  });

  it('refuses an unknown SecretId', async () => {
    const client = sdkClient(port, { ...CREDENTIALS, secretId: 'AKIDunknown' });
    expect(await sdkError(client.request('CreateKey', { Alias: 'sdk-bad' }))).toBe(
      'AuthFailure.SecretIdNotFound',
    );
  });

  it('accepts temporary credentials with their token, and refuses them without it', async () => {
    await expect(
      sdkClient(port, token).request('CreateKey', { Alias: 'sdk-temp' }),
    ).resolves.toBeDefined();
    const { token: _dropped, ...bare } = token;
    expect(await sdkError(sdkClient(port, bare).request('CreateKey', { Alias: 'sdk-temp2' }))).toBe(
      'AuthFailure.TokenFailure',
    );
  });

  it('finds no key created by a refused request', () => {
    const refused = emulator.calls.filter((call) => call.code !== 'ok').map((call) => call.alias);
    expect(refused).toEqual(['sdk-bad', 'sdk-bad', 'sdk-temp2']);
  });
});
