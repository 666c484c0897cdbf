// Routes under /_emulator/ for tests: what reached the emulator, faults to suffer, its clock.
import type { IncomingMessage, ServerResponse } from 'node:http';

import { FaultQueue, FAULTS, isFault } from './faults.js';
import { readBody, sendJson } from './http.js';

export interface LoggedCall {
  action: string;
  region: string;
  alias: string;
  code: string;
  /** When the emulator answered, by its own clock (ms since the epoch). */
  at: number;
  /** The KeyId a CreateKey made. */
  keyId?: string | undefined;
  /** X-TC-Language, when the call had one. */
  language?: string | undefined;
}

export interface EmulatorState {
  calls: LoggedCall[];
  faults: FaultQueue;
  /** Added to the emulator's clock, to play a service whose time differs from the client's. */
  clockOffsetMs: number;
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const body = await readBody(request);
  const parsed: unknown = JSON.parse(body?.toString('utf8') || '{}');
  return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
}

async function addFault(
  request: IncomingMessage,
  state: EmulatorState,
): Promise<string | undefined> {
  const { fault, times = 1, action } = await readJson(request);
  if (!isFault(fault)) return `fault must be one of ${FAULTS.join(', ')}`;
  if (!Number.isInteger(times) || (times as number) < 1)
    return 'times must be a whole number above 0';
  if (action !== undefined && typeof action !== 'string') return 'action must be a string';
  state.faults.add({ fault, times: times as number, action });
  return undefined;
}

async function setClock(
  request: IncomingMessage,
  state: EmulatorState,
): Promise<string | undefined> {
  const { offsetSeconds } = await readJson(request);
  if (typeof offsetSeconds !== 'number') return 'offsetSeconds must be a number';
  state.clockOffsetMs = offsetSeconds * 1000;
  return undefined;
}

type Route = (request: IncomingMessage, state: EmulatorState) => Promise<string | undefined>;

const ROUTES: Readonly<Record<string, Route>> = {
  'GET /_emulator/calls': async () => undefined,
  'DELETE /_emulator/calls': async (_request, state) => {
    state.calls.length = 0;
    return undefined;
  },
  'GET /_emulator/faults': async () => undefined,
  'POST /_emulator/faults': addFault,
  'DELETE /_emulator/faults': async (_request, state) => {
    state.faults.clear();
    return undefined;
  },
  'POST /_emulator/clock': setClock,
};

export async function serveControl(
  request: IncomingMessage,
  response: ServerResponse,
  state: EmulatorState,
): Promise<void> {
  const route = ROUTES[`${request.method} ${request.url}`];
  if (!route)
    return sendJson(response, 404, { error: `no route ${request.method} ${request.url}` });

  const problem = await route(request, state).catch((error: Error) => error.message);
  if (problem) return sendJson(response, 400, { error: problem });
  const { calls, faults, clockOffsetMs } = state;
  sendJson(response, 200, {
    calls,
    faults: faults.rules,
    clockOffsetSeconds: clockOffsetMs / 1000,
  });
}
