// Finding and reading kms's own config files. JSON and YAML only: a JavaScript or TypeScript
// config is never loaded, so a cloned repository cannot run code through kms. cosmiconfig is
// loaded only when a candidate file exists, since most runs have none.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';

import { ConfigError } from '../errors.js';
import { jsonFailure } from '../text.js';
import { checkConfig, type FileConfig } from './schema.js';

export const MODULE = 'kms';

export const PROJECT_PLACES = [
  'package.json',
  '.kmsrc',
  '.kmsrc.json',
  '.kmsrc.yaml',
  '.kmsrc.yml',
  '.config/kmsrc',
  '.config/kmsrc.json',
  '.config/kmsrc.yaml',
  '.config/kmsrc.yml',
];

export const USER_PLACES = ['config.json', 'config.yaml', 'config.yml', 'config'];

const CODE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

export interface LoadedFile {
  path: string;
  config: FileConfig;
  warnings: string[];
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function hasKmsKey(packageJson: string): boolean {
  try {
    return MODULE in (JSON.parse(readFileSync(packageJson, 'utf8')) as object);
  } catch {
    return false;
  }
}

/**
 * Whether cosmiconfig's project search (upward until a directory with a package.json) could
 * find anything: a cheap look before paying for cosmiconfig.
 */
export function projectConfigMayExist(cwd: string): boolean {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const found = PROJECT_PLACES.some((place) =>
      place === 'package.json'
        ? isFile(join(dir, place)) && hasKmsKey(join(dir, place))
        : isFile(join(dir, place)),
    );
    if (found) return true;
    if (
      isFile(join(dir, 'package.json')) ||
      isFile(join(dir, 'package.yaml')) ||
      dirname(dir) === dir
    ) {
      return false;
    }
  }
}

function refuseCode(path: string): never {
  throw new ConfigError(`${path}: kms reads JSON and YAML config files only, never code`);
}

interface ConfigExplorer {
  search(from: string): Promise<{ filepath: string; config: unknown } | null>;
  load(path: string): Promise<{ filepath: string; config: unknown } | null>;
}

/**
 * cosmiconfig's Explorer, built directly. Its `cosmiconfig()` factory first reads a meta-config
 * (`.config/config.*` in the working directory) with its default loaders, which execute
 * JavaScript: a cloned repository could run code through kms. The Explorer alone reads only
 * the search places and loaders given here. The cosmiconfig version is pinned for this path.
 */
async function explorer(): Promise<ConfigExplorer> {
  // In the bundle, a CommonJS package loaded through import() has its exports on `default`.
  type Module = {
    Explorer: new (options: object) => ConfigExplorer;
    defaultLoaders: Record<string, unknown>;
  };
  const [explorerModule, main] = (await Promise.all([
    import('cosmiconfig/dist/Explorer.js'),
    import('cosmiconfig'),
  ])) as unknown as [Module & { default?: Module }, Module & { default?: Module }];
  const { Explorer } = explorerModule.default ?? explorerModule;
  const { defaultLoaders } = main.default ?? main;
  const refuse = Object.fromEntries(CODE_EXTENSIONS.map((ext) => [ext, refuseCode]));
  const data = ['.json', '.yaml', '.yml', 'noExt'].map((ext) => [ext, defaultLoaders[ext]]);

  return new Explorer({
    moduleName: MODULE,
    packageProp: MODULE,
    searchPlaces: PROJECT_PLACES,
    searchStrategy: 'project',
    loaders: { ...Object.fromEntries(data), ...refuse },
    ignoreEmptySearchPlaces: true,
    cache: false,
    transform: (result: unknown) => result,
    metaConfigFilePath: null,
    mergeImportArrays: true,
    mergeSearchPlaces: true,
  });
}

const SNIPPET_LINE = /^>?\s*\d*\s*\|/;

/** The parser's reason and line, without the code snippet cosmiconfig's parsers add. */
function parseFailure(message: string): string {
  // The snippet is coloured when CI is set or FORCE_COLOR is (picocolors decides, not us).
  // eslint-disable-next-line no-control-regex
  const plain = message.replace(/\u001b\[[0-9;]*m/g, '');
  const lines = plain.split('\n').map((line) => line.trim());
  const reason = lines.find(
    (line, index) =>
      line !== '' && !SNIPPET_LINE.test(line) && !(index === 0 && / Error in /.test(line)),
  );
  const marked = lines.map((line) => /^>\s*(\d+)\s*\|/.exec(line)?.[1]).find(Boolean);
  const text = jsonFailure(new Error(reason ?? lines[0] ?? ''));
  const yaml = /\((\d+):(\d+)\)$/.exec(text);
  if (yaml) return text.replace(yaml[0], `(line ${yaml[1]}, column ${yaml[2]})`);
  return marked ? `${text} (line ${marked})` : text;
}

function describeParseError(path: string, error: unknown): ConfigError {
  if (error instanceof ConfigError) return error;
  return new ConfigError(`${path} could not be read: ${parseFailure((error as Error).message)}`, {
    hint: 'fix the file, or name another with --config',
  });
}

async function load(path: string): Promise<LoadedFile | undefined> {
  if (CODE_EXTENSIONS.includes(extname(path))) refuseCode(path);
  try {
    const result = await (await explorer()).load(path);
    if (!result) return undefined;
    return { path, ...checkConfig(result.config, path) };
  } catch (error) {
    throw describeParseError(path, error);
  }
}

export async function findProjectConfig(cwd: string): Promise<LoadedFile | undefined> {
  if (!projectConfigMayExist(cwd)) return undefined;
  let found: { filepath: string } | null;
  try {
    found = await (await explorer()).search(cwd);
  } catch (error) {
    throw describeParseError(
      (error as { filepath?: string }).filepath ?? 'a project config file',
      error,
    );
  }
  return found ? load(found.filepath) : undefined;
}

export function userConfigDir(env: NodeJS.ProcessEnv, home: string): string {
  return join(env['XDG_CONFIG_HOME'] || join(home, '.config'), MODULE);
}

export async function findUserConfig(
  env: NodeJS.ProcessEnv,
  home: string,
): Promise<LoadedFile | undefined> {
  const dir = userConfigDir(env, home);
  const path = USER_PLACES.map((place) => join(dir, place)).find(isFile);
  return path ? load(path) : undefined;
}

export async function loadNamedConfig(path: string): Promise<LoadedFile> {
  if (!existsSync(path)) throw new ConfigError(`--config ${path}: no such file`);
  return (await load(path)) ?? { path, config: {}, warnings: [] };
}
