// The local KMS: an HTTP server that answers as kms.tencentcloudapi.com does, for the actions
// in actions.ts, after the same checks the service makes. Routes under /_emulator/ (control.ts)
// let tests see what reached it and make it misbehave.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

import { ACTIONS, type ActionOutcome } from './actions.js';
import { serveControl, type EmulatorState, type LoggedCall } from './control.js';
import { FaultQueue, FAULTS_BEFORE_ACTING, type Fault } from './faults.js';
import { flatHeaders, MAX_BODY_BYTES, readBody, sendJson, sendText } from './http.js';
import { KeyStore } from './store.js';
import { verifyCall, type EmulatorCredential } from './verify.js';

export type { LoggedCall };

export interface EmulatorOptions {
  host?: string;
  port?: number;
  credentials: readonly EmulatorCredential[];
  stateFile?: string | undefined;
  hsmClusters?: readonly string[];
  /** KeyUsage values accepted beyond the known ones, to play a service that moved ahead. */
  extraUsages?: readonly string[];
  /** PEM certificate and key: serve HTTPS instead of HTTP. */
  tls?: { cert: string; key: string } | undefined;
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
  log?: (line: string) => void;
}

export interface RunningEmulator {
  url: string;
  server: Server;
  calls: LoggedCall[];
  state: EmulatorState;
  close(): Promise<void>;
}

// Regions where KMS is sold (Tencent's region list, 2026).
export const SUPPORTED_REGIONS: ReadonlySet<string> = new Set(
  [
    'ap-guangzhou ap-shanghai ap-nanjing ap-beijing ap-chengdu ap-chongqing ap-hongkong',
    'ap-singapore ap-jakarta ap-seoul ap-tokyo ap-mumbai ap-bangkok na-siliconvalley na-ashburn',
    'eu-frankfurt sa-saopaulo ap-shanghai-fsi ap-shenzhen-fsi ap-beijing-fsi',
  ]
    .join(' ')
    .split(' '),
);

export const CREATE_KEY_LIMIT_PER_SECOND = 100;

class RateLimiter {
  private second = -1;
  private count = 0;

  /** True when one more call fits in the current wall-clock second. */
  admit(nowMs: number): boolean {
    const second = Math.floor(nowMs / 1000);
    if (second !== this.second) {
      this.second = second;
      this.count = 0;
    }
    this.count += 1;
    return this.count <= CREATE_KEY_LIMIT_PER_SECOND;
  }
}

// A few of the service's messages in Chinese, for X-TC-Language: zh-CN (the codes never change).
const CHINESE: Readonly<Record<string, string>> = {
  'InvalidParameterValue.AliasAlreadyExists': '该别名已被使用。',
  'InvalidParameterValue.InvalidAlias': '别名不符合格式要求。',
  'InvalidParameterValue.InvalidKeyUsage': '不支持该密钥用途。',
  RequestLimitExceeded: '请求频率超过限制。',
};

function inLanguage(outcome: ActionOutcome, language: string | undefined): ActionOutcome {
  if (language !== 'zh-CN' || !('code' in outcome) || !CHINESE[outcome.code]) return outcome;
  return { ...outcome, message: CHINESE[outcome.code]! };
}

function envelope(outcome: ActionOutcome, requestId: string): string {
  const inner =
    'result' in outcome
      ? { ...outcome.result, RequestId: requestId }
      : { Error: { Code: outcome.code, Message: outcome.message }, RequestId: requestId };
  return JSON.stringify({ Response: inner });
}

/** Sends the answer, or the fault's mangled version of it. */
function respond(response: ServerResponse, body: string, fault: Fault | undefined): void {
  if (fault === 'hang') return;
  if (fault === 'cut-after-create') return void response.socket?.destroy();
  if (fault === 'http-500') return sendText(response, 500, 'text/plain', 'Internal Server Error');
  if (fault === 'html') {
    const page = '<html><head><title>502 Bad Gateway</title></head><body>Bad Gateway</body></html>';
    return sendText(response, 502, 'text/html', page);
  }
  const sent = fault === 'truncate' ? body.slice(0, Math.floor(body.length / 2)) : body;
  sendText(response, 200, 'application/json', sent);
}

// What a call that suffers a fault before acting answers (or is logged as, when it gets no JSON).
const FAULT_OUTCOMES: Readonly<Record<string, ActionOutcome>> = {
  throttle: { code: 'RequestLimitExceeded', message: 'Your request rate exceeds the limit.' },
  'internal-error': { code: 'InternalError', message: 'An internal error occurred.' },
  'http-500': { code: 'HTTP 500', message: 'not acted on' },
  html: { code: 'HTTP 502', message: 'not acted on' },
  hang: { code: 'no answer', message: 'not acted on' },
};

export function createEmulator(options: EmulatorOptions): { server: Server; state: EmulatorState } {
  const now = () => (options.now ?? Date.now)() + state.clockOffsetMs;
  const log = options.log ?? (() => {});
  const store = new KeyStore(options.stateFile);
  const hsmClusters = new Set(options.hsmClusters ?? []);
  const extraUsages = options.extraUsages ?? [];
  const limiter = new RateLimiter();
  const state: EmulatorState = { calls: [], faults: new FaultQueue(), clockOffsetMs: 0 };

  function act(
    headers: Record<string, string | undefined>,
    body: Buffer,
    nowMs: number,
    fault?: Fault,
  ): ActionOutcome {
    const refusal = verifyCall({ headers, body }, options.credentials, Math.floor(nowMs / 1000));
    if (refusal) return refusal;

    const action = headers['x-tc-action'] ?? '';
    const region = headers['x-tc-region'] ?? '';
    const handler = ACTIONS[action];
    if (!handler)
      return {
        code: 'InvalidAction',
        message: `The action \`${action}\` is not supported by kms.`,
      };
    if (!region)
      return {
        code: 'MissingParameter',
        message: 'The request is missing the `Region` parameter (X-TC-Region).',
      };
    if (!SUPPORTED_REGIONS.has(region))
      return {
        code: 'UnsupportedRegion',
        message: `KMS is not supported in the region \`${region}\`.`,
      };
    if (action === 'CreateKey' && !limiter.admit(nowMs)) {
      return {
        code: 'RequestLimitExceeded',
        message: `Your requests exceed the limit of ${CREATE_KEY_LIMIT_PER_SECOND} per second.`,
      };
    }
    const nowSeconds = Math.floor(nowMs / 1000);
    return handler(body, {
      store,
      region,
      nowSeconds,
      hsmClusters,
      extraUsages,
      tagFailure: fault === 'tag-failure',
    });
  }

  async function serveApi(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const headers = flatHeaders(request);
    const action = headers['x-tc-action'] ?? '';
    const body = await readBody(request);
    const fault = state.faults.take(action);
    // One time for the whole call: the rate limit, the signature window and the log agree.
    const receivedAt = now();
    const outcome: ActionOutcome =
      body === undefined
        ? {
            code: 'RequestSizeLimitExceeded',
            message: `The request body exceeds ${MAX_BODY_BYTES} bytes.`,
          }
        : fault && FAULTS_BEFORE_ACTING.has(fault)
          ? FAULT_OUTCOMES[fault]!
          : act(headers, body, receivedAt, fault);

    const alias = ('alias' in outcome ? outcome.alias : undefined) ?? aliasOf(body);
    const code = 'code' in outcome ? outcome.code : 'ok';
    const region = headers['x-tc-region'] ?? '';
    const keyId =
      'result' in outcome && action === 'CreateKey' ? String(outcome.result['KeyId']) : undefined;
    const logged = fault ? `${code} (fault: ${fault})` : code;
    const language = headers['x-tc-language'];
    state.calls.push({ action, region, alias, code: logged, at: receivedAt, keyId, language });
    log(
      `${action || '-'} region=${region || '-'} alias=${alias || '-'} -> ${code}${fault ? ` (fault: ${fault})` : ''}`,
    );
    response.setHeader('Date', new Date(now()).toUTCString());
    respond(response, envelope(inLanguage(outcome, language), randomUUID()), fault);
  }

  const handle = (request: IncomingMessage, response: ServerResponse): void => {
    const served = request.url?.startsWith('/_emulator/')
      ? serveControl(request, response, state)
      : request.method === 'POST' && request.url === '/'
        ? serveApi(request, response)
        : Promise.resolve(sendJson(response, 404, { error: 'the KMS API is served at POST /' }));
    served.catch((error: unknown) => {
      log(`internal error: ${(error as Error).message}`);
      if (!response.headersSent) sendJson(response, 500, { error: 'emulator failure' });
    });
  };
  const server = options.tls ? createHttpsServer(options.tls, handle) : createServer(handle);
  return { server, state };
}

function aliasOf(body: Buffer | undefined): string {
  try {
    const alias = (JSON.parse(body?.toString('utf8') ?? '') as { Alias?: unknown }).Alias;
    return typeof alias === 'string' ? alias : '';
  } catch {
    return '';
  }
}

export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const { server, state } = createEmulator(options);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;

  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  const scheme = options.tls ? 'https' : 'http';
  return { url: `${scheme}://${shownHost}:${port}`, server, calls: state.calls, state, close };
}
