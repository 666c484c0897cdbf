// The top of kms: argv in, exit code out. The one place that turns an error into an exit code
// and a message; nothing below it prints errors or exits.
import { EXIT } from '../errors.js';
import { colorLevel, loadStyles } from '../output/color.js';
import { VERSION } from '../version.js';
import { asKmsError, errorDocument, errorText } from './report.js';
import type { EmulatorCommandOptions } from './emulator.js';
import type { ShowConfigOptions } from './config-command.js';
import type { CreateKeyOptions } from './create-key.js';
import type { ImportKeyMaterialOptions } from './import-key-material.js';
import type { CliIO } from './io.js';
import type { CommandName, GlobalOptions } from './program.js';

interface ReportOptions {
  jsonErrors: boolean;
  debug: boolean;
  /** The command calls the service (create-key): its refusals say that nothing was sent. */
  sends: boolean;
}

async function report(error: unknown, options: ReportOptions, io: CliIO): Promise<number> {
  const failure = asKmsError(error);
  const styles = await loadStyles(colorLevel(io.env, io.stderr));
  io.stderr.write(errorText(failure, styles, options.sends));
  if (options.jsonErrors) io.stderr.write(`${JSON.stringify(errorDocument(failure))}\n`);
  if (options.debug && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
  return failure.exitCode;
}

/** Each command's module is loaded only when that command runs. */
async function runCommand(command: CommandName, options: object, io: CliIO): Promise<number> {
  if (command === 'create-key') {
    const { createKey } = await import('./create-key.js');
    return createKey(options as CreateKeyOptions, io);
  }
  if (command === 'import-key-material') {
    const { importKeyMaterial } = await import('./import-key-material.js');
    return importKeyMaterial(options as ImportKeyMaterialOptions, io);
  }
  if (command === 'config') {
    const { showConfig } = await import('./config-command.js');
    return showConfig(options as ShowConfigOptions, io);
  }
  const { runEmulator } = await import('./emulator.js');
  return runEmulator(options as EmulatorCommandOptions, io);
}

/** commander reports its own errors (unknown flag, missing --alias); only the code is ours. */
function commanderExitCode(error: unknown): number | undefined {
  const { code, exitCode } = error as { code?: unknown; exitCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('commander.')) return undefined;
  // Help asked for (kms help, --help, --version) is exit 0; help shown for a mistake is exit 2.
  return exitCode === 0 ? EXIT.ok : EXIT.usage;
}

export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  // The commonest call in scripts answers before commander is even loaded.
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    io.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  let options: GlobalOptions = {};
  let jsonErrors = false;
  let running: CommandName | undefined;
  let exitCode: number = EXIT.ok;
  try {
    const { buildProgram, outputFormat } = await import('./program.js');
    const program = buildProgram(io, async (command, parsed) => {
      options = parsed as GlobalOptions;
      running = command;
      jsonErrors = options.json === true || options.output === 'json';
      const format = (configured?: { value: 'table' | 'json' }) => {
        const chosen = outputFormat(options, configured?.value, io.stdout.isTTY === true);
        // A JSON error document only when JSON was asked for, not merely because of a pipe.
        jsonErrors ||= chosen === 'json' && configured?.value === 'json';
        return chosen;
      };
      exitCode = await runCommand(command, { ...parsed, format }, io);
    });
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    const debug = options.debug === true || io.env['KMS_DEBUG'] === '1';
    const sends = running === 'create-key' || running === 'import-key-material';
    return commanderExitCode(error) ?? report(error, { jsonErrors, debug, sends }, io);
  }
}
