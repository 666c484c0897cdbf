// What a completion script needs to know of kms, read from the commander program at run time so
// that a flag added to program.ts is completed with no change here.
import type { Command, Help, Option } from 'commander';

import { KEY_TYPES, KEY_USAGES } from '../../kms/types.js';

/** What follows a flag: nothing, any text, a file, or one of some words; named as in --help. */
export type FlagValue =
  | { kind: 'none' }
  | { kind: 'text'; name: string }
  | { kind: 'file'; name: string }
  | { kind: 'words'; name: string; words: readonly string[] };

export interface FlagSpec {
  /** The names the flag goes by, short first: ['-o', '--output']. */
  names: string[];
  description: string;
  value: FlagValue;
  /** May be given more than once, as --tag. */
  repeatable: boolean;
}

export interface CommandSpec {
  name: string;
  description: string;
  /** The command's own flags, less those that repeat a global one. */
  flags: FlagSpec[];
  /** The words its first operand may be; empty when it takes none or any. */
  operands: readonly string[];
}

export interface ProgramSpec {
  /** The root program's flags: commander takes them before and after the command. */
  globals: FlagSpec[];
  commands: CommandSpec[];
}

/** Flags whose value is a file, by long name, including some that kms may grow later. */
const FILE_FLAGS = new Set([
  '--config',
  '--input',
  '--batch',
  '--ca-bundle',
  '--state',
  '--tls-cert',
  '--tls-key',
  '--key-material',
]);

/** The values of flags that kms checks itself, so commander has no choices for them. */
const WORDS_BY_FLAG: Record<string, readonly string[]> = {
  '--usage': KEY_USAGES,
  '--type': Object.keys(KEY_TYPES),
  '--output': ['table', 'json'],
  '--language': ['zh-CN', 'en-US'],
};

/** Descriptions go on one line in every shell's syntax. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();

export const takesValue = (flag: FlagSpec): boolean => flag.value.kind !== 'none';

function flagValue(option: Option): FlagValue {
  if (option.negate || (!option.required && !option.optional)) return { kind: 'none' };
  const name = /[<[]([^>\]]+?)(?:\.\.\.)?[>\]]/.exec(option.flags)?.[1] ?? 'value';
  if (option.argChoices) return { kind: 'words', name, words: option.argChoices };

  const long = option.long ?? '';
  if (FILE_FLAGS.has(long)) return { kind: 'file', name };
  const words = WORDS_BY_FLAG[long];
  return words ? { kind: 'words', name, words } : { kind: 'text', name };
}

function flagSpec(option: Option): FlagSpec {
  return {
    names: [option.short, option.long].filter((name): name is string => name !== undefined),
    description: oneLine(option.description),
    value: flagValue(option),
    // commander has no word for it: a list as the default, or a variadic value, says so.
    repeatable: Array.isArray(option.defaultValue) || option.variadic,
  };
}

function commandSpec(command: Command, help: Help, globals: FlagSpec[]): CommandSpec {
  const globalNames = new Set(globals.flatMap((flag) => flag.names));
  const flags = help
    .visibleOptions(command)
    .map(flagSpec)
    .filter((flag) => !flag.names.some((name) => globalNames.has(name)));

  return {
    name: command.name(),
    description: oneLine(command.description()),
    flags,
    operands: command.registeredArguments[0]?.argChoices ?? [],
  };
}

/** The program's visible commands (commander's implicit help included) and flags. */
export function describeProgram(program: Command): ProgramSpec {
  const help = program.createHelp();
  const globals = help.visibleOptions(program).map(flagSpec);
  const commands = help
    .visibleCommands(program)
    .map((command) => commandSpec(command, help, globals));

  return { globals, commands };
}

/** The flags a command takes: its own, then the global ones. */
export const commandFlags = (spec: ProgramSpec, command: CommandSpec): FlagSpec[] => [
  ...command.flags,
  ...spec.globals,
];
