// `kms completion <shell>`: a script written from the commander program as it is at run time, so
// that a command or flag added to program.ts is completed with no change here.
import type { Command } from 'commander';

import { bashScript } from './completion/bash.js';
import { fishScript } from './completion/fish.js';
import { describeProgram, type CommandSpec, type ProgramSpec } from './completion/model.js';
import { zshScript } from './completion/zsh.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const SCRIPTS: Record<Shell, (spec: ProgramSpec) => string> = {
  bash: bashScript,
  zsh: zshScript,
  fish: fishScript,
};

const COMPLETION: CommandSpec = {
  name: 'completion',
  description: 'Print a script that completes kms commands and flags in bash, zsh or fish.',
  flags: [],
  operands: SHELLS,
};

/**
 * The completion command completes itself even before it is registered (a test's program), and
 * its operand is a shell whether or not commander was given the choices; help's is any command.
 */
function withCompletionCommand(spec: ProgramSpec): ProgramSpec {
  const registered = spec.commands.some((command) => command.name === COMPLETION.name);
  const commands = registered
    ? spec.commands
    : [
        ...spec.commands.filter((c) => c.name !== 'help'),
        COMPLETION,
        ...spec.commands.filter((c) => c.name === 'help'),
      ];
  const names = commands.map((command) => command.name).filter((name) => name !== 'help');

  const operands = (command: CommandSpec): readonly string[] => {
    if (command.operands.length > 0) return command.operands;
    if (command.name === COMPLETION.name) return SHELLS;
    return command.name === 'help' ? names : [];
  };
  return {
    ...spec,
    commands: commands.map((command) => ({ ...command, operands: operands(command) })),
  };
}

export function completionScript(shell: Shell, program: Command): string {
  return SCRIPTS[shell](withCompletionCommand(describeProgram(program)));
}
