// Where a call's settings come from: flags first, then the environment. Each value keeps the
// name of its source, so messages can say which one to fix.
import { ConfigError, UsageError } from '../errors.js';
import type { Credentials } from '../http/request.js';
import { isRegionName } from '../kms/rules.js';
import { DEFAULT_ENDPOINT, parseEndpoint } from './endpoint.js';

export interface ConnectionFlags {
  region?: string | undefined;
  endpoint?: string | undefined;
  timeout?: string | undefined;
}

export interface SourcedCredentials extends Credentials {
  /** Where the id came from, for messages: `TENCENTCLOUD_SECRET_ID`. */
  source: string;
}

export interface Settings {
  region: string;
  endpoint: URL;
  timeoutMs: number;
  credentials: SourcedCredentials;
}

export const DEFAULT_TIMEOUT_SECONDS = 30;
const MAX_TIMEOUT_SECONDS = 600;

/** Credentials come whole from one source, never an id from one place and a key from another. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): SourcedCredentials {
  const secretId = env['TENCENTCLOUD_SECRET_ID'];
  const secretKey = env['TENCENTCLOUD_SECRET_KEY'];
  if (!secretId || !secretKey) {
    const missing = [
      secretId ? '' : 'TENCENTCLOUD_SECRET_ID',
      secretKey ? '' : 'TENCENTCLOUD_SECRET_KEY',
    ];
    throw new ConfigError(`no credentials: ${missing.filter(Boolean).join(' and ')} not set`, {
      hint: 'export TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY (kms never takes a secret as a flag)',
    });
  }
  const token = env['TENCENTCLOUD_SESSION_TOKEN'] || env['TENCENTCLOUD_TOKEN'] || undefined;
  return { secretId, secretKey, token, source: 'TENCENTCLOUD_SECRET_ID' };
}

/** Each resolver returns its value, or the rule its source broke (as a problem line). */
type Resolved<T> = { value: T } | { problem: string };

function resolveRegion(
  flag: string | undefined,
  env: NodeJS.ProcessEnv,
): Resolved<string | undefined> {
  const [region, source] = flag
    ? [flag, '--region']
    : [env['TENCENTCLOUD_REGION'], 'TENCENTCLOUD_REGION'];
  if (region && !isRegionName(region)) {
    return {
      problem: `${source} "${region}": must be a region name such as ap-guangzhou or na-siliconvalley`,
    };
  }
  return { value: region };
}

function resolveEndpoint(flag: string | undefined, env: NodeJS.ProcessEnv): Resolved<URL> {
  const [value, source] = flag ? [flag, '--endpoint'] : [env['KMS_ENDPOINT'], 'KMS_ENDPOINT'];
  const parsed = parseEndpoint(value || DEFAULT_ENDPOINT);
  return typeof parsed === 'string'
    ? { problem: `${source} "${value}": ${parsed}` }
    : { value: parsed };
}

function resolveTimeout(value: string | undefined): Resolved<number> {
  if (value === undefined) return { value: DEFAULT_TIMEOUT_SECONDS * 1000 };
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
    return {
      problem: `--timeout "${value}": must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}`,
    };
  }
  return { value: Math.round(seconds * 1000) };
}

/**
 * The settings for a call. Malformed values are usage errors, reported together with the
 * caller's own `problems`; only a well-formed command line then hears of missing configuration.
 */
export function resolveSettings(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv,
  problems: readonly string[] = [],
): Settings {
  const endpoint = resolveEndpoint(flags.endpoint, env);
  const timeout = resolveTimeout(flags.timeout);
  const region = resolveRegion(flags.region, env);
  const found = [...problems];
  for (const resolved of [endpoint, timeout, region])
    if ('problem' in resolved) found.push(resolved.problem);
  if (found.length > 0) throw new UsageError(found);

  return {
    endpoint: (endpoint as { value: URL }).value,
    timeoutMs: (timeout as { value: number }).value,
    region: requireRegion((region as { value: string | undefined }).value),
    credentials: credentialsFromEnv(env),
  };
}

function requireRegion(region: string | undefined): string {
  if (region) return region;
  throw new ConfigError('no region: pass --region or set TENCENTCLOUD_REGION', {
    hint: 'for example --region ap-guangzhou',
  });
}
