// What a command may touch of the outside world, passed in so that tests can supply their own.
import type { Stream } from '../output/color.js';
import type { Transport } from '../http/transport.js';

export interface CliIO {
  env: NodeJS.ProcessEnv;
  /** Where the project config search starts. */
  cwd: string;
  /** The user's home: tccli's and the SDKs' files, and the default user config directory. */
  home: string;
  stdout: Stream;
  stderr: Stream;
  /** Read for `--input -` and `--batch -`. */
  stdin?: AsyncIterable<Buffer | string>;
  /** Milliseconds since the epoch. */
  now: () => number;
  /** Aborted when the user interrupts (Ctrl-C): a request in flight is given up. */
  signal?: AbortSignal;
  /** Replaces undici in tests that need to see or shape the traffic. */
  transport?: Transport;
}
