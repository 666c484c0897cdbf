// Requests in the API's own shape: an --input file (or stdin) holding one JSON object, and a
// --batch file holding one per line. Checked for shape here; the rules come after, with flags.
import { readFileSync } from 'node:fs';

import { UsageError } from '../errors.js';
import type { CreateKeyRequest } from '../kms/types.js';
import { closest, jsonFailure } from '../text.js';
import type { BaseRequest } from './input.js';
import type { CliIO } from './io.js';

type FieldCheck = (value: unknown) => boolean;

const isString: FieldCheck = (value) => typeof value === 'string';
const FIELDS: Readonly<Record<keyof CreateKeyRequest, [FieldCheck, string]>> = {
  Alias: [isString, 'a string'],
  Description: [isString, 'a string'],
  KeyUsage: [isString, 'a string'],
  Type: [(value) => value === 1 || value === 2, '1 or 2'],
  Tags: [
    (value) =>
      Array.isArray(value) &&
      value.every((tag: unknown) => {
        const { TagKey, TagValue, ...rest } = (tag ?? {}) as Record<string, unknown>;
        return isString(TagKey) && isString(TagValue) && Object.keys(rest).length === 0;
      }),
    'a list of {"TagKey": "...", "TagValue": "..."}',
  ],
  HsmClusterId: [isString, 'a string'],
};

/** The template --skeleton prints: every field, with the defaults filled in. */
export const SKELETON: CreateKeyRequest = {
  Alias: '',
  Description: '',
  KeyUsage: 'ENCRYPT_DECRYPT',
  Type: 1,
  Tags: [{ TagKey: '', TagValue: '' }],
  HsmClusterId: '',
};

/** One request object, its fields checked for name and type; `label` names it in messages. */
export interface ParsedRequest {
  base: BaseRequest;
  problems: string[];
  /** False when the text is not a JSON object at all: there are no fields to check further. */
  readable: boolean;
}

export function parseRequest(text: string, label: string): ParsedRequest {
  const base: BaseRequest = { fields: {}, label: `${label}:` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      base,
      problems: [`${label}: not JSON (${jsonFailure(error)})`],
      readable: false,
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      base,
      problems: [`${label}: must be a JSON object with the API's fields (Alias, KeyUsage, ...)`],
      readable: false,
    };
  }
  const problems: string[] = [];
  for (const [field, fieldValue] of Object.entries(value)) {
    const check = FIELDS[field as keyof CreateKeyRequest];
    if (!check) {
      const near = closest(field, Object.keys(FIELDS));
      problems.push(
        `${label}: unknown field "${field}"${near ? ` (did you mean "${near}"?)` : ''}`,
      );
    } else if (!check[0](fieldValue)) {
      problems.push(`${label}: "${field}" must be ${check[1]}, not ${JSON.stringify(fieldValue)}`);
    } else {
      Object.assign(base.fields, { [field]: fieldValue });
    }
  }
  return { base, problems, readable: true };
}

/** All of standard input as bytes, decoded once by the caller: a character may span chunks. */
export async function readStdin(io: CliIO): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin ?? [])
    chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  const all = Buffer.concat(chunks);
  for (const chunk of chunks) chunk.fill(0); // it may be key material
  return all;
}

/** `flag "path": could not be read (ENOENT)`, for any file a flag names. */
export function unreadable(flag: string, path: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new UsageError(`${flag} "${path}": could not be read (${code})`);
}

/** The text of FILE, or of standard input for `-`. */
export async function readRequestText(path: string, flag: string, io: CliIO): Promise<string> {
  if (path === '-') return (await readStdin(io)).toString('utf8');
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw unreadable(flag, path, error);
  }
}
