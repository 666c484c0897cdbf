// The --debug trace of a call: what was sent and what came back, minus what must stay secret.
// The signature and the session token are withheld whole, and so are the import token and the
// wrapped key material of an import: nothing else in these calls is secret.
import { redactBody } from '../kms/redact.js';
import type { RawResponse } from './transport.js';
import type { SignedRequest } from './request.js';

const WITHHELD = new Set(['authorization', 'x-tc-token']);
export function traceRequest(request: SignedRequest): string[] {
  const shown = Object.entries(request.headers).filter(
    ([name]) => !WITHHELD.has(name.toLowerCase()),
  );
  const withheld = Object.keys(request.headers).length - shown.length;
  return [
    `> POST ${request.url.href}`,
    ...shown.map(([name, value]) => `> ${name}: ${value}`),
    `> (${withheld} credential header${withheld === 1 ? '' : 's'} withheld: the signature and any token)`,
    `> ${redactBody(request.body)}`,
  ];
}

export function traceResponse(response: RawResponse, elapsedMs: number): string[] {
  const headers = Object.entries(response.headers).map(
    ([name, value]) => `< ${name}: ${String(value)}`,
  );
  return [
    `< HTTP ${response.status} after ${elapsedMs} ms`,
    ...headers,
    `< ${redactBody(response.body)}`,
  ];
}
