// The completion scripts, written from the program and run in the shells that are installed.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Command, Option } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';

import { completionScript, SHELLS, type Shell } from '../../src/cli/completion.js';
import type { CliIO } from '../../src/cli/io.js';
import { buildProgram } from '../../src/cli/program.js';
import { KEY_USAGES } from '../../src/kms/types.js';

const dir = mkdtempSync(join(tmpdir(), 'kms-completion-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'settings.json'), '{}');
writeFileSync(join(dir, 'state.json'), '{}');

const io: CliIO = {
  env: {},
  cwd: dir,
  home: dir,
  stdout: { write: () => true },
  stderr: { write: () => true },
  now: () => 0,
};

const newProgram = (): Command => buildProgram(io, async () => {});
const program = newProgram();
const subcommand = (from: Command, name: string): Command =>
  from.commands.find((command) => command.name() === name) ?? new Command(name);

const COMMANDS = ['create-key', 'emulator', 'config', 'completion', 'help'];
const longFlags = (command: Command): string[] =>
  command.options.flatMap((option) => (option.long ? [option.long] : []));
const FLAGS = [...longFlags(program), ...longFlags(subcommand(program, 'create-key')), '--help'];

/** Writes the script to a file and returns its path. */
function scriptFile(shell: Shell, from: Command = program): string {
  const file = join(dir, `kms.${shell}`);
  writeFileSync(file, completionScript(shell, from));
  return file;
}

const onPath = (name: string): boolean =>
  spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;

/** What _kms offers for the words of a command line, the last being the one completed. */
function completeInBash(words: string[], from: Command = program): string[] {
  const quoted = words.map((word) => `'${word.replaceAll("'", `'\\''`)}'`).join(' ');
  const body = `source "$1"; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _kms
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const file = scriptFile('bash', from);
  const output = execFileSync('bash', ['-c', body, 'bash', file], { cwd: dir, encoding: 'utf8' });
  return output.split('\n').filter((line) => line !== '');
}

/** What fish offers for a command line, without the descriptions unless asked. */
function completeInFish(line: string, from: Command = program, described = false): string[] {
  const file = scriptFile('fish', from);
  const output = execFileSync('fish', ['-c', 'source $argv[1]; complete -C $argv[2]', file, line], {
    cwd: dir,
    encoding: 'utf8',
  });
  const entries = output.split('\n').filter((entry) => entry !== '');
  return described ? entries : entries.map((entry) => entry.split('\t')[0] ?? '');
}

const has = (command: Command, name: string): boolean =>
  command.commands.some((sub) => sub.name() === name) ||
  command.options.some((o) => o.long === name);

/** A program with flags kms does not have yet, to show that they are completed too. */
function grownProgram(): Command {
  const grown = newProgram();
  if (!has(grown, '--language')) grown.option('--language <lang>', 'language of the messages');
  if (!has(grown, 'completion')) grown.command('completion').argument('<shell>');
  const createKey = subcommand(grown, 'create-key');
  if (!has(createKey, '--key-material'))
    createKey.option('--key-material <file>', 'import this key material');
  createKey
    .addOption(new Option('--colour <when>', 'when to colour').choices(['auto', 'never']))
    .option('--odd <x>', 'it\'s [odd]:\n  $HOME `pwd` \\ "quoted"');
  return grown;
}

describe.each(SHELLS)('the %s script', (shell) => {
  const text = completionScript(shell, program);
  const flagAs = (long: string): string => (shell === 'fish' ? `-l ${long.slice(2)} ` : long);

  it('names every command, every flag of create-key and the globals, and every KeyUsage', () => {
    for (const command of COMMANDS) expect(text).toContain(command);
    for (const long of FLAGS) expect(text).toContain(flagAs(long));
    for (const usage of KEY_USAGES) expect(text).toContain(usage);
  });

  it('starts with how to install it', () => {
    expect(text).toMatch(shell === 'zsh' ? /^#compdef kms\n# .*install/i : /^# .*\n#.*kms/);
    expect(text).toContain(`kms completion ${shell}`);
  });
});

describe('the bash script', () => {
  it('is valid bash, with odd descriptions too', () => {
    expect(() => execFileSync('bash', ['-n', scriptFile('bash')])).not.toThrow();
    expect(() => execFileSync('bash', ['-n', scriptFile('bash', grownProgram())])).not.toThrow();
  });

  it('completes commands, flags and their values', () => {
    expect(completeInBash(['kms', 'cre'])).toEqual(['create-key']);
    expect(completeInBash(['kms', 'create-key', '--us'])).toContain('--usage');
    expect(completeInBash(['kms', 'create-key', '--usage', 'ASYM'])).toEqual(
      KEY_USAGES.filter((usage) => usage.startsWith('ASYMMETRIC_')),
    );
    expect(completeInBash(['kms', 'create-key', '--type', ''])).toEqual(['default', 'external']);
    expect(completeInBash(['kms', '-o', ''])).toEqual(['table', 'json']);
    expect(completeInBash(['kms', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    expect(completeInBash(['kms', 'help', 'e'])).toEqual(['emulator']);
  });

  it('completes file names for flags that take a file, and nothing for free text', () => {
    expect(completeInBash(['kms', '--config', 'set'])).toEqual(['settings.json']);
    expect(completeInBash(['kms', 'emulator', '--state', 'st'])).toEqual(['state.json']);
    expect(completeInBash(['kms', 'create-key', '--alias', ''])).toEqual([]);
  });

  it('finds the command after global flags, skipping the values of those that take one', () => {
    expect(completeInBash(['kms', '--region', 'ap-guangzhou', 'cr'])).toEqual(['create-key']);
    expect(completeInBash(['kms', '--json', 'e'])).toEqual(['emulator']);
    expect(completeInBash(['kms', '--json', 'create-key', '--ali'])).toEqual(['--alias']);
  });

  it('takes --flag=value, which bash splits at the =', () => {
    const words = ['kms', 'create-key', '--usage', '=', 'ASYMMETRIC_SIGN_VERIFY_EC'];
    expect(completeInBash(words)).toEqual([
      'ASYMMETRIC_SIGN_VERIFY_ECC',
      'ASYMMETRIC_SIGN_VERIFY_ECDSA384',
    ]);
    expect(completeInBash(['kms', '--output', '='])).toEqual(['table', 'json']);
  });

  it('completes flags added to the program later, and choices given to commander', () => {
    const grown = grownProgram();
    expect(completeInBash(['kms', 'create-key', '--key-material', 'set'], grown)).toEqual([
      'settings.json',
    ]);
    expect(completeInBash(['kms', 'create-key', '--colour', ''], grown)).toEqual(['auto', 'never']);
    expect(completeInBash(['kms', '--language', ''], grown)).toEqual(['zh-CN', 'en-US']);
    expect(completeInBash(['kms', 'config', '--lang'], grown)).toEqual(['--language']);
    expect(completeInBash(['kms', 'completion', 'z'], grown)).toEqual(['zsh']);
    expect(completeInBash(['kms', 'comp'], grown)).toEqual(['completion']);
  });
});

describe('the zsh script', () => {
  it.skipIf(!onPath('zsh'))('is valid zsh, with odd descriptions too', () => {
    expect(() => execFileSync('zsh', ['-n', scriptFile('zsh')])).not.toThrow();
    expect(() => execFileSync('zsh', ['-n', scriptFile('zsh', grownProgram())])).not.toThrow();
  });
});

describe('the fish script', () => {
  const hasFish = onPath('fish');

  it.skipIf(!hasFish)('is valid fish, with odd descriptions too', () => {
    expect(() => execFileSync('fish', ['--no-execute', scriptFile('fish')])).not.toThrow();
    const grown = scriptFile('fish', grownProgram());
    expect(() => execFileSync('fish', ['--no-execute', grown])).not.toThrow();
  });

  it.skipIf(!hasFish)('keeps a description on one line, as written', () => {
    const offered = completeInFish('kms create-key --od', grownProgram(), true);
    expect(offered).toEqual([`--odd\tit's [odd]: $HOME \`pwd\` \\ "quoted"`]);
  });

  it.skipIf(!hasFish)('completes commands, flags and their values', () => {
    expect(completeInFish('kms cre')).toEqual(['create-key']);
    expect(completeInFish('kms --region ap-guangzhou cr')).toEqual(['create-key']);
    expect(completeInFish('kms create-key --us')).toContain('--usage');
    expect(completeInFish('kms create-key --type ')).toEqual(['default', 'external']);
    expect(completeInFish('kms completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(completeInFish('kms emulator --state st')).toEqual(['state.json']);
    expect(completeInFish('kms create-key --alias ')).toEqual([]);
    expect(completeInFish('kms comp', grownProgram())).toEqual(['completion']);
  });
});
