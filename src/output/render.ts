// The created key as a person reads it (a table) or as a program reads it (JSON).
import { CREATE_KEY_FIELDS, type CreateKeyResponse } from '../kms/types.js';
import type { Styles } from './color.js';

export type OutputFormat = 'table' | 'json' | 'quiet';

/** The inside of `Response`, with the API's field names, as one JSON document. */
export function renderJson(result: object): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A Unix time as the reader's local time with its UTC offset: 2024-10-31 11:59:30 +08:00. */
export function formatTime(seconds: number): string {
  const date = new Date(seconds * 1000);
  const offset = -date.getTimezoneOffset();
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

  return `${day} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${zone}`;
}

/** Control characters from the service are shown escaped, never sent to the terminal raw. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => JSON.stringify(c).slice(1, -1));
}

// TagCode: 0 the tags were bound, 1 the tag service failed, 2 it refused them.
const TAG_CODES: Readonly<Record<number, string>> = {
  0: 'tags bound',
  1: 'tags not bound',
  2: 'tags not bound',
};

/** A key as the service describes it: CreateKey's answer, or DescribeKey's KeyMetadata. */
type Shown = { KeyId: string };

function cell(result: Shown, field: string): string {
  const value = (result as Record<string, unknown>)[field];
  if (field === 'CreateTime') return `${formatTime(Number(value))} (${String(value)})`;
  if (field === 'ValidTo')
    return value === 0 ? 'never' : `${formatTime(Number(value))} (${String(value)})`;
  if (field === 'TagCode') return `${String(value)} (${TAG_CODES[Number(value)] ?? 'unknown'})`;
  return value === '' || value === undefined || value === null ? '-' : printable(String(value));
}

/** The fields in the given order; the values are the last column, so wide text never misaligns. */
export function renderTable(
  result: Shown,
  styles: Styles,
  fields: readonly string[] = CREATE_KEY_FIELDS,
): string {
  const width = Math.max(...fields.map((field) => field.length)) + 2;
  const lines = fields.map((field) => {
    const value = cell(result, field);
    const shown = field === 'KeyId' ? styles.bold(value) : value;
    return `${styles.dim(field.padEnd(width))}${shown}`;
  });
  return `${lines.join('\n')}\n`;
}

export function renderResult(
  result: Shown,
  format: OutputFormat,
  styles: Styles,
  fields: readonly string[] = CREATE_KEY_FIELDS,
): string {
  if (format === 'quiet') return `${result.KeyId}\n`;
  if (format === 'json') return renderJson(result);
  return renderTable(result, styles, fields);
}
