// The files Tencent's own tools keep: tccli's per-profile JSON files, and the SDKs' INI file.
// Read only; kms never writes them.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { ConfigError } from '../errors.js';
import { jsonFailure } from '../text.js';

export interface TencentFileCredentials {
  path: string;
  secretId?: string | undefined;
  secretKey?: string | undefined;
  token?: string | undefined;
}

export interface TccliConfigure {
  path: string;
  region?: string | undefined;
  output?: string | undefined;
  language?: string | undefined;
  endpoint?: string | undefined;
}

function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigError(`${path} could not be read: ${(error as Error).message}`);
  }
}

function readJson(path: string): Record<string, unknown> | undefined {
  const text = readIfPresent(path);
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) return parsed as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(`${path} is not valid JSON: ${jsonFailure(error)}`);
  }
  throw new ConfigError(`${path} must hold a JSON object`);
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value !== '' ? value : undefined;

/** Whether tccli has a profile of this name: either of its two files. */
export function tccliProfileExists(home: string, profile: string): boolean {
  const base = join(home, '.tccli', profile);
  return existsSync(`${base}.credential`) || existsSync(`${base}.configure`);
}

/** ~/.tccli/<profile>.credential: {"secretId", "secretKey", "token"?}. */
export function readTccliCredential(
  home: string,
  profile: string,
): TencentFileCredentials | undefined {
  const path = join(home, '.tccli', `${profile}.credential`);
  const json = readJson(path);
  if (!json) return undefined;
  return {
    path,
    secretId: text(json['secretId']),
    secretKey: text(json['secretKey']),
    token: text(json['token']),
  };
}

/** ~/.tccli/<profile>.configure: {"_sys_param": {"region", "output", "language"}, "kms": {"endpoint"}}. */
export function readTccliConfigure(home: string, profile: string): TccliConfigure | undefined {
  const path = join(home, '.tccli', `${profile}.configure`);
  const json = readJson(path);
  if (!json) return undefined;
  const system = (json['_sys_param'] ?? {}) as Record<string, unknown>;
  const kms = (json['kms'] ?? {}) as Record<string, unknown>;
  return {
    path,
    region: text(system['region']),
    output: text(system['output']),
    language: text(system['language']),
    endpoint: text(kms['endpoint']),
  };
}

/** The [section] of an INI file as a map: `key = value` lines, `;` and `#` comments. */
export function iniSection(content: string, section: string): Record<string, string> | undefined {
  let current: string | undefined;
  let values: Record<string, string> | undefined;
  for (const raw of content.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = header[1]!.trim();
      if (current === section) values ??= {};
      continue;
    }
    const at = line.indexOf('=');
    if (current === section && at > 0 && values)
      values[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return values;
}

/** ~/.tencentcloud/credentials, the SDKs' INI file: [default] secret_id, secret_key, token. */
export function readSdkCredentials(home: string): TencentFileCredentials | undefined {
  const path = join(home, '.tencentcloud', 'credentials');
  const content = readIfPresent(path);
  if (content === undefined) return undefined;
  const section = iniSection(content, 'default');
  if (!section) return undefined;
  return {
    path,
    secretId: text(section['secret_id']),
    secretKey: text(section['secret_key']),
    token: text(section['token']),
  };
}
