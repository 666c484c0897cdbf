// Sends one signed request and reads the whole answer. undici is loaded only here, and only
// its Agent and request API, not the main entry that pulls in fetch, WebSocket and the rest;
// its proxy agents load only when a proxy is configured.
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

export interface TransportOptions {
  connectTimeoutMs: number;
  /** --proxy: every request goes through it. */
  proxy?: string | undefined;
  /** HTTPS_PROXY, HTTP_PROXY and NO_PROXY, in either case, when there is no --proxy. */
  env: NodeJS.ProcessEnv;
  /** The certificate authorities to trust, replacing Node's default list, when given. */
  ca?: string[] | undefined;
}

type Dispatcher = InstanceType<typeof Agent>;

/** The proxy the environment names for this URL, NO_PROXY aside: for messages only. */
function proxyFor(url: URL, env: NodeJS.ProcessEnv): string | undefined {
  const variables = proxyVariables(env);
  return (url.protocol === 'https:' ? variables.httpsProxy : variables.httpProxy) || undefined;
}

function proxyHost(proxy: string): string {
  try {
    return new URL(proxy).host;
  } catch {
    return 'named in the environment';
  }
}

function proxyVariables(env: NodeJS.ProcessEnv) {
  const read = (name: string) => env[name.toLowerCase()] || env[name] || '';
  return {
    httpProxy: read('HTTP_PROXY'),
    httpsProxy: read('HTTPS_PROXY'),
    noProxy: read('NO_PROXY'),
  };
}

/**
 * undici's proxy agents open their tunnels with the dispatcher's connect(), which undici's
 * main entry adds to every dispatcher; loading parts by path, it is added here, when needed.
 */
async function enableTunnels(): Promise<void> {
  const { default: Dispatcher } = await import('undici/lib/dispatcher/dispatcher.js');
  const { default: connect } = await import('undici/lib/api/api-connect.js');
  Dispatcher.prototype.connect ??= connect;
}

async function createDispatcher(options: TransportOptions): Promise<Dispatcher> {
  const tls = { timeout: options.connectTimeoutMs, ...(options.ca ? { ca: options.ca } : {}) };
  const variables = proxyVariables(options.env);
  if (options.proxy) {
    await enableTunnels();
    const { default: ProxyAgent } = await import('undici/lib/dispatcher/proxy-agent.js');
    return new ProxyAgent({ uri: options.proxy, requestTls: tls, proxyTls: tls }) as Dispatcher;
  }
  if (variables.httpProxy || variables.httpsProxy) {
    await enableTunnels();
    const { default: EnvHttpProxyAgent } =
      await import('undici/lib/dispatcher/env-http-proxy-agent.js');
    const proxyOptions = { ...variables, connect: tls, requestTls: tls, proxyTls: tls };
    return new EnvHttpProxyAgent(proxyOptions) as Dispatcher;
  }
  return new Agent({ connect: tls });
}

export async function createUndiciTransport(options: TransportOptions): Promise<Transport> {
  const dispatcher = await createDispatcher(options);

  return {
    async send(signed, timeoutMs, signal) {
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        const response = await request.call(dispatcher, {
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
        throw describeFailure(error, signed.url, { ...options, timeoutMs });
      }
    },
    close: () => dispatcher.close(),
  };
}

// Failures that happen before a request can have reached the service: trying again is safe.
const NOT_SENT = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

const TLS_FAILURE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

function describeFailure(
  error: unknown,
  url: URL,
  options: TransportOptions & { timeoutMs: number },
): TransportError {
  // undici's errors carry a string code; an aborted signal's DOMException has a number there.
  const raw = (error as { code?: unknown }).code;
  const code = typeof raw === 'string' ? raw : (error as Error).name;
  const where = url.host;
  const seconds = options.timeoutMs / 1000;
  const messages: Record<string, string> = {
    ECONNREFUSED: `could not connect to ${where}: connection refused`,
    ENOTFOUND: `could not resolve ${url.hostname}: no such host`,
    EAI_AGAIN: `could not resolve ${url.hostname}: the DNS lookup failed`,
    UND_ERR_CONNECT_TIMEOUT: `could not connect to ${where} within the connect timeout (${options.connectTimeoutMs / 1000} s)`,
    UND_ERR_HEADERS_TIMEOUT: `${where} sent no response within the --timeout of ${seconds} s`,
    UND_ERR_BODY_TIMEOUT: `${where} stopped sending its response within the --timeout of ${seconds} s`,
    TimeoutError: `${where} did not answer within the --timeout of ${seconds} s`,
    UND_ERR_SOCKET: `${where} closed the connection before the response was complete`,
    ECONNRESET: `${where} reset the connection`,
  };
  const proxy = options.proxy ?? proxyFor(url, options.env);
  const through = proxy ? ` (through the proxy ${proxyHost(proxy)})` : '';
  if (TLS_FAILURE.test(code)) {
    return new TransportError(
      `the TLS certificate of ${where} could not be verified: ${(error as Error).message}`,
      code,
      {
        hint: 'if a proxy or private CA signs it, trust that CA with --ca-bundle FILE or NODE_EXTRA_CA_CERTS',
        sent: false,
      },
    );
  }
  const text = (error as Error).message;
  // A proxy that refuses the CONNECT never passed the request on.
  const refusedTunnel = /^Proxy response \(\d+\)/.test(text);
  const message = refusedTunnel
    ? `the proxy refused the tunnel to ${where}: ${text}`
    : (messages[code] ?? `the request to ${where} failed: ${text}`);
  const sent = !NOT_SENT.has(code) && !refusedTunnel;
  return new TransportError(`${message}${through}`, code, { retryable: !sent, sent });
}
