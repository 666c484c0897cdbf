// `kms emulator`: the local KMS, in the foreground until Ctrl-C or SIGTERM.
import { readFileSync } from 'node:fs';

import { emulatorCredential, EMULATOR_HSM_CLUSTER } from '../emulator/defaults.js';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../emulator/server.js';
import { isLoopback } from '../config/endpoint.js';
import { UsageError } from '../errors.js';
import type { CliIO } from './io.js';

export interface EmulatorCommandOptions {
  host: string;
  port: string;
  state?: string | undefined;
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
}

function readTls(options: EmulatorCommandOptions): { cert: string; key: string } | undefined {
  if (!options.tlsCert && !options.tlsKey) return undefined;
  if (!options.tlsCert || !options.tlsKey) {
    throw new UsageError('--tls-cert and --tls-key go together: give both to serve HTTPS');
  }
  const read = (flag: string, path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (error) {
      throw new UsageError(
        `${flag} "${path}": could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
  };
  return { cert: read('--tls-cert', options.tlsCert), key: read('--tls-key', options.tlsKey) };
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(
      `--port "${value}": must be a whole number from 0 to 65535 (0 picks a free port)`,
    );
  }
  return port;
}

/** Listening fails for reasons the user fixes (a port in use, a privileged port): exit 2. */
async function listen(
  options: EmulatorCommandOptions,
  settings: EmulatorOptions,
): Promise<RunningEmulator> {
  try {
    return await startEmulator(settings);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EADDRINUSE' && code !== 'EACCES' && code !== 'EADDRNOTAVAIL') throw error;
    throw new UsageError(
      `--host ${options.host} --port ${options.port}: cannot listen there (${code})`,
    );
  }
}

export async function runEmulator(options: EmulatorCommandOptions, io: CliIO): Promise<number> {
  const credential = emulatorCredential(io.env);
  const emulator = await listen(options, {
    host: options.host,
    port: parsePort(options.port),
    credentials: [credential],
    stateFile: options.state,
    tls: readTls(options),
    hsmClusters: [EMULATOR_HSM_CLUSTER],
    extraUsages: (io.env['KMS_EMULATOR_EXTRA_USAGES'] ?? '').split(',').filter(Boolean),
    now: io.now,
    log: (line) => io.stderr.write(`kms emulator: ${line}\n`),
  });
  if (!isLoopback(options.host)) {
    io.stderr.write(
      `kms emulator: warning: listening on ${options.host}, reachable from other machines\n`,
    );
  }
  io.stderr.write(
    `kms emulator: accepting SecretId ${credential.secretId}${credential.token ? ' with its token' : ''}\n`,
  );
  io.stdout.write(`KMS emulator listening on ${emulator.url}\n`);

  await new Promise<void>((resolve) => {
    if (io.signal?.aborted) return resolve();
    io.signal?.addEventListener('abort', () => resolve(), { once: true });
  });
  await emulator.close();
  return 0;
}
