// The entry that bin/kms.js loads: the real process, its streams and its clock.
import { run } from './cli/run.js';

export async function main(): Promise<void> {
  process.exitCode = await run(process.argv.slice(2), {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    now: Date.now,
  });
}
