// Temporary credentials of a CVM instance role, from the instance metadata service. Plain
// node:http: the service is plain HTTP on the instance's own network, and one GET needs no more.

import { ConfigError } from '../errors.js';
import { jsonFailure } from '../text.js';
import type { Credentials } from '../http/request.js';

export const METADATA_URL = 'http://metadata.tencentyun.com';
const CREDENTIALS_PATH = '/latest/meta-data/cam/security-credentials/';
const METADATA_TIMEOUT_MS = 2_000;
/** Fetch new credentials when the old ones have less than this left. */
export const REFRESH_MARGIN_SECONDS = 300;

async function fetchText(url: URL): Promise<string> {
  const { get } = await import('node:http');
  return new Promise((resolve, reject) => {
    const request = get(url, { timeout: METADATA_TIMEOUT_MS }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () =>
        response.statusCode === 200
          ? resolve(body)
          : reject(new Error(`HTTP ${response.statusCode}`)),
      );
    });
    request.on('timeout', () =>
      request.destroy(new Error(`no answer within ${METADATA_TIMEOUT_MS / 1000} s`)),
    );
    request.on('error', reject);
  });
}

interface RoleCredentials extends Credentials {
  expiresAt: number;
}

async function fetchRoleCredentials(base: string): Promise<RoleCredentials> {
  const root = new URL(CREDENTIALS_PATH, base);
  try {
    const role = (await fetchText(root)).trim().split('\n')[0]?.trim();
    if (!role) throw new Error('no role is attached to this instance');
    const document = JSON.parse(await fetchText(new URL(encodeURIComponent(role), root))) as Record<
      string,
      unknown
    >;
    const { TmpSecretId, TmpSecretKey, Token, ExpiredTime } = document;
    if (
      typeof TmpSecretId !== 'string' ||
      typeof TmpSecretKey !== 'string' ||
      typeof Token !== 'string'
    ) {
      throw new Error('the answer lacks TmpSecretId, TmpSecretKey or Token');
    }
    return {
      secretId: TmpSecretId,
      secretKey: TmpSecretKey,
      token: Token,
      expiresAt: Number(ExpiredTime),
    };
  } catch (error) {
    throw new ConfigError(
      `the CVM instance role's credentials could not be read from ${base}: ${jsonFailure(error)}`,
      {
        hint: 'the instance role works only on a Tencent Cloud CVM instance with a role attached; elsewhere use TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY',
      },
    );
  }
}

export type CredentialProvider = () => Promise<Credentials>;

/** Credentials that fetch themselves on first use and again shortly before they expire. */
export function cvmRoleProvider(base: string, now: () => number): CredentialProvider {
  let current: RoleCredentials | undefined;
  return async () => {
    if (!current || current.expiresAt - now() / 1000 < REFRESH_MARGIN_SECONDS) {
      current = await fetchRoleCredentials(base);
    }
    const { expiresAt: _expiresAt, ...credentials } = current;
    return credentials;
  };
}
