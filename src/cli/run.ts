// The top of kms: argv in, exit code out. The one place that turns an error into an exit code
// and a message; nothing below it prints errors or exits.
import { EXIT } from '../errors.js';
import { colorLevel, loadStyles } from '../output/color.js';
import { VERSION } from '../version.js';
import { asKmsError, errorDocument, errorText } from './report.js';
import type { EmulatorCommandOptions } from './emulator.js';
import type { CreateKeyFlags } from './input.js';
import type { CliIO } from './io.js';
import type { GlobalOptions } from './program.js';

async function report(error: unknown, options: GlobalOptions, io: CliIO): Promise<number> {
  const failure = asKmsError(error);
  const styles = await loadStyles(colorLevel(io.env, io.stderr));
  io.stderr.write(errorText(failure, styles));
  if (options.json || options.output === 'json')
    io.stderr.write(`${JSON.stringify(errorDocument(failure))}\n`);
  if ((options.debug || io.env['KMS_DEBUG'] === '1') && error instanceof Error && error.stack) {
    io.stderr.write(`${error.stack}\n`);
  }
  return failure.exitCode;
}

/** commander reports its own errors (unknown flag, missing --alias); only the code is ours. */
function commanderExitCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('commander.')) return undefined;
  return code === 'commander.helpDisplayed' || code === 'commander.version' ? EXIT.ok : EXIT.usage;
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  // The commonest call in scripts answers before commander is even loaded.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  let options: GlobalOptions = {};
  let exitCode: number = EXIT.ok;
  try {
    const { buildProgram, outputFormat } = await import('./program.js');
    const program = buildProgram(io, async (command, parsed) => {
      options = parsed as GlobalOptions;
      const format = outputFormat(options, io.stdout.isTTY === true);
      if (command === 'create-key') {
        const { createKey } = await import('./create-key.js');
        exitCode = await createKey(
          { ...(parsed as unknown as CreateKeyFlags), ...options, format },
          io,
        );
      } else {
        const { runEmulator } = await import('./emulator.js');
        exitCode = await runEmulator(parsed as unknown as EmulatorCommandOptions, io);
      }
    });
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return commanderExitCode(error) ?? report(error, options, io);
  }
}
