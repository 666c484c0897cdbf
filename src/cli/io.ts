// What a command may touch of the outside world, passed in so that tests can supply their own.
import type { Stream } from '../output/color.js';
import type { Transport } from '../http/transport.js';

export interface CliIO {
  env: NodeJS.ProcessEnv;
  stdout: Stream;
  stderr: Stream;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Replaces undici in tests that need to see or shape the traffic. */
  transport?: Transport;
}
