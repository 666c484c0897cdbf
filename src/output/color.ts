// Colour only where a person reads it. chalk decides from FORCE_COLOR and the terminal but not
// NO_COLOR (https://no-color.org), so the decision is made here and chalk loads only when used.
export type ColorLevel = 0 | 1 | 2 | 3;

export interface Styles {
  bold(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
}

export interface Stream {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
}

function forcedLevel(value: string): ColorLevel {
  if (value === '0' || value === 'false') return 0;
  if (value === '2' || value === '3') return Number(value) as ColorLevel;
  return 1;
}

export function colorLevel(env: NodeJS.ProcessEnv, stream: Stream): ColorLevel {
  if (env['NO_COLOR']) return 0;
  if (env['FORCE_COLOR'] !== undefined) return forcedLevel(env['FORCE_COLOR']);
  if (!stream.isTTY || env['TERM'] === 'dumb') return 0;
  if (env['COLORTERM'] === 'truecolor' || env['COLORTERM'] === '24bit') return 3;
  return env['TERM']?.includes('256') ? 2 : 1;
}

const same = (text: string): string => text;
export const PLAIN: Styles = { bold: same, dim: same, red: same, yellow: same, green: same };

export async function loadStyles(level: ColorLevel): Promise<Styles> {
  if (level === 0) return PLAIN;
  const { Chalk } = await import('chalk');
  return new Chalk({ level });
}
