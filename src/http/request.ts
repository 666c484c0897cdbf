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

// The official SDKs' JSON writer escapes these invisible and separator characters as \uXXXX,
// where JSON.stringify writes them raw. The service reads both forms alike; writing the SDKs'
// form keeps our bytes, and so the payload hash, identical to theirs (a ZWJ emoji has \u200d).
const SDK_ESCAPED =
  /[\u007f-\u009f\u00ad\u0600-\u0604\u070f\u17b4\u17b5\u200c-\u200f\u2028-\u202f\u2060-\u206f\ufeff\ufff0-\uffff]/g;

/** The request body: JSON, byte for byte as the official SDKs write the same parameters. */
export function serializeBody(params: object): string {
  return JSON.stringify(params).replace(
    SDK_ESCAPED,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function buildSignedRequest(
  action: string,
  params: object,
  target: RequestTarget,
  credentials: Credentials,
  timestamp: number,
): SignedRequest {
  const body = serializeBody(params);
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
