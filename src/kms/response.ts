// Reads what came back: a KMS response is HTTP 200 with a JSON body holding `Response`.
// Anything else (a proxy's error page, a truncated body) is not the service speaking.
import type { ApiErrorBody } from './errors.js';
import { redactBody } from './redact.js';

export type ParsedResponse =
  | { kind: 'result'; result: Record<string, unknown> & { RequestId: string } }
  | { kind: 'error'; error: ApiErrorBody }
  | { kind: 'invalid'; reason: string };

const PREVIEW_LENGTH = 80;

/** The start of a body, on one line, for a message about what came back instead of KMS JSON. */
export function previewBody(body: string): string {
  const flat = redactBody(body).replace(/\s+/g, ' ').trim();
  if (flat === '') return 'an empty body';
  const cut = flat.length > PREVIEW_LENGTH ? `${flat.slice(0, PREVIEW_LENGTH)}…` : flat;
  return JSON.stringify(cut);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readEnvelope(body: string): Record<string, unknown> | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `a body that is not JSON (${previewBody(body)})`;
  }
  const inner = isRecord(parsed) ? parsed['Response'] : undefined;
  if (!isRecord(inner) || typeof inner['RequestId'] !== 'string') {
    return `JSON without a Response and its RequestId (${previewBody(body)})`;
  }
  return inner;
}

export function parseResponse(status: number, body: string): ParsedResponse {
  if (status !== 200) {
    return { kind: 'invalid', reason: `HTTP ${status} with ${previewBody(body)}` };
  }
  const inner = readEnvelope(body);
  if (typeof inner === 'string') return { kind: 'invalid', reason: inner };

  const requestId = inner['RequestId'] as string;
  const error = inner['Error'];
  if (error === undefined) return { kind: 'result', result: { ...inner, RequestId: requestId } };
  if (!isRecord(error) || typeof error['Code'] !== 'string') {
    return { kind: 'invalid', reason: `an Error without a Code (${previewBody(body)})` };
  }
  const message = typeof error['Message'] === 'string' ? error['Message'] : '';
  return { kind: 'error', error: { code: error['Code'], message, requestId } };
}
