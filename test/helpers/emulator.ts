// An emulator in this process, and a way to send it signed (or deliberately broken) requests.
import {
  buildSignedRequest,
  type Credentials,
  type SignedRequest,
} from '../../src/http/request.js';
import { EMULATOR_SECRET_ID, EMULATOR_SECRET_KEY } from '../../src/emulator/defaults.js';
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../src/emulator/server.js';

export const CREDENTIALS: Credentials = {
  secretId: EMULATOR_SECRET_ID,
  secretKey: EMULATOR_SECRET_KEY,
};

export function startTestEmulator(
  options: Partial<EmulatorOptions> = {},
): Promise<RunningEmulator> {
  return startEmulator({
    credentials: [CREDENTIALS],
    hsmClusters: ['cls-hsm-emulator'],
    ...options,
  });
}

export interface SendOptions {
  region?: string;
  credentials?: Credentials;
  timestamp?: number;
  /** Changes the signed request before it is sent, to break one thing at a time. */
  tamper?: (request: SignedRequest) => void;
}

export async function send(
  emulator: RunningEmulator,
  action: string,
  params: object,
  options: SendOptions = {},
): Promise<Record<string, unknown>> {
  const request = buildSignedRequest(
    action,
    params,
    { endpoint: new URL(emulator.url), region: options.region ?? 'ap-guangzhou' },
    options.credentials ?? CREDENTIALS,
    options.timestamp ?? Math.floor(Date.now() / 1000),
  );
  options.tamper?.(request);
  const { Host: _host, ...headers } = request.headers;
  const response = await fetch(request.url, { method: 'POST', headers, body: request.body });
  return ((await response.json()) as { Response: Record<string, unknown> }).Response;
}

export function errorCode(response: Record<string, unknown>): string | undefined {
  return (response['Error'] as { Code?: string } | undefined)?.Code;
}
