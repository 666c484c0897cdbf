// The entry that bin/kms.js loads: the real process, its streams and its clock.
import { homedir } from 'node:os';

import { run } from './cli/run.js';

export async function main(): Promise<void> {
  // The first Ctrl-C (or SIGTERM) gives up what is in flight and lets kms say what happened;
  // a second one ends the process at once, as Node does by default.
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort());
  process.once('SIGTERM', () => interrupt.abort());

  process.exitCode = await run(process.argv.slice(2), {
    signal: interrupt.signal,
    env: process.env,
    cwd: process.cwd(),
    home: homedir(),
    stdout: process.stdout,
    stderr: process.stderr,
    now: Date.now,
  });
}
