import { describe, expect, it } from 'vitest';

import {
  buildCreateKeyRequest,
  shown,
  suggestUsage,
  type CreateKeyFlags,
} from '../../src/cli/input.js';

const flags = (extra: Partial<CreateKeyFlags> = {}): CreateKeyFlags => ({
  alias: 'app-key',
  usage: 'ENCRYPT_DECRYPT',
  type: 'default',
  tag: [],
  ...extra,
});

describe('buildCreateKeyRequest', () => {
  it('maps flags to the API request', () => {
    const { request, problems } = buildCreateKeyRequest(
      flags({
        description: 'd',
        usage: 'asymmetric_sign_verify_ecc',
        type: 'EXTERNAL',
        tag: ['env=prod', 'q=a=b'],
        hsmClusterId: 'cls-hsm-1',
      }),
    );
    expect(problems).toEqual([]);
    expect(request).toEqual({
      Alias: 'app-key',
      Description: 'd',
      KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_ECC',
      Type: 2,
      Tags: [
        { TagKey: 'env', TagValue: 'prod' },
        { TagKey: 'q', TagValue: 'a=b' },
      ],
      HsmClusterId: 'cls-hsm-1',
    });
  });

  it.each([
    ['1', 1],
    ['2', 2],
    ['default', 1],
    ['External', 2],
  ])('reads --type %s as Type %i', (type, expected) => {
    expect(buildCreateKeyRequest(flags({ type })).request.Type).toBe(expected);
  });

  it('reports every broken rule at once, each naming its flag', () => {
    const { problems } = buildCreateKeyRequest(
      flags({
        alias: 'kms-x',
        usage: 'ENCRYPT_DECRYP',
        type: '3',
        tag: ['novalue', 'a=1', 'a=2'],
        hsmClusterId: ' ',
      }),
    );
    expect(problems).toEqual([
      '--alias "kms-x": must not start with "kms-", which is reserved for Tencent Cloud products',
      expect.stringMatching(
        /^--usage "ENCRYPT_DECRYP": must be one of .* \(did you mean ENCRYPT_DECRYPT\?\)$/,
      ),
      '--type "3": must be default (or 1) or external (or 2)',
      '--tag "novalue": must be KEY=VALUE (the value may itself hold "=")',
      '--tag "a=2": each tag key may appear once ("a" repeats)',
      '--hsm-cluster-id " ": must not be empty',
    ]);
  });

  it('suggests only near misses', () => {
    expect(suggestUsage('ASYMMETRIC_SIGN_VERIFY_RSA2048')).toBe('ASYMMETRIC_SIGN_VERIFY_RSA_2048');
    expect(suggestUsage('BANANA')).toBeUndefined();
  });

  it('shortens a long value and escapes control characters when showing it', () => {
    expect(shown('x'.repeat(100))).toBe(`"${'x'.repeat(47)}…"`);
    expect(shown('a\nb')).toBe('"a\\nb"');
  });
});
