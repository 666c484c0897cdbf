// Generators for CreateKey requests as users write them: valid aliases, CJK and emoji text
// (ZWJ sequences included), up to 50 tags.
import fc from 'fast-check';

import { KEY_USAGES, type CreateKeyRequest } from '../../src/kms/types.js';

const codePoints = (min: number, max: number) =>
  fc.integer({ min, max }).map((code) => String.fromCodePoint(code));

/** One character of the kinds that trip serializers: CJK, emoji, joiners, quotes, controls. */
export const textChar = fc.oneof(
  codePoints(0x20, 0x7e),
  codePoints(0x4e00, 0x9fff),
  codePoints(0x1f300, 0x1faff),
  fc.constantFrom(
    '\u200d',
    '\u2028',
    '\u00ad',
    '\ufeff',
    '\n',
    '\t',
    '"',
    '\\',
    '\u007f',
    'é',
    '密钥',
  ),
);

export const text = (maxLength: number) =>
  fc.array(textChar, { maxLength }).map((chars) => chars.join(''));

export const alias = fc
  .stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/)
  .filter((a) => !a.startsWith('kms-'));

const tagKey = text(30).filter((key) => key.length > 0 && !/^(qcs:|project|项目)/.test(key));

export const tags = fc.uniqueArray(
  fc.record({ TagKey: tagKey, TagValue: text(40).filter((value) => value.length > 0) }),
  { maxLength: 50, selector: (tag) => tag.TagKey },
);

export const createKeyRequest: fc.Arbitrary<CreateKeyRequest> = fc.record(
  {
    Alias: alias,
    Description: text(200).filter((d) => Buffer.byteLength(d) <= 1024),
    KeyUsage: fc.constantFrom(...KEY_USAGES),
    Type: fc.constantFrom(1, 2),
    Tags: tags,
    HsmClusterId: fc.constant('cls-hsm-emulator'),
  },
  { requiredKeys: ['Alias'] },
);

const DAY = 86_400;

/** Unix seconds within an hour of some UTC midnight between 2019 and 2035, or anywhere then. */
export const timestamp = fc.oneof(
  fc
    .tuple(fc.integer({ min: 17_900, max: 24_000 }), fc.integer({ min: -3_600, max: 3_600 }))
    .map(([day, offset]) => day * DAY + offset),
  fc.integer({ min: 1_546_300_800, max: 2_082_758_400 }),
);

export const secret = fc.stringMatching(/^[A-Za-z0-9]{16,40}$/);
