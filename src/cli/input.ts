// create-key's flags as the API's CreateKeyRequest, with every broken rule found at once.
import { checkCreateKey, isKnownKeyUsage, type CreateKeyField } from '../kms/rules.js';
import { KEY_TYPES, KEY_USAGES, type CreateKeyRequest, type Tag } from '../kms/types.js';
import { printable } from '../output/render.js';
import { closest } from '../text.js';

export interface CreateKeyFlags {
  alias?: string | undefined;
  description?: string | undefined;
  usage?: string | undefined;
  type?: string | undefined;
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

function usageProblem(usage: string, allowUnknown: boolean, label: string): string | undefined {
  if (isKnownKeyUsage(usage)) return undefined;
  if (allowUnknown && USAGE_FORM.test(usage)) return undefined;
  if (allowUnknown) return problem(label, usage, 'must be upper-case letters, digits and "_"');
  const suggestion = suggestUsage(usage);
  const rule = `must be one of ${KEY_USAGES.join(', ')}`;
  return problem(label, usage, suggestion ? `${rule} (did you mean ${suggestion}?)` : rule);
}

/** A request's fields as an --input file or a --batch line gives them, and where they came from. */
export interface BaseRequest {
  fields: Partial<CreateKeyRequest>;
  /** How messages name a field from there: `--input req.json: KeyUsage`. */
  label: string;
}

const NO_BASE: BaseRequest = { fields: {}, label: '' };

function typeFrom(value: string | undefined, base: number | undefined, problems: string[]): number {
  if (value === undefined) return base ?? KEY_TYPES.default;
  const named: Record<string, number> = {
    default: KEY_TYPES.default,
    external: KEY_TYPES.external,
  };
  const type = named[value.toLowerCase()] ?? Number(value);
  if (type === KEY_TYPES.default || type === KEY_TYPES.external) return type;

  problems.push(problem('--type', value, 'must be default (or 1) or external (or 2)'));
  return KEY_TYPES.default;
}

/** Tags key by key: the config file's defaults, then the base request's, then the --tag flags. */
function tagsFrom(
  texts: readonly string[],
  layers: readonly (readonly Tag[])[],
  problems: string[],
): Tag[] | undefined {
  const given: Tag[] = [];
  for (const text of texts) {
    const at = text.indexOf('=');
    if (at >= 0) given.push({ TagKey: text.slice(0, at), TagValue: text.slice(at + 1) });
    else problems.push(problem('--tag', text, 'must be KEY=VALUE (the value may itself hold "=")'));
  }
  // A later layer's key replaces an earlier one's; a key twice in one layer stays twice, so
  // that the rules report it.
  let tags: Tag[] = [];
  for (const layer of [...layers, given]) {
    const keys = new Set(layer.map((tag) => tag.TagKey));
    tags = [...tags.filter((tag) => !keys.has(tag.TagKey)), ...layer];
  }
  return tags.length === 0 ? undefined : tags;
}

function usageFrom(
  usage: string,
  label: string,
  allowUnknown: boolean,
  problems: string[],
  warnings: string[],
): string {
  const upper = usage.toUpperCase();
  const broken = usageProblem(upper, allowUnknown, label);
  if (broken) problems.push(broken);
  else if (!isKnownKeyUsage(upper)) {
    warnings.push(
      `${label} ${upper} is not a key usage this version of kms knows; sending it as given (--allow-unknown-usage)`,
    );
  }
  return upper;
}

/** The shared rules (src/kms/rules.ts) as problems named by the flag or file field of the value. */
function ruleProblems(
  request: CreateKeyRequest,
  labelOf: (field: CreateKeyField) => string,
  aliasGiven: boolean,
): string[] {
  return (
    checkCreateKey(request)
      // usageFrom reports the KeyUsage, with a suggestion.
      .filter((violation) => violation.field !== 'KeyUsage')
      .filter((violation) => violation.field !== 'Alias' || aliasGiven)
      .map((violation) => problem(labelOf(violation.field), violation.value, violation.rule))
  );
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

const FLAG_VALUE: Readonly<Record<CreateKeyField, keyof CreateKeyFlags>> = {
  Alias: 'alias',
  Description: 'description',
  KeyUsage: 'usage',
  Type: 'type',
  Tags: 'tag',
  HsmClusterId: 'hsmClusterId',
};

/**
 * The request: the flags, over a base request (an --input file or a --batch line), over the
 * config file's defaults for create-key. Every broken rule is named by where its value came from.
 */
export function buildCreateKeyRequest(
  flags: CreateKeyFlags,
  defaults: CreateKeyDefaults = {},
  base: BaseRequest = NO_BASE,
): BuiltRequest {
  const problems: string[] = [];
  const warnings: string[] = [];
  const fromFlag = (field: CreateKeyField) => {
    const value = flags[FLAG_VALUE[field]];
    return Array.isArray(value) ? value.length > 0 : value !== undefined;
  };
  const labelOf = (field: CreateKeyField) =>
    fromFlag(field) || base.fields[field] === undefined ? FLAG_OF[field] : `${base.label} ${field}`;
  const { fields } = base;
  const alias = flags.alias ?? fields.Alias;
  if (alias === undefined) {
    const where = base.label ? ` (or "Alias" in ${base.label.replace(/:$/, '')})` : '';
    problems.push(`--alias: required${where}: name the key, for example --alias app-key`);
  }
  const usage = flags.usage ?? fields.KeyUsage ?? defaults.usage ?? 'ENCRYPT_DECRYPT';
  const defaultTags = Object.entries(defaults.tags ?? {}).map(([TagKey, TagValue]) => ({
    TagKey,
    TagValue,
  }));
  const request: CreateKeyRequest = {
    Alias: alias ?? '',
    ...optional('Description', flags.description ?? fields.Description),
    KeyUsage: usageFrom(
      usage,
      labelOf('KeyUsage'),
      flags.allowUnknownUsage === true,
      problems,
      warnings,
    ),
    Type: typeFrom(flags.type, fields.Type, problems),
    ...optional('Tags', tagsFrom(flags.tag, [defaultTags, fields.Tags ?? []], problems)),
    ...optional('HsmClusterId', flags.hsmClusterId ?? fields.HsmClusterId),
  };
  problems.push(...ruleProblems(request, labelOf, alias !== undefined));

  return { request, problems: inFlagOrder(problems), warnings };
}
