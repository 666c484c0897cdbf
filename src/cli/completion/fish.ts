// The fish script: one `complete` line per command, flag and operand list, each with the condition
// under which fish offers it.
import type { CommandSpec, FlagSpec, ProgramSpec } from './model.js';
import { takesValue } from './model.js';

/** A string in single quotes, where fish gives only a backslash and a quote a meaning. */
const quote = (text: string): string => `'${text.replace(/[\\']/g, '\\$&')}'`;

/** A word of an -a list, which fish splits and expands as it would a command line. */
const listWord = (word: string): string => word.replace(/[^\w.,:+@%/=-]/g, '\\$&');

const wordList = (words: readonly string[]): string => quote(words.map(listWord).join(' '));

function nameArgs(name: string): string {
  if (name.startsWith('--')) return `-l ${name.slice(2)}`;
  // fish's -o is a long option with one dash, such as -foo.
  return name.length === 2 ? `-s ${name.slice(1)}` : `-o ${name.slice(1)}`;
}

function valueArgs(flag: FlagSpec): string {
  switch (flag.value.kind) {
    case 'none':
      return '';
    case 'words':
      return ` -r -f -a ${wordList(flag.value.words)}`;
    case 'file':
      return ' -r -F';
    case 'text':
      return ' -r -f';
  }
}

function flagLine(flag: FlagSpec, condition: string): string {
  const names = flag.names.map(nameArgs).join(' ');
  return `complete -c kms${condition} ${names}${valueArgs(flag)} -d ${quote(flag.description)}`;
}

const seen = (command: CommandSpec): string =>
  ` -n ${quote(`__kms_command_is ${listWord(command.name)}`)}`;

/**
 * The command on the line is the first word that is neither a flag nor the value of a global
 * flag. fish's __fish_use_subcommand and __fish_seen_subcommand_from would take the value of
 * `--region ap-guangzhou` for the command, and `help create-key` for create-key.
 */
function commandFunctions(spec: ProgramSpec): string[] {
  const withValue = spec.globals.filter(takesValue).flatMap((flag) => flag.names);
  const skipValue = withValue.length
    ? [`            case ${withValue.map(quote).join(' ')}`, '                set -e words[1]']
    : [];
  return [
    'function __kms_command',
    '    set -l words (commandline -opc)',
    '    set -e words[1]',
    '    while set -q words[1]',
    '        switch $words[1]',
    ...skipValue,
    "            case '-*'",
    '            case "*"',
    '                echo $words[1]',
    '                return 0',
    '        end',
    '        set -e words[1]',
    '    end',
    '    return 1',
    'end',
    '',
    'function __kms_command_is',
    '    set -l command (__kms_command)',
    '    and test "$command" = $argv[1]',
    'end',
  ];
}

function commandLines(command: CommandSpec): string[] {
  const operands = command.operands.length
    ? [`complete -c kms${seen(command)} -a ${wordList(command.operands)}`]
    : [];
  return [
    `# kms ${command.name}`,
    ...command.flags.map((flag) => flagLine(flag, seen(command))),
    ...operands,
  ];
}

export function fishScript(spec: ProgramSpec): string {
  const commands = spec.commands.map(
    (command) =>
      `complete -c kms -n 'not __kms_command' -a ${quote(listWord(command.name))} -d ${quote(command.description)}`,
  );
  const lines = [
    '# fish completion for kms. Install it with',
    '#   kms completion fish > ~/.config/fish/completions/kms.fish',
    '',
    ...commandFunctions(spec),
    '',
    '# No file names unless a flag takes one.',
    'complete -c kms -f',
    '',
    '# The commands',
    ...commands,
    '',
    '# The global flags, before or after the command',
    ...spec.globals.map((flag) => flagLine(flag, '')),
    ...spec.commands.flatMap((command) => ['', ...commandLines(command)]),
  ];
  return `${lines.join('\n')}\n`;
}
