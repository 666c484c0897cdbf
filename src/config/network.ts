// How calls travel: attempts, the overall deadline, the proxy and the certificate authorities.
// Flags and the environment only; none of these belong in a shared config file.
import { readFileSync } from 'node:fs';

export interface NetworkFlags {
  maxAttempts?: string | undefined;
  deadline?: string | undefined;
  proxy?: string | undefined;
  caBundle?: string | undefined;
}

export interface NetworkSettings {
  maxAttempts: number;
  deadlineMs: number;
  proxy?: string | undefined;
  /** The CAs to trust when --ca-bundle adds one; undefined leaves Node's defaults. */
  ca?: string[] | undefined;
}

export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_DEADLINE_SECONDS = 90;
const MAX_ATTEMPTS = 10;

function attemptsFrom(value: string | undefined, problems: string[]): number {
  if (value === undefined) return DEFAULT_MAX_ATTEMPTS;
  const attempts = Number(value);
  if (Number.isInteger(attempts) && attempts >= 1 && attempts <= MAX_ATTEMPTS) return attempts;
  problems.push(`--max-attempts "${value}": must be a whole number from 1 to ${MAX_ATTEMPTS}`);
  return DEFAULT_MAX_ATTEMPTS;
}

function deadlineFrom(value: string | undefined, problems: string[]): number {
  if (value === undefined) return DEFAULT_DEADLINE_SECONDS * 1000;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds > 0 && seconds <= 3600) return Math.round(seconds * 1000);
  problems.push(`--deadline "${value}": must be a number of seconds above 0 and at most 3600`);
  return DEFAULT_DEADLINE_SECONDS * 1000;
}

/** A proxy URL as messages show it: a password in it is never repeated. */
export function maskedProxy(value: string): string {
  return value.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

function proxyFrom(
  value: string | undefined,
  source: string,
  problems: string[],
): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol === 'http:' || url.protocol === 'https:') return value;
  } catch {
    // reported below
  }
  const rule = 'must be an http:// or https:// URL, such as http://proxy.example.com:3128';
  problems.push(`${source} "${maskedProxy(value)}": ${rule}`);
  return undefined;
}

// The variables undici's EnvHttpProxyAgent reads, in either case; checked here so that a bad one
// is a usage error rather than a failure deep inside the HTTP client.
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/** Node's own roots, the system's where this Node can read them, NODE_EXTRA_CA_CERTS, and the bundle. */
async function caFrom(
  path: string | undefined,
  env: NodeJS.ProcessEnv,
  problems: string[],
): Promise<string[] | undefined> {
  if (path === undefined) return undefined;
  let bundle: string;
  try {
    bundle = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(
      `--ca-bundle "${path}": could not be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
    return undefined;
  }
  if (!bundle.includes('-----BEGIN CERTIFICATE-----')) {
    problems.push(`--ca-bundle "${path}": must hold PEM certificates`);
    return undefined;
  }
  // Giving `ca` replaces Node's list, so what Node would trust by default is added back.
  // node:tls loads only here: a plain-http call (the emulator) never needs it.
  const tls = await import('node:tls');
  const { rootCertificates } = tls;
  const system =
    (tls as { getCACertificates?: (kind: string) => string[] }).getCACertificates?.('system') ?? [];
  return [...rootCertificates, ...system, ...extraCertificates(env), bundle];
}

/** NODE_EXTRA_CA_CERTS, as Node reads it: a file that cannot be read is skipped (Node warns). */
function extraCertificates(env: NodeJS.ProcessEnv): string[] {
  const path = env['NODE_EXTRA_CA_CERTS'];
  if (!path) return [];
  try {
    return [readFileSync(path, 'utf8')];
  } catch {
    return [];
  }
}

export async function resolveNetwork(
  flags: NetworkFlags,
  env: NodeJS.ProcessEnv,
): Promise<{ network: NetworkSettings; problems: string[] }> {
  const problems: string[] = [];
  const network: NetworkSettings = {
    maxAttempts: attemptsFrom(flags.maxAttempts, problems),
    deadlineMs: deadlineFrom(flags.deadline, problems),
    proxy: proxyFrom(flags.proxy, '--proxy', problems),
    ca: await caFrom(flags.caBundle, env, problems),
  };
  if (flags.proxy === undefined) {
    for (const name of PROXY_VARIABLES) proxyFrom(env[name], name, problems);
  }
  return { network, problems };
}
