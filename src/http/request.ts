// Turns an action and its parameters into the exact bytes to send, signed. Pure: the clock
// and the credentials come in, so a test (and a dry run) sees what would go on the wire.
import { API_VERSION, SERVICE } from '../kms/types.js';
import { authorizationHeader } from '../tc3/sign.js';
import { VERSION } from '../version.js';

export interface Credentials {
  secretId: string;
  secretKey: string;
  token?: string | undefined;
}

export interface RequestTarget {
  /** Where to send: scheme, host and port; the path is always `/`. */
  endpoint: URL;
  region: string;
  language?: string | undefined;
}

export interface SignedRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
}

export const CONTENT_TYPE = 'application/json';
// Free text for Tencent's logs; the SDKs allow [0-9a-zA-Z-_,;. ] only.
export const REQUEST_CLIENT = `KMS_CLI_${VERSION}`;

export function buildSignedRequest(
  action: string,
  params: object,
  target: RequestTarget,
  credentials: Credentials,
  timestamp: number,
): SignedRequest {
  const body = JSON.stringify(params);
  // The SDKs sign exactly these two; the Host signed must be the Host sent, port included.
  const signed = { 'Content-Type': CONTENT_TYPE, Host: target.endpoint.host };
  const authorization = authorizationHeader({
    ...credentials,
    service: SERVICE,
    timestamp,
    headers: signed,
    payload: body,
  });
  const headers: Record<string, string> = {
    ...signed,
    'X-TC-Action': action,
    'X-TC-Version': API_VERSION,
    'X-TC-Timestamp': String(timestamp),
    'X-TC-Region': target.region,
    'X-TC-RequestClient': REQUEST_CLIENT,
    Authorization: authorization,
  };
  if (credentials.token) headers['X-TC-Token'] = credentials.token;
  if (target.language) headers['X-TC-Language'] = target.language;

  return { url: new URL('/', target.endpoint), headers, body };
}
