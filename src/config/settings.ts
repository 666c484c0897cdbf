// Every setting of a call and where it came from. The order, first found wins: flags, the
// environment, the project's config file, the user's config file, tccli's files, then defaults.
// Credentials follow the same order but are taken whole from one source (credentials.ts).
import { ConfigError, UsageError } from '../errors.js';
import { isRegionName } from '../kms/rules.js';
import {
  resolveCredentials,
  warnIfReadable,
  type FileLayer,
  type SourcedCredentials,
} from './credentials.js';
import { DEFAULT_ENDPOINT, isLoopback, parseEndpoint } from './endpoint.js';
import { resolveNetwork, type NetworkFlags, type NetworkSettings } from './network.js';
import { findProjectConfig, findUserConfig, loadNamedConfig, type LoadedFile } from './files.js';
import { LANGUAGES, OUTPUTS, SECRET_KEYS, type FileSettings } from './schema.js';
import { readTccliConfigure, tccliProfileExists } from './tencent-files.js';

export type { SourcedCredentials };

export interface ConnectionFlags extends NetworkFlags {
  region?: string | undefined;
  endpoint?: string | undefined;
  timeout?: string | undefined;
  language?: string | undefined;
  profile?: string | undefined;
  config?: string | undefined;
  useCvmRole?: boolean | undefined;
}

export interface ConfigContext {
  env: NodeJS.ProcessEnv;
  cwd: string;
  home: string;
  now: () => number;
  warn: (message: string) => void;
}

export interface Sourced<T> {
  value: T;
  /** A flag, a variable's name, a file's path (and profile), or `default`. */
  source: string;
}

export interface ResolvedConfig {
  region?: Sourced<string>;
  endpoint: Sourced<URL>;
  timeoutMs: Sourced<number>;
  output?: Sourced<(typeof OUTPUTS)[number]>;
  language?: Sourced<string>;
  usage?: Sourced<string>;
  tags: Sourced<Record<string, string>>[];
  credentials?: SourcedCredentials;
  /** Why no credentials could be taken (half a pair, say), when that is the case. */
  credentialsError?: ConfigError;
  profile?: Sourced<string>;
  files: string[];
  network: NetworkSettings;
  /** Malformed flags and variables: usage errors for the caller to report with its own. */
  problems: string[];
}

export interface Settings {
  region: string;
  endpoint: URL;
  timeoutMs: number;
  language?: string | undefined;
  credentials: SourcedCredentials;
  network: NetworkSettings;
  sources: { region: string; endpoint: string };
}

export const DEFAULT_TIMEOUT_SECONDS = 30;
const MAX_TIMEOUT_SECONDS = 600;

type Key = 'region' | 'endpoint' | 'timeout' | 'output' | 'language';
interface Entry {
  key: Key;
  value: unknown;
  source: string;
  /** A flag or a variable: a bad value is a usage error (exit 2); in a file, a config error (3). */
  typed: boolean;
  shared?: boolean;
}

function fileLayers(loaded: LoadedFile, shared: boolean, profile: string | undefined): FileLayer {
  const { profiles, ...top } = loaded.config;
  const chosen = profile ? profiles?.[profile] : undefined;
  if (!chosen) return { path: loaded.path, shared, settings: top };
  // A profile's defaults add to the top-level ones, tag by tag, rather than replacing them all.
  const tags = { ...top.defaults?.tags, ...chosen.defaults?.tags };
  const defaults = {
    ...top.defaults,
    ...chosen.defaults,
    ...(Object.keys(tags).length ? { tags } : {}),
  };
  // Credentials come whole from one place: a profile with any of its own replaces them all.
  const ownCredentials = CREDENTIAL_KEYS.some((key) => chosen[key] !== undefined);
  const base = ownCredentials ? withoutCredentials(top) : top;
  return { path: loaded.path, shared, settings: { ...base, ...chosen, defaults } };
}

const CREDENTIAL_KEYS = ['secretId', 'secretKey', 'token', 'credentialSource'] as const;

function withoutCredentials(settings: FileSettings): FileSettings {
  const copy = { ...settings };
  for (const key of CREDENTIAL_KEYS) delete copy[key];
  return copy;
}

function sourceOf(
  layer: FileLayer,
  key: keyof FileSettings,
  profile: string | undefined,
  loaded: LoadedFile,
): string {
  const fromProfile = profile && loaded.config.profiles?.[profile]?.[key] !== undefined;
  return fromProfile ? `${layer.path} (profile ${profile})` : layer.path;
}

async function loadFiles(
  flags: ConnectionFlags,
  context: ConfigContext,
): Promise<[LoadedFile, boolean][]> {
  if (flags.config) return [[await loadNamedConfig(flags.config), false]];
  const project = await findProjectConfig(context.cwd);
  const user = await findUserConfig(context.env, context.home);
  return [
    ...(project ? [[project, true] as [LoadedFile, boolean]] : []),
    ...(user ? [[user, false] as [LoadedFile, boolean]] : []),
  ];
}

function entriesFrom(flags: ConnectionFlags, env: NodeJS.ProcessEnv): Entry[] {
  const entries: Entry[] = [];
  const add = (key: Key, value: unknown, source: string) => {
    if (value !== undefined && value !== '') entries.push({ key, value, source, typed: true });
  };
  add('region', flags.region, '--region');
  add('endpoint', flags.endpoint, '--endpoint');
  add('timeout', flags.timeout, '--timeout');
  add('language', flags.language, '--language');
  add('region', env['TENCENTCLOUD_REGION'], 'TENCENTCLOUD_REGION');
  add('endpoint', env['KMS_ENDPOINT'], 'KMS_ENDPOINT');
  return entries;
}

function first(entries: Entry[], key: Key): Entry | undefined {
  return entries.find((entry) => entry.key === key);
}

/** Checks each value at its source and says a broken rule against the flag, variable or file. */
class Checker {
  readonly usage: string[] = [];

  constructor(private readonly warn: (message: string) => void) {}

  fail(entry: Entry, rule: string): undefined {
    const message = entry.typed
      ? `${entry.source} "${String(entry.value)}": ${rule}`
      : `${entry.source}: "${entry.key}" is "${String(entry.value)}" but ${rule}`;
    if (entry.typed) this.usage.push(message);
    else throw new ConfigError(message);
    return undefined;
  }

  region(entry: Entry | undefined): Sourced<string> | undefined {
    if (!entry) return undefined;
    const value = String(entry.value);
    if (!isRegionName(value))
      return this.fail(entry, 'must be a region name such as ap-guangzhou or na-siliconvalley');
    return { value, source: entry.source };
  }

  endpoint(entry: Entry | undefined): Sourced<URL> {
    if (!entry) return { value: new URL(DEFAULT_ENDPOINT), source: 'default' };
    const parsed = parseEndpoint(String(entry.value));
    if (typeof parsed === 'string')
      return this.fail(entry, parsed) ?? { value: new URL(DEFAULT_ENDPOINT), source: 'default' };
    const trusted = parsed.hostname.endsWith('.tencentcloudapi.com') || isLoopback(parsed.hostname);
    if (entry.shared && !trusted) {
      this.warn(
        `${entry.source} sends your requests to ${parsed.host}, which is neither a tencentcloudapi.com host nor this machine`,
      );
    }
    return { value: parsed, source: entry.source };
  }

  timeout(entry: Entry | undefined): Sourced<number> {
    if (!entry) return { value: DEFAULT_TIMEOUT_SECONDS * 1000, source: 'default' };
    const seconds = Number(entry.value);
    if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
      this.fail(entry, `must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}`);
      return { value: DEFAULT_TIMEOUT_SECONDS * 1000, source: 'default' };
    }
    return { value: Math.round(seconds * 1000), source: entry.source };
  }

  choice<T extends string>(
    entry: Entry | undefined,
    choices: readonly T[],
  ): Sourced<T> | undefined {
    if (!entry) return undefined;
    if (!choices.includes(entry.value as T))
      return this.fail(entry, `must be one of ${choices.join(', ')}`);
    return { value: entry.value as T, source: entry.source };
  }
}

/** A profile named by --profile may be kms's or tccli's; one from KMS_PROFILE is kms's only. */
function profileNotFound(
  name: Sourced<string>,
  files: [LoadedFile, boolean][],
  home: string,
): void {
  if (files.some(([file]) => file.config.profiles?.[name.value])) return;
  if (name.source === '--profile' && tccliProfileExists(home, name.value)) return;
  const where = files.map(([file]) => file.path).join(', ') || 'no config file was found';
  throw new ConfigError(`profile "${name.value}" (from ${name.source}) is not defined: ${where}`, {
    hint: 'define it under "profiles" in your config file, or as a tccli profile (~/.tccli/NAME.credential)',
  });
}

/**
 * Everything that can be known about the settings, each value with its source. A broken file
 * is a ConfigError; malformed flags and variables come back as `problems`.
 */
export async function resolveConfig(
  flags: ConnectionFlags,
  context: ConfigContext,
): Promise<ResolvedConfig> {
  const { env } = context;
  const profile = flags.profile
    ? { value: flags.profile, source: '--profile' }
    : env['KMS_PROFILE']
      ? { value: env['KMS_PROFILE'], source: 'KMS_PROFILE' }
      : undefined;
  const tccliProfile = flags.profile || env['TCCLI_PROFILE'] || 'default';
  const files = await loadFiles(flags, context);
  const layers = files.map(([loaded, shared]) => fileLayers(loaded, shared, profile?.value));
  const tccli = readTccliConfigure(context.home, tccliProfile);

  const entries = entriesFrom(flags, env);
  layers.forEach((layer, index) => {
    const loaded = files[index]![0];
    loaded.warnings.forEach(context.warn);
    for (const key of ['region', 'endpoint', 'timeout', 'output', 'language'] as const) {
      const value = layer.settings[key];
      if (value !== undefined)
        entries.push({
          key,
          value,
          source: sourceOf(layer, key, profile?.value, loaded),
          typed: false,
          shared: layer.shared,
        });
    }
    if (SECRET_KEYS.some((key) => layer.settings[key] !== undefined))
      warnIfReadable(layer.path, context.warn);
  });
  // tccli's own choices that kms has no use for (output: text, say) are not errors here.
  const known = (key: 'output' | 'language', value: string) =>
    (key === 'output' ? OUTPUTS : LANGUAGES).includes(value as never);
  for (const key of ['region', 'output', 'language', 'endpoint'] as const) {
    const value = tccli?.[key];
    if (!value || ((key === 'output' || key === 'language') && !known(key, value))) continue;
    entries.push({ key, value, source: tccli!.path, typed: false });
  }
  if (profile) profileNotFound(profile, files, context.home);

  const check = new Checker(context.warn);
  const resolved: ResolvedConfig = {
    region: check.region(first(entries, 'region')),
    endpoint: check.endpoint(first(entries, 'endpoint')),
    timeoutMs: check.timeout(first(entries, 'timeout')),
    output: check.choice(first(entries, 'output'), OUTPUTS),
    language: check.choice(first(entries, 'language'), LANGUAGES),
    ...defaultsFrom(layers),
    files: files.map(([file]) => file.path),
    ...(profile ? { profile } : {}),
    network: { maxAttempts: 1, deadlineMs: 0 },
    problems: [],
  };
  const { network, problems } = await resolveNetwork(flags, env);
  resolved.network = network;
  resolved.problems = [...check.usage, ...problems];
  if (resolved.problems.length > 0) return resolved;

  try {
    const credentials = resolveCredentials({
      env,
      home: context.home,
      now: context.now,
      useCvmRole: flags.useCvmRole === true,
      tccliProfile,
      files: layers,
      warn: context.warn,
    });
    return credentials ? { ...resolved, credentials } : resolved;
  } catch (error) {
    // Kept for requireSettings to throw, so that `kms config` can still show everything else.
    if (error instanceof ConfigError) return { ...resolved, credentialsError: error };
    throw error;
  }
}

function defaultsFrom(layers: FileLayer[]): Pick<ResolvedConfig, 'usage' | 'tags'> {
  const withUsage = layers.find((layer) => layer.settings.defaults?.usage);
  const tags = layers
    .filter((layer) => layer.settings.defaults?.tags)
    .map((layer) => ({ value: layer.settings.defaults!.tags!, source: layer.path }));
  return {
    ...(withUsage
      ? { usage: { value: withUsage.settings.defaults!.usage!, source: withUsage.path } }
      : {}),
    tags,
  };
}

/** What a call cannot go without: well-formed input, a region and credentials. */
export function requireSettings(
  config: ResolvedConfig,
  problems: readonly string[] = [],
): Settings {
  const usage = [...problems, ...config.problems];
  if (usage.length > 0) throw new UsageError(usage);
  if (!config.region) {
    throw new ConfigError(
      'no region: pass --region, set TENCENTCLOUD_REGION, or put "region" in a config file',
      {
        hint: 'for example --region ap-guangzhou',
      },
    );
  }
  if (config.credentialsError) throw config.credentialsError;
  if (!config.credentials) {
    throw new ConfigError(
      'no credentials: TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are not set and no config file holds any',
      {
        hint: 'export TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (kms never takes a secret as a flag), or see `kms config`',
      },
    );
  }
  return {
    region: config.region.value,
    endpoint: config.endpoint.value,
    timeoutMs: config.timeoutMs.value,
    language: config.language?.value,
    credentials: config.credentials,
    network: config.network,
    sources: { region: config.region.source, endpoint: config.endpoint.source },
  };
}
