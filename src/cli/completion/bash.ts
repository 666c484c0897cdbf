// The bash script: _kms reads COMP_WORDS and fills COMPREPLY, helped by one function for a flag's
// value, one for the flags and one for the operands, each a `case` written from the program.
import type { FlagSpec, ProgramSpec } from './model.js';
import { commandFlags, takesValue } from './model.js';

/** A word in single quotes, which bash reads back exactly. */
const quote = (word: string): string => `'${word.replaceAll("'", `'\\''`)}'`;

const words = (list: readonly string[]): string => list.map(quote).join(' ');

const HEADER = `# bash completion for kms. Load it into this shell with
#   source <(kms completion bash)
# or install it for every new shell (with the bash-completion package) with
#   kms completion bash > ~/.local/share/bash-completion/completions/kms

# Offer those of the words after $1 that start with $1.
_kms_words() {
  local cur=$1 word
  shift
  COMPREPLY=()
  for word in "$@"; do
    [[ $word == "$cur"* ]] && COMPREPLY+=("$word")
  done
}

# Offer the files and directories whose names start with $1.
_kms_files() {
  local file
  COMPREPLY=()
  compopt -o filenames 2>/dev/null
  while IFS= read -r file; do
    COMPREPLY+=("$file")
  done < <(compgen -f -- "$1")
}`;

function valueAction(flag: FlagSpec): string {
  switch (flag.value.kind) {
    case 'words':
      return `_kms_words "$3" ${words(flag.value.words)}`;
    case 'file':
      return '_kms_files "$3"';
    default:
      // Free text: offer nothing rather than flags, which would be taken as the value.
      return 'COMPREPLY=()';
  }
}

/** A case arm for a flag that takes a value; `prefix` is the command's pattern, `*` for any. */
const valueArm = (prefix: string, flag: FlagSpec): string =>
  `    ${flag.names.map((name) => `${prefix}:${quote(name)}`).join(' | ')}) ${valueAction(flag)} ;;`;

function valueFunction(spec: ProgramSpec): string {
  const own = spec.commands.flatMap((command) =>
    command.flags.filter(takesValue).map((flag) => valueArm(quote(command.name), flag)),
  );
  const global = spec.globals.filter(takesValue).map((flag) => valueArm('*', flag));

  return `# Complete the value of flag $2 of command $1 ('' before the command) from $3.
# Fails when $2 takes no value.
_kms_value() {
  case $1:$2 in
${[...own, ...global].join('\n')}
    *) return 1 ;;
  esac
}`;
}

function flagsFunction(spec: ProgramSpec): string {
  const names = (flags: FlagSpec[]): string => words(flags.flatMap((flag) => flag.names));
  const arms = spec.commands.map(
    (command) =>
      `    ${quote(command.name)}) _kms_words "$2" ${names(commandFlags(spec, command))} ;;`,
  );

  return `# Offer the flags of command $1 ('' before the command) that start with $2.
_kms_flags() {
  case $1 in
${arms.join('\n')}
    *) _kms_words "$2" ${names(spec.globals)} ;;
  esac
}`;
}

function operandsFunction(spec: ProgramSpec): string {
  const arms = spec.commands
    .filter((command) => command.operands.length > 0)
    .map((command) => `    ${quote(command.name)}) _kms_words "$2" ${words(command.operands)} ;;`);
  const commands = words(spec.commands.map((command) => command.name));

  return `# Offer what may follow command $1 ('' before the command) and starts with $2: the commands,
# the command's operand, or else its flags.
_kms_operands() {
  case $1 in
    '') _kms_words "$2" ${commands} ;;
${arms.join('\n')}
    *) _kms_flags "$1" "$2" ;;
  esac
}`;
}

function mainFunction(spec: ProgramSpec): string {
  const globalsWithValue = spec.globals.filter(takesValue).flatMap((flag) => flag.names);
  const skipValue = globalsWithValue.length
    ? `\n      ${globalsWithValue.map(quote).join(' | ')}) i=$((i + 1)) ;;`
    : '';

  return `_kms() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev='' command='' i
  local -a words=()
  # bash splits --flag=value at the '=' (it is in COMP_WORDBREAKS): without the '=' words the
  # value follows its flag as it does after a space.
  for ((i = 1; i < COMP_CWORD; i++)); do
    [[ \${COMP_WORDS[i]} == '=' ]] || words+=("\${COMP_WORDS[i]}")
  done
  [[ $cur == '=' ]] && cur=''
  ((\${#words[@]})) && prev=\${words[\${#words[@]} - 1]}

  # The command is the first word that is neither a flag nor the value of a global flag.
  for ((i = 0; i < \${#words[@]}; i++)); do
    case \${words[i]} in${skipValue}
      -*) ;;
      *) command=\${words[i]} && break ;;
    esac
  done

  _kms_value "$command" "$prev" "$cur" && return 0
  if [[ $cur == -* ]]; then
    _kms_flags "$command" "$cur"
  else
    _kms_operands "$command" "$cur"
  fi
}`;
}

export function bashScript(spec: ProgramSpec): string {
  const parts = [
    HEADER,
    valueFunction(spec),
    flagsFunction(spec),
    operandsFunction(spec),
    mainFunction(spec),
    'complete -F _kms kms',
  ];
  return `${parts.join('\n\n')}\n`;
}
