// Sends one signed request and reads the whole answer. undici is loaded only here, and only
// its Agent and request API, not the main entry that pulls in fetch, WebSocket and the rest.
import { setFlagsFromString } from 'node:v8';

import { TransportError } from '../errors.js';
import type { SignedRequest } from './request.js';

// Without this, Node waits at exit for V8 to finish optimising undici's WebAssembly HTTP
// parser: 100-140 ms per run on these machines (../shared/reference/startup-measurements.md).
setFlagsFromString('--liftoff-only');

// Deep paths, so the version is pinned exactly in package.json: undici 7 has no exports map.
const { default: Agent } = await import('undici/lib/dispatcher/agent.js');
const { default: request } = await import('undici/lib/api/api-request.js');

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface Transport {
  send(signed: SignedRequest, timeoutMs: number, signal?: AbortSignal): Promise<RawResponse>;
  close(): Promise<void>;
}

export function createUndiciTransport(connectTimeoutMs = 10_000): Transport {
  const agent = new Agent({ connect: { timeout: connectTimeoutMs } });

  return {
    async send(signed, timeoutMs, signal) {
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        const response = await request.call(agent, {
          origin: signed.url.origin,
          path: signed.url.pathname,
          method: 'POST',
          headers: signed.headers,
          body: signed.body,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
        });
        const body = await response.body.text();
        return { status: response.statusCode, headers: response.headers, body };
      } catch (error) {
        if (signal?.aborted) throw new TransportError('the request was given up', 'Aborted');
        throw describeFailure(error, signed.url, timeoutMs);
      }
    },
    close: () => agent.close(),
  };
}

function describeFailure(error: unknown, url: URL, timeoutMs: number): TransportError {
  // undici's errors carry a string code; an aborted signal's DOMException has a number there.
  const raw = (error as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : (error as Error).name;
  const where = url.host;
  const seconds = timeoutMs / 1000;
  const messages: Record<string, string> = {
    ECONNREFUSED: `could not connect to ${where}: connection refused`,
    ENOTFOUND: `could not resolve ${url.hostname}: no such host`,
    EAI_AGAIN: `could not resolve ${url.hostname}: the DNS lookup failed`,
    UND_ERR_CONNECT_TIMEOUT: `could not connect to ${where} in time`,
    UND_ERR_HEADERS_TIMEOUT: `${where} sent no response within ${seconds} s`,
    UND_ERR_BODY_TIMEOUT: `${where} stopped sending its response within ${seconds} s`,
    TimeoutError: `${where} did not answer within ${seconds} s`,
    UND_ERR_SOCKET: `${where} closed the connection before the response was complete`,
    ECONNRESET: `${where} reset the connection`,
  };
  const message = messages[code] ?? `the request to ${where} failed: ${(error as Error).message}`;
  return new TransportError(message, code, { retryable: code === 'ECONNREFUSED' });
}
