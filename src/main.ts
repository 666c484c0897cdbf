// The entry that bin/kms.js loads: the real process, its streams and its clock. It imports
// nothing up front, so that `kms --version`, the commonest call in scripts, loads no other file.
import { VERSION } from './version.js';

export async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  const [{ homedir }, { run }] = await Promise.all([import('node:os'), import('./cli/run.js')]);

  // The first Ctrl-C (or SIGTERM) gives up what is in flight and lets kms say what happened;
  // a second one ends the process at once, as Node does by default.
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort());
  process.once('SIGTERM', () => interrupt.abort());

  process.exitCode = await run(argv, {
    signal: interrupt.signal,
    env: process.env,
    cwd: process.cwd(),
    home: homedir(),
    stdout: process.stdout,
    stderr: process.stderr,
    // A getter: touching process.stdin sets up a stream, which most runs do not need.
    get stdin() {
      return process.stdin;
    },
    now: Date.now,
  });
}
