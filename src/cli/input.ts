// create-key's flags as the API's CreateKeyRequest, with every broken rule found at once.
import { checkCreateKey, isKnownKeyUsage, type CreateKeyField } from '../kms/rules.js';
import { KEY_TYPES, KEY_USAGES, type CreateKeyRequest, type Tag } from '../kms/types.js';
import { printable } from '../output/render.js';
import { closest } from '../text.js';

export interface CreateKeyFlags {
  alias?: string | undefined;
  description?: string | undefined;
  usage?: string | undefined;
  type: string;
  tag: string[];
  hsmClusterId?: string | undefined;
  /** Send a --usage this version does not know, for a service that has moved ahead of it. */
  allowUnknownUsage?: boolean | undefined;
}

export interface BuiltRequest {
  request: CreateKeyRequest;
  problems: string[];
  warnings: string[];
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

export function suggestUsage(usage: string): string | undefined {
  return closest(usage, KEY_USAGES);
}

// What any KeyUsage value looks like, known or not: the escape hatch sends only this form.
const USAGE_FORM = /^[A-Z][A-Z0-9_]{0,63}$/;

function usageProblem(usage: string, allowUnknown: boolean): string | undefined {
  if (isKnownKeyUsage(usage)) return undefined;
  if (allowUnknown && USAGE_FORM.test(usage)) return undefined;
  if (allowUnknown) return problem('--usage', usage, 'must be upper-case letters, digits and "_"');
  const suggestion = suggestUsage(usage);
  const rule = `must be one of ${KEY_USAGES.join(', ')}`;
  return problem('--usage', usage, suggestion ? `${rule} (did you mean ${suggestion}?)` : rule);
}

function typeFrom(value: string, problems: string[]): number {
  const named: Record<string, number> = {
    default: KEY_TYPES.default,
    external: KEY_TYPES.external,
  };
  const type = named[value.toLowerCase()] ?? Number(value);
  if (type === KEY_TYPES.default || type === KEY_TYPES.external) return type;

  problems.push(problem('--type', value, 'must be default (or 1) or external (or 2)'));
  return KEY_TYPES.default;
}

/** The config file's default tags with the --tag flags over them, key by key. */
function tagsFrom(
  texts: readonly string[],
  defaults: Readonly<Record<string, string>>,
  problems: string[],
): Tag[] | undefined {
  const tags = new Map(
    Object.entries(defaults).map(([key, value]) => [key, { TagKey: key, TagValue: value }]),
  );
  const given: Tag[] = [];
  for (const text of texts) {
    const at = text.indexOf('=');
    if (at >= 0) given.push({ TagKey: text.slice(0, at), TagValue: text.slice(at + 1) });
    else problems.push(problem('--tag', text, 'must be KEY=VALUE (the value may itself hold "=")'));
  }
  for (const tag of given) tags.delete(tag.TagKey);
  const all = [...tags.values(), ...given];
  return all.length === 0 ? undefined : all;
}

function usageFrom(
  flags: CreateKeyFlags,
  fallback: string,
  problems: string[],
  warnings: string[],
): string {
  const usage = (flags.usage ?? fallback).toUpperCase();
  const broken = usageProblem(usage, flags.allowUnknownUsage === true);
  if (broken) problems.push(broken);
  else if (!isKnownKeyUsage(usage)) {
    warnings.push(
      `--usage ${usage} is not a key usage this version of kms knows; sending it as given (--allow-unknown-usage)`,
    );
  }
  return usage;
}

/** The shared rules (src/kms/rules.ts) as problems named by flag. */
function ruleProblems(request: CreateKeyRequest, flags: CreateKeyFlags): string[] {
  return checkCreateKey(request)
    .filter((violation) => violation.field !== 'KeyUsage') // usageFrom reports it, with a suggestion
    .filter((violation) => violation.field !== 'Alias' || flags.alias !== undefined)
    .map((violation) => problem(FLAG_OF[violation.field], violation.value, violation.rule));
}

const FLAG_ORDER = Object.values(FLAG_OF);

/** Problems listed in the order of the flags in --help, whatever found them. */
function inFlagOrder(problems: string[]): string[] {
  const rank = (line: string) =>
    FLAG_ORDER.findIndex((flag) => line.startsWith(`${flag} `) || line.startsWith(`${flag}:`));
  return problems
    .map((line, index) => ({ line, index }))
    .sort((a, b) => rank(a.line) - rank(b.line) || a.index - b.index)
    .map(({ line }) => line);
}

const optional = <K extends string, V>(key: K, value: V | undefined) =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;

export interface CreateKeyDefaults {
  usage?: string | undefined;
  tags?: Readonly<Record<string, string>>;
}

/** The request from the flags, over the config file's defaults for create-key. */
export function buildCreateKeyRequest(
  flags: CreateKeyFlags,
  defaults: CreateKeyDefaults = {},
): BuiltRequest {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (flags.alias === undefined) {
    problems.push('--alias: required: name the key, for example --alias app-key');
  }
  const request: CreateKeyRequest = {
    Alias: flags.alias ?? '',
    ...optional('Description', flags.description),
    KeyUsage: usageFrom(flags, defaults.usage ?? 'ENCRYPT_DECRYPT', problems, warnings),
    Type: typeFrom(flags.type, problems),
    ...optional('Tags', tagsFrom(flags.tag, defaults.tags ?? {}, problems)),
    ...optional('HsmClusterId', flags.hsmClusterId),
  };
  problems.push(...ruleProblems(request, flags));

  return { request, problems: inFlagOrder(problems), warnings };
}
