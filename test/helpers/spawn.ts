// Runs the built bin/kms.js as a user would, and the emulator as a separate process.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import type { LoggedCall } from '../../src/emulator/control.js';

export const BIN = fileURLToPath(new URL('../../bin/kms.js', import.meta.url));

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runKms(
  args: string[],
  env: NodeJS.ProcessEnv,
  input?: string | Buffer,
  onSpawn?: (child: ChildProcess) => void,
  cwd: string = env['HOME'] ?? process.cwd(),
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd, stdio: 'pipe' });
    onSpawn?.(child);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

export interface SpawnedEmulator {
  url: string;
  /** Queues a fault (see src/emulator/faults.ts) for the next matching calls. */
  fault: (fault: string, times?: number, action?: string) => Promise<void>;
  /** Sets the emulator's clock this many seconds off real time. */
  clock: (offsetSeconds: number) => Promise<void>;
  stderr: () => string;
  calls: () => Promise<LoggedCall[]>;
  stop: () => Promise<void>;
}

export interface EmulatorProcess {
  url: string;
  stderr: () => string;
  stop: () => Promise<void>;
}

/** `kms emulator --port 0 ...args`, resolved once it prints the URL (http or https) it serves. */
export function startEmulatorProcess(
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<EmulatorProcess> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'emulator', '--port', '0', ...args], {
    env: { PATH: process.env['PATH'], ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = () =>
    new Promise<void>((done) => {
      child.removeAllListeners('exit');
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });

  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`emulator exited (${code}): ${stderr}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (https?:\/\/\S+)/.exec(stdout);
      if (match) resolve({ url: match[1]!, stderr: () => stderr, stop });
    });
  });
}

/** `kms emulator --port 0` over plain HTTP, with its control routes at hand. */
export async function spawnEmulator(
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<SpawnedEmulator> {
  const emulator = await startEmulatorProcess(args, env);
  const { url } = emulator;
  return {
    ...emulator,
    clock: async (offsetSeconds) => {
      const body = JSON.stringify({ offsetSeconds });
      await fetch(`${url}/_emulator/clock`, { method: 'POST', body });
    },
    fault: async (fault, times = 1, action) => {
      const body = JSON.stringify({ fault, times, action });
      const response = await fetch(`${url}/_emulator/faults`, { method: 'POST', body });
      if (!response.ok) throw new Error(`fault refused: ${await response.text()}`);
    },
    calls: async () =>
      ((await (await fetch(`${url}/_emulator/calls`)).json()) as { calls: LoggedCall[] }).calls,
  };
}
