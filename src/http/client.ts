// One call to the KMS API: sign, send, and read the answer as a result or a typed error.
import { TransportError } from '../errors.js';
import { ApiError } from '../kms/errors.js';
import { parseResponse } from '../kms/response.js';
import { traceRequest, traceResponse } from './trace.js';
import { buildSignedRequest, type Credentials, type RequestTarget } from './request.js';
import type { Transport } from './transport.js';

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

  if (parsed.kind === 'error') throw new ApiError(parsed.error);
  if (parsed.kind === 'invalid') {
    const message = `${signed.url.host} sent something that is not a KMS response: ${parsed.reason}`;
    throw new TransportError(message, 'NotKmsResponse');
  }
  return parsed.result as T & { RequestId: string };
}
