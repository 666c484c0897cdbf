// One definition of the rules, checked from both ends: whatever the CLI accepts the emulator
// accepts, and whatever the emulator refuses as a bad parameter the CLI refuses locally.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { buildCreateKeyRequest, type CreateKeyFlags } from '../../src/cli/input.js';
import { ACTIONS } from '../../src/emulator/actions.js';
import { KeyStore } from '../../src/emulator/store.js';
import { serializeBody } from '../../src/http/request.js';
import { KEY_USAGES } from '../../src/kms/types.js';
import { alias as validAlias, text } from '../helpers/arbitraries.js';

export const PROPERTY_RUNS = 3000;

// Mostly valid values, so that acceptance is exercised as much as refusal.
const anyAlias = fc.oneof(
  { arbitrary: validAlias, weight: 12 },
  validAlias.map((a) => `kms-${a}`),
  fc.string({ maxLength: 70 }),
  fc.stringMatching(/^[A-Za-z0-9_-]{55,65}$/),
  text(10),
);

const anyUsage = fc.oneof(
  { arbitrary: fc.constantFrom(...KEY_USAGES), weight: 6 },
  fc.constantFrom(...KEY_USAGES).map((u) => u.toLowerCase()),
  fc.constantFrom(...KEY_USAGES).map((u) => u.slice(1)),
  fc.string({ maxLength: 12 }),
);

const goodTag = fc.tuple(text(8), text(8)).map(([key, value]) => `${key || 'k'}=${value || 'v'}`);

const anyTag = fc.oneof(
  { arbitrary: goodTag, weight: 20 },
  fc.constantFrom('noequals', '=v', 'k=', 'qcs:a=1', 'project=1', '项目=1', 'a=1', 'a=b=c'),
  fc
    .tuple(fc.integer({ min: 126, max: 128 }), fc.integer({ min: 254, max: 256 }))
    .map(([k, v]) => `${'k'.repeat(k)}=${'v'.repeat(v)}`),
);

const anyFlags: fc.Arbitrary<CreateKeyFlags> = fc.record(
  {
    alias: anyAlias,
    description: fc.oneof(
      text(300),
      fc.integer({ min: 254, max: 258 }).map((n) => '🔑'.repeat(n)),
    ),
    usage: anyUsage,
    type: fc.constantFrom('default', 'external', 'DEFAULT', '1', '2', '3', '0', 'x'),
    tag: fc.oneof(
      fc.array(anyTag, { maxLength: 6 }),
      fc.uniqueArray(goodTag, {
        minLength: 48,
        maxLength: 52,
        selector: (tag) => tag.split('=')[0],
      }),
    ),
    // The one cluster the emulator has: whether a cluster exists is the service's to know.
    hsmClusterId: fc.constantFrom('cls-hsm-emulator', 'cls-hsm-emulator', 'cls-hsm-emulator', ''),
  },
  { requiredKeys: ['alias', 'usage', 'type', 'tag'] },
);

function emulatorAccepts(request: object): { accepted: boolean; code?: string } {
  const outcome = ACTIONS['CreateKey']!(Buffer.from(serializeBody(request)), {
    store: new KeyStore(),
    region: 'ap-guangzhou',
    nowSeconds: 1_796_300_000,
    hsmClusters: new Set(['cls-hsm-emulator']),
    extraUsages: [],
  });
  return 'result' in outcome ? { accepted: true } : { accepted: false, code: outcome.code };
}

describe('the CLI and the emulator share one set of rules', () => {
  it(`agree on ${PROPERTY_RUNS} generated command lines`, () => {
    const seen = { accepted: 0, refused: 0 };
    fc.assert(
      fc.property(anyFlags, (flags) => {
        const { request, problems } = buildCreateKeyRequest(flags);
        const emulator = emulatorAccepts(request);
        if (problems.length === 0) expect(emulator).toEqual({ accepted: true });
        if (!emulator.accepted) expect(problems).not.toEqual([]);
        seen[problems.length === 0 ? 'accepted' : 'refused'] += 1;
      }),
      { numRuns: PROPERTY_RUNS },
    );
    // Both sides of each property were exercised, not only refusals.
    expect(seen.accepted).toBeGreaterThan(PROPERTY_RUNS / 20);
    expect(seen.refused).toBeGreaterThan(PROPERTY_RUNS / 20);
  });
});
