// The service's first look at a body: a JSON object whose members it knows, each of its type.
import type { Refusal } from './verify.js';

type ParamType = 'string' | 'integer' | 'tags';
export type ParamSchema = Readonly<Record<string, ParamType>>;

function hasType(value: unknown, type: ParamType): boolean {
  if (type === 'string') return typeof value === 'string';
  if (type === 'integer') return Number.isInteger(value);
  return (
    Array.isArray(value) &&
    value.every((tag: unknown) => {
      const { TagKey, TagValue } = (tag ?? {}) as Record<string, unknown>;
      return typeof TagKey === 'string' && typeof TagValue === 'string';
    })
  );
}

export function readParams(body: Buffer, schema: ParamSchema): Record<string, unknown> | Refusal {
  let params: unknown;
  try {
    params = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
  } catch {
    return { code: 'InvalidParameter', message: 'The request body is not valid JSON.' };
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    return { code: 'InvalidParameter', message: 'The request body must be a JSON object.' };
  }
  for (const [name, value] of Object.entries(params)) {
    const type = schema[name];
    if (!type)
      return { code: 'UnknownParameter', message: `The parameter \`${name}\` is not recognized.` };
    if (!hasType(value, type)) {
      return {
        code: 'InvalidParameter',
        message: `The parameter \`${name}\` must be of type ${type}.`,
      };
    }
  }
  return params as Record<string, unknown>;
}

export function isRefusal(value: unknown): value is Refusal {
  return typeof value === 'object' && value !== null && 'code' in value && 'message' in value;
}
