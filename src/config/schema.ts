// The config file format (see .kmsrc.example), checked key by key: an unknown key is a warning
// naming the nearest known one, a value of the wrong type is an error naming file and key.
import { ConfigError } from '../errors.js';
import { closest } from '../text.js';

export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export const OUTPUTS = ['table', 'json'] as const;

export interface CreateKeyDefaults {
  usage?: string;
  tags?: Record<string, string>;
}

export interface FileSettings {
  region?: string;
  endpoint?: string;
  output?: (typeof OUTPUTS)[number];
  language?: (typeof LANGUAGES)[number];
  timeout?: number;
  secretId?: string;
  secretKey?: string;
  token?: string;
  credentialSource?: 'cvm-role';
  defaults?: CreateKeyDefaults;
}

export interface FileConfig extends FileSettings {
  profiles?: Record<string, FileSettings>;
}

type Check = (value: unknown) => string | undefined;

const string: Check = (v) => (typeof v === 'string' && v !== '' ? undefined : 'a non-empty string');
const oneOf =
  (choices: readonly string[]): Check =>
  (v) =>
    choices.includes(v as string) ? undefined : `one of ${choices.join(', ')}`;
const seconds: Check = (v) =>
  typeof v === 'number' && v > 0 && v <= 600
    ? undefined
    : 'a number of seconds above 0 and at most 600';
const tagMap: Check = (v) =>
  typeof v === 'object' &&
  v !== null &&
  !Array.isArray(v) &&
  Object.values(v).every((t) => typeof t === 'string')
    ? undefined
    : 'a map of tag keys to string values';

const SETTING_CHECKS: Readonly<Record<keyof FileSettings, Check>> = {
  region: string,
  endpoint: string,
  output: oneOf(OUTPUTS),
  language: oneOf(LANGUAGES),
  timeout: seconds,
  secretId: string,
  secretKey: string,
  token: string,
  credentialSource: oneOf(['cvm-role']),
  defaults: () => undefined, // checked key by key below
};

const DEFAULTS_CHECKS: Readonly<Record<keyof CreateKeyDefaults, Check>> = {
  usage: string,
  tags: tagMap,
};

export const SECRET_KEYS = ['secretKey', 'token'] as const;

interface Checked {
  warnings: string[];
}

function isMap(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkBlock(
  block: Record<string, unknown>,
  checks: Readonly<Record<string, Check>>,
  where: { file: string; path: string },
  found: Checked,
): void {
  for (const [key, value] of Object.entries(block)) {
    const name = `${where.path}${key}`;
    const check = checks[key];
    if (!check) {
      const near = closest(key, Object.keys(checks));
      found.warnings.push(
        `${where.file}: unknown key "${name}"${near ? ` (did you mean "${where.path}${near}"?)` : ''}; it is ignored`,
      );
      continue;
    }
    const expected = check(value);
    if (expected) {
      // A secret's value is never repeated, even a malformed one.
      const secret = ['secretId', 'secretKey', 'token'].includes(key);
      const shown = secret ? '' : `, not ${JSON.stringify(value)}`;
      throw new ConfigError(`${where.file}: "${name}" must be ${expected}${shown}`);
    }
    if (key === 'defaults') {
      if (!isMap(value))
        throw new ConfigError(`${where.file}: "${name}" must be a map of create-key defaults`);
      checkBlock(value, DEFAULTS_CHECKS, { file: where.file, path: `${name}.` }, found);
    }
  }
}

/** The file's content as a FileConfig, with warnings for keys it does not know. */
export function checkConfig(
  content: unknown,
  file: string,
): { config: FileConfig; warnings: string[] } {
  if (content === null || content === undefined) return { config: {}, warnings: [] };
  if (!isMap(content))
    throw new ConfigError(`${file}: must hold a map of settings, not ${JSON.stringify(content)}`);
  const found: Checked = { warnings: [] };
  const { profiles, ...top } = content;

  checkBlock(top, SETTING_CHECKS, { file, path: '' }, found);
  if (profiles !== undefined) {
    if (!isMap(profiles))
      throw new ConfigError(`${file}: "profiles" must be a map of profile names to settings`);
    for (const [name, profile] of Object.entries(profiles)) {
      if (!isMap(profile))
        throw new ConfigError(`${file}: "profiles.${name}" must be a map of settings`);
      checkBlock(profile, SETTING_CHECKS, { file, path: `profiles.${name}.` }, found);
    }
  }
  return { config: content as FileConfig, warnings: found.warnings };
}
