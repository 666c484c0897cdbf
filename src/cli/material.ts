// Key material for EXTERNAL keys: read into memory from a file or stdin (never a temporary
// file), checked, imported, and the command that finishes an import that did not complete.
import { readFileSync } from 'node:fs';

import type { ConnectionFlags, Settings } from '../config/settings.js';
import {
  materialProblem,
  validToFrom,
  WRAPPING_ALGORITHMS,
  type WrappingAlgorithm,
} from '../kms/material.js';
import type { CliIO } from './io.js';
import { readStdin, unreadable } from './request-file.js';

export interface MaterialFlags {
  keyMaterial?: string | undefined;
  wrappingAlgorithm?: string | undefined;
  materialExpires?: string | undefined;
}

export interface Material {
  bytes: Buffer;
  algorithm: WrappingAlgorithm;
  validTo: number;
}

async function readBytes(path: string, io: CliIO): Promise<Buffer> {
  if (path === '-') return readStdin(io);
  try {
    return readFileSync(path);
  } catch (error) {
    throw unreadable('--key-material', path, error);
  }
}

/** The options of an import, each checked; the problems come back for the caller to report. */
export function importOptions(
  flags: MaterialFlags,
  nowMs: number,
  problems: string[],
): Omit<Material, 'bytes'> {
  const algorithm = (flags.wrappingAlgorithm ?? 'RSAES_OAEP_SHA_256') as WrappingAlgorithm;
  if (!WRAPPING_ALGORITHMS.includes(algorithm)) {
    problems.push(
      `--wrapping-algorithm "${algorithm}": must be one of ${WRAPPING_ALGORITHMS.join(', ')}`,
    );
  }
  const validTo = validToFrom(flags.materialExpires ?? 'never', Math.floor(nowMs / 1000));
  if (typeof validTo === 'string')
    problems.push(`--material-expires "${flags.materialExpires}": ${validTo}`);
  return { algorithm, validTo: typeof validTo === 'number' ? validTo : 0 };
}

/** The material, read and checked before anything is sent: a bad file never leaves a key half made. */
export async function readMaterial(
  flags: MaterialFlags,
  io: CliIO,
  problems: string[],
): Promise<Material | undefined> {
  if (flags.keyMaterial === undefined) return undefined;
  const options = importOptions(flags, io.now(), problems);
  const bytes = await readBytes(flags.keyMaterial, io);
  const problem = materialProblem(bytes);
  if (problem) {
    bytes.fill(0);
    problems.push(`--key-material "${flags.keyMaterial}": ${problem}`);
    return undefined;
  }
  return { bytes, ...options };
}

const quote = (value: string) =>
  /^[\w./:@=-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;

/** The exact command that finishes (or repeats) the import of this key's material. */
export function resumeCommand(
  keyId: string,
  flags: MaterialFlags & ConnectionFlags,
  settings: Settings,
): string {
  const parts = [
    'kms',
    'import-key-material',
    '--key-id',
    keyId,
    '--key-material',
    flags.keyMaterial ?? 'FILE',
  ];
  parts.push('--region', settings.region);
  if (settings.sources.endpoint !== 'default') parts.push('--endpoint', settings.endpoint.origin);
  // Whatever else chose where the first command went goes along, so the second goes there too.
  if (flags.profile) parts.push('--profile', flags.profile);
  if (flags.config) parts.push('--config', flags.config);
  if (flags.useCvmRole) parts.push('--use-cvm-role');
  if (flags.proxy) parts.push('--proxy', flags.proxy);
  if (flags.caBundle) parts.push('--ca-bundle', flags.caBundle);
  if (flags.wrappingAlgorithm) parts.push('--wrapping-algorithm', flags.wrappingAlgorithm);
  if (flags.materialExpires) parts.push('--material-expires', flags.materialExpires);
  return parts.map(quote).join(' ');
}
