// What a command needs to call the service: one transport (undici, or the tests' own) and the
// call context around it, with the retry policy and the --debug trace.
import type { Settings } from '../config/settings.js';
import type { ReliableContext } from '../http/create-key.js';
import { BASE_DELAY_MS, MAX_DELAY_MS } from '../http/retry.js';
import type { CliIO } from './io.js';

const CONNECT_TIMEOUT_MS = 10_000;

export function isDebug(options: { debug?: boolean | undefined }, io: CliIO): boolean {
  return options.debug === true || io.env['KMS_DEBUG'] === '1';
}

export interface Session {
  context: ReliableContext;
  close(): Promise<void>;
}

export async function openSession(
  settings: Settings,
  debug: boolean,
  io: CliIO,
  notify: (message: string) => void,
): Promise<Session> {
  const { network } = settings;
  const transport =
    io.transport ??
    (await (
      await import('../http/transport.js')
    ).createUndiciTransport({
      connectTimeoutMs: Math.min(CONNECT_TIMEOUT_MS, settings.timeoutMs),
      proxy: network.proxy,
      env: io.env,
      ca: network.ca,
    }));
  const context: ReliableContext = {
    target: { endpoint: settings.endpoint, region: settings.region, language: settings.language },
    credentials: settings.credentials.get,
    timeoutMs: settings.timeoutMs,
    now: io.now,
    transport,
    signal: io.signal,
    trace: debug ? (line) => io.stderr.write(`kms debug: ${line}\n`) : undefined,
    notify,
    policy: {
      maxAttempts: network.maxAttempts,
      deadlineMs: network.deadlineMs,
      baseDelayMs: BASE_DELAY_MS,
      maxDelayMs: MAX_DELAY_MS,
      random: Math.random,
    },
  };
  return { context, close: () => (io.transport ? Promise.resolve() : transport.close()) };
}
