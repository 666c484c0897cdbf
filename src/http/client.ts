// One call to the KMS API: sign, send, and read the answer as a result or a typed error.
import { TransportError } from '../errors.js';
import { ApiError, type ResponseTiming } from '../kms/errors.js';
import { parseResponse } from '../kms/response.js';
import { traceRequest, traceResponse } from './trace.js';
import { buildSignedRequest, type Credentials, type RequestTarget } from './request.js';
import type { RawResponse, Transport } from './transport.js';

export interface CallContext {
  target: RequestTarget;
  /** Fixed credentials, or a provider for ones that expire (an instance role's). */
  credentials: Credentials | (() => Promise<Credentials>);
  timeoutMs: number;
  /** Milliseconds since the epoch. */
  now: () => number;
  transport: Transport;
  /** Aborts the call (the user pressed Ctrl-C). */
  signal?: AbortSignal | undefined;
  /** Receives the --debug trace, one line at a time; secrets are withheld before it is called. */
  trace?: ((line: string) => void) | undefined;
}

function header(headers: RawResponse['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The service's clock (Date) and how long it asks us to wait (Retry-After, seconds or a date). */
export function timingOf(headers: RawResponse['headers'], nowMs: number): ResponseTiming {
  const date = Date.parse(header(headers, 'date') ?? '');
  const retryAfter = header(headers, 'retry-after');
  const retryAfterMs =
    retryAfter === undefined
      ? undefined
      : /^\d+$/.test(retryAfter)
        ? Number(retryAfter) * 1000
        : Date.parse(retryAfter) - nowMs;
  return {
    serverTimeMs: Number.isNaN(date) ? undefined : date,
    retryAfterMs:
      retryAfterMs === undefined || Number.isNaN(retryAfterMs)
        ? undefined
        : Math.max(0, retryAfterMs),
  };
}

export async function callAction<T extends object>(
  action: string,
  params: object,
  context: CallContext,
): Promise<T & { RequestId: string }> {
  const credentials =
    typeof context.credentials === 'function' ? await context.credentials() : context.credentials;
  const timestamp = Math.floor(context.now() / 1000);
  const signed = buildSignedRequest(action, params, context.target, credentials, timestamp);
  const started = context.now();
  if (context.trace) traceRequest(signed).forEach(context.trace);
  const raw = await context.transport.send(signed, context.timeoutMs, context.signal);
  if (context.trace) traceResponse(raw, context.now() - started).forEach(context.trace);
  const parsed = parseResponse(raw.status, raw.body);

  if (parsed.kind === 'error')
    throw new ApiError(parsed.error, timingOf(raw.headers, context.now()));
  if (parsed.kind === 'invalid') {
    const message = `${signed.url.host} sent something that is not a KMS response: ${parsed.reason}`;
    throw new TransportError(message, 'NotKmsResponse');
  }
  return parsed.result as T & { RequestId: string };
}
