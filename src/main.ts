// The entry that bin/kms.js loads (after answering --version itself): the real process, its
// streams and its clock.
export async function main(): Promise<void> {
  const argv = process.argv.slice(2);
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
