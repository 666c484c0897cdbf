// The commander wiring: flags to typed options, options to the command functions.
import { Argument, Command, Option } from 'commander';

import { UsageError } from '../errors.js';
import { WRAPPING_ALGORITHMS } from '../kms/material.js';
import { KEY_USAGES } from '../kms/types.js';
import type { OutputFormat } from '../output/render.js';
import { VERSION } from '../version.js';
import { completionScript, SHELLS, type Shell } from './completion.js';
import {
  COMPLETION_HELP,
  CONFIG_HELP,
  CREATE_KEY_EXAMPLES,
  IMPORT_HELP,
  EMULATOR_HELP,
  ENVIRONMENT_HELP,
  EXIT_CODES_HELP,
} from './help.js';
import type { CliIO } from './io.js';

export interface GlobalOptions {
  region?: string;
  endpoint?: string;
  output?: 'table' | 'json';
  json?: boolean;
  quiet?: boolean;
  timeout?: string;
  maxAttempts?: string;
  deadline?: string;
  proxy?: string;
  caBundle?: string;
  debug?: boolean;
  profile?: string;
  config?: string;
  language?: string;
  useCvmRole?: boolean;
}

/** The output format: as the flags ask, else as configured, else a table on a terminal or JSON. */
export function outputFormat(
  options: GlobalOptions,
  configured: 'table' | 'json' | undefined,
  stdoutIsTTY: boolean,
): OutputFormat {
  if (options.json && options.output === 'table') {
    throw new UsageError('--json and --output table contradict each other: give one of them');
  }
  if (options.quiet) return 'quiet';
  if (options.json) return 'json';
  return options.output ?? configured ?? (stdoutIsTTY ? 'table' : 'json');
}

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function addGlobalOptions(program: Command): Command {
  return program
    .option(
      '--region <region>',
      'region of the key, such as ap-guangzhou (default: $TENCENTCLOUD_REGION)',
    )
    .option(
      '--endpoint <host-or-url>',
      'API endpoint (default: kms.tencentcloudapi.com; http:// only to loopback)',
    )
    .addOption(
      new Option(
        '-o, --output <format>',
        'output format (default: table on a terminal, json otherwise)',
      ).choices(['table', 'json']),
    )
    .option('--json', 'the same as --output json')
    .option('-q, --quiet', 'print only the KeyId')
    .option('--timeout <seconds>', 'give up on one attempt after this many seconds (default: 30)')
    .option(
      '--max-attempts <n>',
      'attempts at most, for throttling and failures that are safe to retry (default: 3)',
    )
    .option(
      '--deadline <seconds>',
      'give up on the whole call, retries included, after this long (default: 90)',
    )
    .option(
      '--proxy <url>',
      'send through this HTTP proxy (default: $HTTPS_PROXY, $HTTP_PROXY, less $NO_PROXY)',
    )
    .option('--ca-bundle <file>', 'also trust the CA certificates in this PEM file')
    .option(
      '--profile <name>',
      'profile in config files (else $KMS_PROFILE) and tccli (else $TCCLI_PROFILE)',
    )
    .option('--config <file>', 'read settings from this JSON or YAML file instead of searching')
    .option('--use-cvm-role', "use the CVM instance role's temporary credentials")
    .addOption(
      new Option('--language <lang>', "language of the service's messages").choices([
        'zh-CN',
        'en-US',
      ]),
    )
    .option('--debug', 'trace requests and, on failure, show the stack (also KMS_DEBUG=1)');
}

export type CommandName = 'create-key' | 'import-key-material' | 'emulator' | 'config';

function wrappingAlgorithmOption(): Option {
  const description = 'how the material is wrapped for transport (default: RSAES_OAEP_SHA_256)';
  return new Option('--wrapping-algorithm <alg>', description).choices(WRAPPING_ALGORITHMS);
}

export type Runner = (command: CommandName, options: Record<string, unknown>) => Promise<void>;

export function buildProgram(io: CliIO, runCommand: Runner): Command {
  const program = addGlobalOptions(new Command('kms'))
    .description('Create customer master keys (CMKs) in Tencent Cloud KMS.')
    .version(VERSION, '-v, --version', 'print the version of kms')
    .helpOption('-h, --help', 'show help')
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`kms: ${text}`),
    })
    .exitOverride()
    .addHelpText('after', `\n${ENVIRONMENT_HELP}\n\n${EXIT_CODES_HELP}\n`);

  program
    .command('create-key')
    .description('Create a customer master key (the CreateKey action).')
    // Checked by kms, not commander, so that a misspelt flag is reported before a missing alias
    // and a missing alias together with every other problem.
    .option(
      '--alias <alias>',
      'required: name of the key, 1-60 letters, digits, - and _, starting with a letter or digit',
    )
    .option('--description <text>', 'description, at most 1024 bytes of UTF-8')
    .option(
      '--usage <usage>',
      `what the key is for: ${KEY_USAGES.join(', ')} (default: ENCRYPT_DECRYPT, or defaults.usage in a config file)`,
    )
    .option(
      '--type <type>',
      'default (KMS makes the key material, also 1) or external (you import it, also 2); default: default',
    )
    .option('--tag <key=value>', 'a tag to bind to the key; repeat for more', collect, [])
    .option('--hsm-cluster-id <id>', 'HSM cluster of a KMS exclusive or managed instance')
    .option(
      '--allow-unknown-usage',
      'send a --usage this version does not know (the service may have added it), with a warning',
    )
    .option(
      '--if-not-exists',
      'if a key has the alias, print it ("Created": false) instead of failing; exit 5 if it differs',
    )
    .option(
      '--dry-run',
      'validate, build and sign the request and print it, signature and token redacted; send nothing',
    )
    .option(
      '--input <file>',
      "read the request from a JSON file in the API's shape (- for stdin); flags win over it",
    )
    .option('--skeleton', 'print a template for --input and --batch, and exit')
    .option(
      '--batch <file>',
      'create one key per line of a JSON-lines file (- for stdin), one result line each',
    )
    .option('--rate <n>', 'with --batch: CreateKey calls a second at most (default and most: 100)')
    .option(
      '--key-material <file>',
      'with --type external: import these raw bytes (- for stdin) as the key material',
    )
    .addOption(wrappingAlgorithmOption())
    .option(
      '--material-expires <date>',
      'when the imported material expires: never (default), a date, or Unix seconds',
    )
    .addHelpText('after', `\n${CREATE_KEY_EXAMPLES}`)
    .action((_options, command: Command) => runCommand('create-key', command.optsWithGlobals()));

  program
    .command('emulator')
    .description('Serve a local KMS API for tests and demos (no cloud account needed).')
    .option('--port <port>', 'port to listen on; 0 picks a free one', '9000')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--state <file>', 'keep the keys in this JSON file across restarts')
    .option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (with --tls-key)')
    .option('--tls-key <file>', 'the PEM private key of --tls-cert')
    .addHelpText('after', EMULATOR_HELP)
    .action((_options, command: Command) => runCommand('emulator', command.optsWithGlobals()));

  program
    .command('import-key-material')
    .description('Import key material into an EXTERNAL key made earlier (or import it again).')
    .option('--key-id <id>', 'required: the KeyId of the EXTERNAL key')
    .option('--key-material <file>', 'required: the raw key material, 16 or 32 bytes (- for stdin)')
    .addOption(wrappingAlgorithmOption())
    .option(
      '--material-expires <date>',
      'when the material expires: never (default), a date, or Unix seconds',
    )
    .addHelpText('after', IMPORT_HELP)
    .action((_options, command: Command) =>
      runCommand('import-key-material', command.optsWithGlobals()),
    );

  program
    .command('completion')
    .description(
      'Print a script that completes kms commands, flags and values in bash, zsh or fish.',
    )
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .addHelpText('after', COMPLETION_HELP)
    // Built when run, so that the script sees every command and flag.
    .action((shell: Shell) => void io.stdout.write(completionScript(shell, program)));

  program
    .command('config')
    .description('Show every resolved setting and where it came from; secrets are never shown.')
    .addHelpText('after', CONFIG_HELP)
    .action((_options, command: Command) => runCommand('config', command.optsWithGlobals()));

  return program;
}
