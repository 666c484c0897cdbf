// The local KMS: an HTTP server that answers as kms.tencentcloudapi.com does, for the actions
// in actions.ts, after the same checks the service makes. Control routes under /_emulator/
// let tests see what reached it.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { ACTIONS, type ActionOutcome } from './actions.js';
import { KeyStore } from './store.js';
import { verifyCall, type EmulatorCredential, type Refusal } from './verify.js';

export interface EmulatorOptions {
  host?: string;
  port?: number;
  credentials: readonly EmulatorCredential[];
  stateFile?: string | undefined;
  hsmClusters?: readonly string[];
  /** Milliseconds since the epoch; injected by tests. */
  now?: () => number;
  log?: (line: string) => void;
}

export interface LoggedCall {
  action: string;
  region: string;
  alias: string;
  code: string;
}

export interface RunningEmulator {
  url: string;
  server: Server;
  calls: LoggedCall[];
  close(): Promise<void>;
}

// Mainland and international regions where KMS is sold (Tencent's region list, 2026).
export const SUPPORTED_REGIONS = new Set([
  'ap-guangzhou',
  'ap-shanghai',
  'ap-nanjing',
  'ap-beijing',
  'ap-chengdu',
  'ap-chongqing',
  'ap-hongkong',
  'ap-singapore',
  'ap-jakarta',
  'ap-seoul',
  'ap-tokyo',
  'ap-mumbai',
  'ap-bangkok',
  'na-siliconvalley',
  'na-ashburn',
  'eu-frankfurt',
  'sa-saopaulo',
  'ap-shanghai-fsi',
  'ap-shenzhen-fsi',
  'ap-beijing-fsi',
]);

export const CREATE_KEY_LIMIT_PER_SECOND = 100;
const MAX_BODY_BYTES = 10 * 1024 * 1024;

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

function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function flatHeaders(request: IncomingMessage): Record<string, string | undefined> {
  return Object.fromEntries(
    Object.entries(request.headers).map(([name, value]) => [
      name,
      Array.isArray(value) ? value.join(',') : value,
    ]),
  );
}

function sendJson(response: ServerResponse, status: number, document: unknown): void {
  const body = JSON.stringify(document);
  response.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
  });
  response.end(body);
}

function answer(response: ServerResponse, outcome: ActionOutcome, requestId: string): void {
  const inner =
    'result' in outcome
      ? { ...outcome.result, RequestId: requestId }
      : { Error: { Code: outcome.code, Message: outcome.message }, RequestId: requestId };
  sendJson(response, 200, { Response: inner });
}

export function createEmulator(options: EmulatorOptions): {
  server: Server;
  calls: LoggedCall[];
} {
  const now = options.now ?? Date.now;
  const log = options.log ?? (() => {});
  const store = new KeyStore(options.stateFile);
  const hsmClusters = new Set(options.hsmClusters ?? []);
  const limiter = new RateLimiter();
  const calls: LoggedCall[] = [];

  async function serveApi(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const requestId = randomUUID();
    const headers = flatHeaders(request);
    const action = headers['x-tc-action'] ?? '';
    const region = headers['x-tc-region'] ?? '';
    const body = await readBody(request);
    const outcome =
      body === undefined
        ? {
            code: 'RequestSizeLimitExceeded',
            message: `The request body exceeds ${MAX_BODY_BYTES} bytes.`,
          }
        : dispatch(action, region, headers, body);

    const alias = ('alias' in outcome ? outcome.alias : undefined) ?? aliasOf(body);
    const code = 'code' in outcome ? outcome.code : 'ok';
    calls.push({ action, region, alias, code });
    log(`${action || '-'} region=${region || '-'} alias=${alias || '-'} -> ${code}`);
    answer(response, outcome, requestId);
  }

  function dispatch(
    action: string,
    region: string,
    headers: Record<string, string | undefined>,
    body: Buffer,
  ): ActionOutcome {
    const nowMs = now();
    const refusal: Refusal | undefined = verifyCall(
      { headers, body },
      options.credentials,
      Math.floor(nowMs / 1000),
    );
    if (refusal) return refusal;

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
    return handler(body, { store, region, nowSeconds: Math.floor(nowMs / 1000), hsmClusters });
  }

  function serveControl(request: IncomingMessage, response: ServerResponse): void {
    if (request.url === '/_emulator/calls' && request.method === 'GET')
      return sendJson(response, 200, { calls });
    if (request.url === '/_emulator/calls' && request.method === 'DELETE') {
      calls.length = 0;
      return sendJson(response, 200, { calls });
    }
    sendJson(response, 404, { error: `no control route ${request.method} ${request.url}` });
  }

  const server = createServer((request, response) => {
    if (request.url?.startsWith('/_emulator/')) return serveControl(request, response);
    if (request.method !== 'POST' || request.url !== '/') {
      return sendJson(response, 404, { error: 'the KMS API is served at POST /' });
    }
    serveApi(request, response).catch((error: unknown) => {
      log(`internal error: ${(error as Error).message}`);
      answer(
        response,
        { code: 'InternalError', message: 'An internal error occurred.' },
        randomUUID(),
      );
    });
  });
  return { server, calls };
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
  const { server, calls } = createEmulator(options);
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
  return { url: `http://${shownHost}:${port}`, server, calls, close };
}
