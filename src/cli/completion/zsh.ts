// The zsh script: _arguments takes the global flags and the command, then a second _arguments the
// command's flags and operand; _describe lists the commands.
import type { CommandSpec, FlagSpec, ProgramSpec } from './model.js';
import { takesValue } from './model.js';

/** A word in single quotes, which zsh reads back exactly. */
const quote = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;

/** _arguments and _describe give a backslash, ':' and brackets a meaning of their own. */
const escape = (text: string, special: RegExp): string => text.replace(special, '\\$&');

const describe = (text: string): string => escape(text, /[\\\]]/g);

/** A word of an action's list, `(table json)`, where a space, a parenthesis or ':' would split it. */
const listWord = (word: string): string => escape(word, /[\\\s():'"$`]/g);

function action(flag: FlagSpec): string {
  const message = (name: string): string => escape(name, /[\\:]/g);
  switch (flag.value.kind) {
    case 'none':
      return '';
    case 'words':
      return `:${message(flag.value.name)}:(${flag.value.words.map(listWord).join(' ')})`;
    case 'file':
      return `:${message(flag.value.name)}:_files`;
    case 'text':
      // A space for the action: show the message, complete nothing.
      return `:${message(flag.value.name)}: `;
  }
}

/** _arguments offers a flag once unless told `*`; a short and a long name exclude each other. */
function exclusion(flag: FlagSpec): string {
  if (flag.repeatable) return '*';
  return flag.names.length > 1 ? `(${flag.names.join(' ')})` : '';
}

/** `-o json`, `-ojson`, `--output json` and `--output=json` all reach commander. */
function valueSuffix(flag: FlagSpec, name: string): string {
  if (!takesValue(flag)) return '';
  return name.startsWith('--') ? '=' : '+';
}

/** _arguments specs for a flag, one per name: `(-o --output)--output=[format]:format:(...)`. */
const flagSpecs = (flag: FlagSpec): string[] =>
  flag.names.map(
    (name) =>
      `${exclusion(flag)}${name}${valueSuffix(flag, name)}[${describe(flag.description)}]${action(flag)}`,
  );

const specLines = (flags: FlagSpec[]): string =>
  flags
    .flatMap(flagSpecs)
    .map((spec) => `    ${quote(spec)}`)
    .join('\n');

function operandSpec(command: CommandSpec): string[] {
  if (command.operands.length === 0) return [];
  const name = command.name === 'help' ? 'command' : 'operand';
  return [quote(`1:${name}:(${command.operands.map(listWord).join(' ')})`)];
}

function commandArm(command: CommandSpec): string {
  const specs = [
    ...command.flags.flatMap(flagSpecs).map(quote),
    '"${globals[@]}"',
    ...operandSpec(command),
  ];
  return `        ${quote(command.name)})
          _arguments -S \\
            ${specs.join(' \\\n            ')} && ret=0
          ;;`;
}

export function zshScript(spec: ProgramSpec): string {
  const commands = spec.commands.map(
    (command) => `    ${quote(`${escape(command.name, /[\\:]/g)}:${command.description}`)}`,
  );
  return `#compdef kms
# zsh completion for kms. Install it as a file named _kms in a directory on $fpath, such as
#   kms completion zsh > "\${fpath[1]}/_kms"
# and start a new shell (~/.zshrc must run compinit), or load it into this shell with
#   source <(kms completion zsh)

_kms() {
  local curcontext=$curcontext state line ret=1
  typeset -A opt_args
  local -a globals=(
${specLines(spec.globals)}
  )
  local -a commands=(
${commands.join('\n')}
  )

  _arguments -C -S "\${globals[@]}" ': :->command' '*:: :->args' && ret=0
  case $state in
    command)
      _describe -t commands 'kms command' commands && ret=0
      ;;
    args)
      curcontext=\${curcontext%:*:*}:kms-$line[1]:
      case $line[1] in
${spec.commands.map(commandArm).join('\n')}
        *)
          _arguments -S "\${globals[@]}" && ret=0
          ;;
      esac
      ;;
  esac
  return ret
}

# Autoloaded from $fpath, this file is the body of _kms; sourced, it registers it.
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  _kms "$@"
else
  compdef _kms kms
fi
`;
}
