// create-key's flags as the API's CreateKeyRequest, with every broken rule found at once.
import { checkCreateKey, isKnownKeyUsage, type CreateKeyField } from '../kms/rules.js';
import { KEY_TYPES, KEY_USAGES, type CreateKeyRequest, type Tag } from '../kms/types.js';
import { printable } from '../output/render.js';

export interface CreateKeyFlags {
  alias: string;
  description?: string | undefined;
  usage: string;
  type: string;
  tag: string[];
  hsmClusterId?: string | undefined;
}

export const FLAG_OF: Readonly<Record<CreateKeyField, string>> = {
  Alias: '--alias',
  Description: '--description',
  KeyUsage: '--usage',
  Type: '--type',
  Tags: '--tag',
  HsmClusterId: '--hsm-cluster-id',
};

const SHOWN_LENGTH = 48;

/** A value as it appears in a message: quoted, escaped, and shortened if long. */
export function shown(value: string): string {
  const chars = [...value];
  const cut = chars.length > SHOWN_LENGTH ? `${chars.slice(0, SHOWN_LENGTH - 1).join('')}…` : value;
  return `"${printable(cut)}"`;
}

export function problem(flag: string, value: string, rule: string): string {
  return `${flag} ${shown(value)}: ${rule}`;
}

function parseType(value: string): number | undefined {
  const named: Record<string, number> = {
    default: KEY_TYPES.default,
    external: KEY_TYPES.external,
  };
  const type = named[value.toLowerCase()] ?? Number(value);
  return type === KEY_TYPES.default || type === KEY_TYPES.external ? type : undefined;
}

function parseTag(text: string): Tag | undefined {
  const at = text.indexOf('=');
  return at < 0 ? undefined : { TagKey: text.slice(0, at), TagValue: text.slice(at + 1) };
}

/** Edit distance, for suggesting the KeyUsage a near miss meant. */
function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
    }
    previous = current;
  }
  return previous[b.length]!;
}

export function suggestUsage(usage: string): string | undefined {
  const [best] = [...KEY_USAGES].sort((a, b) => distance(usage, a) - distance(usage, b));
  return best && distance(usage, best) <= Math.max(3, Math.floor(usage.length / 4))
    ? best
    : undefined;
}

function usageProblem(usage: string): string | undefined {
  if (isKnownKeyUsage(usage)) return undefined;
  const suggestion = suggestUsage(usage);
  const rule = `must be one of ${KEY_USAGES.join(', ')}`;
  return problem('--usage', usage, suggestion ? `${rule} (did you mean ${suggestion}?)` : rule);
}

export function buildCreateKeyRequest(flags: CreateKeyFlags): {
  request: CreateKeyRequest;
  problems: string[];
} {
  const problems: string[] = [];
  const type = parseType(flags.type);
  const usage = flags.usage.toUpperCase();
  const tags = flags.tag.map((text) => {
    const tag = parseTag(text);
    if (!tag)
      problems.push(problem('--tag', text, 'must be KEY=VALUE (the value may itself hold "=")'));
    return tag;
  });
  if (type === undefined)
    problems.push(problem('--type', flags.type, 'must be default (or 1) or external (or 2)'));
  const usageBroken = usageProblem(usage);
  if (usageBroken) problems.push(usageBroken);

  const request: CreateKeyRequest = {
    Alias: flags.alias,
    ...(flags.description === undefined ? {} : { Description: flags.description }),
    KeyUsage: usage,
    Type: type ?? KEY_TYPES.default,
    ...(flags.tag.length === 0
      ? {}
      : { Tags: tags.filter((tag): tag is Tag => tag !== undefined) }),
    ...(flags.hsmClusterId === undefined ? {} : { HsmClusterId: flags.hsmClusterId }),
  };
  for (const violation of checkCreateKey(request)) {
    if (violation.field === 'KeyUsage') continue; // reported above, with a suggestion
    problems.push(problem(FLAG_OF[violation.field], violation.value, violation.rule));
  }
  return { request, problems };
}
