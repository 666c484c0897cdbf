// The parameter rules of CreateKey, written once: the CLI refuses locally what breaks them and
// the emulator answers with the service's error code, so the two cannot drift apart.
// Sources: the CreateKey page and the tag service's limits (../shared/reference/).
import { KEY_TYPES, KEY_USAGES, type CreateKeyRequest } from './types.js';

export type CreateKeyField =
  'Alias' | 'Description' | 'KeyUsage' | 'Type' | 'Tags' | 'HsmClusterId';

export interface Violation {
  field: CreateKeyField;
  /** The error code the service answers with when this rule is broken. */
  code: string;
  /** The rule, stated so that a user can fix the value. */
  rule: string;
  value: string;
}

export const LIMITS = {
  aliasLength: 60,
  descriptionBytes: 1024,
  tags: 50,
  tagKeyLength: 127,
  tagValueLength: 255,
} as const;

const ALIAS_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const RESERVED_ALIAS_PREFIX = 'kms-';
export const RESERVED_TAG_KEY_PREFIXES = ['qcs:', 'project', '项目'] as const;

const INVALID_VALUE = 'InvalidParameterValue';

/** Characters as a person counts them (code points), not UTF-16 units. */
function characterCount(text: string): number {
  return [...text].length;
}

export function checkAlias(alias: string): Violation[] {
  const broken = (rule: string): Violation[] => [
    { field: 'Alias', code: `${INVALID_VALUE}.InvalidAlias`, rule, value: alias },
  ];
  const length = characterCount(alias);

  if (length < 1 || length > LIMITS.aliasLength) {
    return broken(`must be 1 to ${LIMITS.aliasLength} characters long (it has ${length})`);
  }
  if (!/^[A-Za-z0-9]/.test(alias)) return broken('must start with a letter or a digit');
  if (!ALIAS_PATTERN.test(alias)) return broken('may hold only letters, digits, "-" and "_"');
  if (alias.startsWith(RESERVED_ALIAS_PREFIX)) {
    return broken(
      `must not start with "${RESERVED_ALIAS_PREFIX}", which is reserved for Tencent Cloud products`,
    );
  }
  return [];
}

export function checkDescription(description: string): Violation[] {
  const bytes = Buffer.byteLength(description, 'utf8');
  if (bytes <= LIMITS.descriptionBytes) return [];

  const rule = `must be at most ${LIMITS.descriptionBytes} bytes in UTF-8 (it has ${bytes})`;
  return [{ field: 'Description', code: INVALID_VALUE, rule, value: description }];
}

export function isKnownKeyUsage(usage: string): boolean {
  return (KEY_USAGES as readonly string[]).includes(usage);
}

export function checkKeyUsage(usage: string, extraUsages: readonly string[] = []): Violation[] {
  if (isKnownKeyUsage(usage) || extraUsages.includes(usage)) return [];

  const rule = `must be one of ${KEY_USAGES.join(', ')}`;
  return [{ field: 'KeyUsage', code: `${INVALID_VALUE}.InvalidKeyUsage`, rule, value: usage }];
}

export function checkType(type: number): Violation[] {
  if ((Object.values(KEY_TYPES) as number[]).includes(type)) return [];

  const rule = 'must be 1 (KMS makes the key material) or 2 (EXTERNAL: you import it)';
  return [{ field: 'Type', code: `${INVALID_VALUE}.InvalidType`, rule, value: String(type) }];
}

function checkTag(key: string, value: string): string | undefined {
  const keyLength = characterCount(key);
  const valueLength = characterCount(value);

  if (keyLength < 1 || keyLength > LIMITS.tagKeyLength) {
    return `a tag key must be 1 to ${LIMITS.tagKeyLength} characters long (it has ${keyLength})`;
  }
  const reserved = RESERVED_TAG_KEY_PREFIXES.find((prefix) => key.startsWith(prefix));
  if (reserved) return `a tag key must not start with "${reserved}", which is reserved`;
  if (valueLength < 1 || valueLength > LIMITS.tagValueLength) {
    return `a tag value must be 1 to ${LIMITS.tagValueLength} characters long (it has ${valueLength})`;
  }
  return undefined;
}

export function checkTags(tags: readonly { TagKey: string; TagValue: string }[]): Violation[] {
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const violation = (code: string, rule: string, value: string): Violation => ({
    field: 'Tags',
    code,
    rule,
    value,
  });

  if (tags.length > LIMITS.tags) {
    violations.push(
      violation(
        INVALID_VALUE,
        `at most ${LIMITS.tags} tags (got ${tags.length})`,
        `${tags.length} tags`,
      ),
    );
  }
  for (const { TagKey, TagValue } of tags) {
    const shown = `${TagKey}=${TagValue}`;
    const rule = checkTag(TagKey, TagValue);
    if (rule) violations.push(violation(INVALID_VALUE, rule, shown));
    if (seen.has(TagKey)) {
      violations.push(
        violation(
          `${INVALID_VALUE}.TagKeysDuplicated`,
          `each tag key may appear once ("${TagKey}" repeats)`,
          shown,
        ),
      );
    }
    seen.add(TagKey);
  }
  return violations;
}

export function checkHsmClusterId(id: string): Violation[] {
  if (id.trim() !== '') return [];

  const rule = 'must not be empty';
  return [{ field: 'HsmClusterId', code: `${INVALID_VALUE}.InvalidHsmClusterId`, rule, value: id }];
}

export interface RuleOptions {
  /** KeyUsage values to accept beyond the known ones (the service moved ahead of this list). */
  extraUsages?: readonly string[];
}

/** Every rule the request breaks, in field order; none means that the service would accept it. */
export function checkCreateKey(request: CreateKeyRequest, options: RuleOptions = {}): Violation[] {
  return [
    ...checkAlias(request.Alias),
    ...(request.Description === undefined ? [] : checkDescription(request.Description)),
    ...(request.KeyUsage === undefined ? [] : checkKeyUsage(request.KeyUsage, options.extraUsages)),
    ...(request.Type === undefined ? [] : checkType(request.Type)),
    ...(request.Tags === undefined ? [] : checkTags(request.Tags)),
    ...(request.HsmClusterId === undefined ? [] : checkHsmClusterId(request.HsmClusterId)),
  ];
}

const REGION_PATTERN = /^[a-z]{2,}(-[a-z0-9]+)+$/;

/** The form of a region name (ap-guangzhou, ap-shanghai-fsi); the service says if it exists. */
export function isRegionName(region: string): boolean {
  return REGION_PATTERN.test(region);
}
