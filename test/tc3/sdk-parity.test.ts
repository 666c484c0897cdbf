// Our signature must equal the official Node SDK's, byte for byte, for the same request.
// The SDK (tencentcloud-sdk-nodejs-common) is a devDependency used by tests only.
import { createRequire } from 'node:module';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { buildSignedRequest } from '../../src/http/request.js';
import * as arbitraries from '../helpers/arbitraries.js';

interface Sign3Input {
  method: string;
  url: string;
  payload: unknown;
  timestamp: number;
  service: string;
  secretId: string;
  secretKey: string;
  headers: Record<string, string>;
}

const require = createRequire(import.meta.url);
const Sign = (
  require('tencentcloud-sdk-nodejs-common/tencentcloud/common/sign.js') as {
    default: { sign3(input: Sign3Input): string };
  }
).default;
const JSONbig = (require('json-bigint') as (o: object) => JSON)({ useNativeBigInt: true });

export const PARITY_CASES = 600;

const parityCase = fc.record({
  request: arbitraries.createKeyRequest,
  timestamp: arbitraries.timestamp,
  secretId: arbitraries.secret.map((s) => `AKID${s}`),
  secretKey: arbitraries.secret,
  token: fc
    .tuple(fc.boolean(), arbitraries.secret)
    .map(([has, token]) => (has ? token : undefined)),
  host: fc.constantFrom('kms.tencentcloudapi.com', 'kms.ap-guangzhou.tencentcloudapi.com'),
});

describe('parity with the official SDK signer', () => {
  it(`signs ${PARITY_CASES} generated CreateKey requests exactly as the SDK does`, () => {
    let tokens = 0;
    fc.assert(
      fc.property(parityCase, ({ request, timestamp, secretId, secretKey, token, host }) => {
        const ours = buildSignedRequest(
          'CreateKey',
          request,
          { endpoint: new URL(`https://${host}`), region: 'ap-guangzhou' },
          { secretId, secretKey, token },
          timestamp,
        );
        const theirs = Sign.sign3({
          method: 'POST',
          url: `https://${host}/`,
          payload: request,
          timestamp,
          service: 'kms',
          secretId,
          secretKey,
          headers: { 'Content-Type': 'application/json' },
        });
        if (token) tokens += 1;

        expect(ours.body).toBe(JSONbig.stringify(request));
        expect(ours.headers['Authorization']).toBe(theirs);
        expect(ours.headers['X-TC-Token']).toBe(token);
      }),
      { numRuns: PARITY_CASES },
    );
    // Both kinds of credentials were covered, not only one.
    expect(tokens).toBeGreaterThan(PARITY_CASES / 4);
    expect(tokens).toBeLessThan((PARITY_CASES * 3) / 4);
  });
});
