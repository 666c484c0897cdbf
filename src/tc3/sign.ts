// TC3-HMAC-SHA256, Tencent Cloud API 3.0's request signature, as the algorithm's own steps.
// Every step is pure; the timestamp comes in from the caller so that tests can pin the clock.
import { createHash, createHmac } from 'node:crypto';

export const ALGORITHM = 'TC3-HMAC-SHA256';

export interface SignatureInput {
  secretId: string;
  secretKey: string;
  /** The service in the credential scope: `kms` for KMS whatever the endpoint. */
  service: string;
  /** Unix seconds; the scope's date is derived from it in UTC. */
  timestamp: number;
  /** The headers to sign, by name; the SDKs sign `Content-Type` and `Host` only. */
  headers: Readonly<Record<string, string>>;
  /** The exact bytes of the body that will be sent. */
  payload: string | Uint8Array;
  method?: string;
  path?: string;
  query?: string;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}

/** The UTC calendar date of a Unix timestamp, as YYYY-MM-DD. Local time would break calls near midnight. */
export function scopeDate(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export function credentialScope(date: string, service: string): string {
  return `${date}/${service}/tc3_request`;
}

/** Lower-cased header names, sorted and joined with `;`. */
export function signedHeaderNames(headers: Readonly<Record<string, string>>): string {
  return Object.keys(headers)
    .map((name) => name.toLowerCase())
    .sort()
    .join(';');
}

/** One `name:value` line per signed header, sorted by name; Tencent lower-cases the value too. */
export function canonicalHeaders(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers)
    .map(([name, value]) => `${name.toLowerCase()}:${value.trim().toLowerCase()}\n`)
    .sort()
    .join('');
}

export function canonicalRequest(input: SignatureInput): string {
  return [
    input.method ?? 'POST',
    input.path ?? '/',
    input.query ?? '',
    canonicalHeaders(input.headers),
    signedHeaderNames(input.headers),
    sha256Hex(input.payload),
  ].join('\n');
}

export function stringToSign(timestamp: number, scope: string, request: string): string {
  return [ALGORITHM, String(timestamp), scope, sha256Hex(request)].join('\n');
}

export function deriveSigningKey(secretKey: string, date: string, service: string): Buffer {
  const dateKey = hmac(`TC3${secretKey}`, date);
  const serviceKey = hmac(dateKey, service);
  return hmac(serviceKey, 'tc3_request');
}

export function computeSignature(input: SignatureInput): string {
  const date = scopeDate(input.timestamp);
  const scope = credentialScope(date, input.service);
  const toSign = stringToSign(input.timestamp, scope, canonicalRequest(input));
  const key = deriveSigningKey(input.secretKey, date, input.service);

  return createHmac('sha256', key).update(toSign).digest('hex');
}

export function authorizationHeader(input: SignatureInput): string {
  const scope = credentialScope(scopeDate(input.timestamp), input.service);
  const credential = `Credential=${input.secretId}/${scope}`;
  const names = `SignedHeaders=${signedHeaderNames(input.headers)}`;

  return `${ALGORITHM} ${credential}, ${names}, Signature=${computeSignature(input)}`;
}
