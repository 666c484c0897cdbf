import type { CliIO } from '../../src/cli/io.js';
import { run } from '../../src/cli/run.js';
import type { Transport } from '../../src/http/transport.js';
import { EMPTY_HOME, testEnv } from './credentials.js';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  tty?: boolean;
  now?: () => number;
  transport?: Transport;
  cwd?: string;
}

/** kms in this process, with its own environment, clock and captured streams. */
export async function runInProcess(argv: string[], options: RunOptions = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    env: options.env ?? testEnv(),
    cwd: options.cwd ?? EMPTY_HOME,
    home: (options.env ?? testEnv())['HOME'] ?? EMPTY_HOME,
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: options.tty ?? false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: false },
    now: options.now ?? Date.now,
    ...(options.transport ? { transport: options.transport } : {}),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
