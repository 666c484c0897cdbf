import { describe, expect, it } from 'vitest';

import { TransportError } from '../../src/errors.js';
import { timingOf } from '../../src/http/client.js';
import { differences } from '../../src/http/create-key.js';
import { backoffDelay, classifyFailure, type RetryPolicy } from '../../src/http/retry.js';
import { ApiError } from '../../src/kms/errors.js';
import type { KeyMetadata } from '../../src/kms/types.js';

const policy = (random: number): RetryPolicy => ({
  maxAttempts: 3,
  deadlineMs: 0,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  random: () => random,
});
const api = (code: string) => new ApiError({ code, message: 'm', requestId: 'r' });

describe('classifyFailure', () => {
  it.each([
    [api('RequestLimitExceeded'), 'again'],
    [api('RequestLimitExceeded.UinLimitExceeded'), 'again'],
    [api('InternalError'), 'lost'],
    [api('AuthFailure.SignatureExpire'), 'resign'],
    [api('AuthFailure.SignatureFailure'), 'final'],
    [api('InvalidParameterValue.AliasAlreadyExists'), 'final'],
    [new TransportError('refused', 'ECONNREFUSED', { sent: false }), 'again'],
    [new TransportError('timed out', 'UND_ERR_HEADERS_TIMEOUT'), 'lost'],
    [new TransportError('not KMS', 'NotKmsResponse'), 'lost'],
    [
      new TransportError('bad certificate', 'DEPTH_ZERO_SELF_SIGNED_CERT', { sent: false }),
      'final',
    ],
    [new TransportError('interrupted', 'Aborted'), 'final'],
    [new TypeError('bug'), 'final'],
  ])('calls %s %s', (error, kind) => {
    expect(classifyFailure(error)).toBe(kind);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially with full jitter, up to the cap', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelay(attempt, policy(0.999)))).toEqual([
      199, 399, 799, 1598,
    ]);
    expect(backoffDelay(20, policy(0.999))).toBe(4995);
    expect(backoffDelay(3, policy(0))).toBe(0);
  });

  it('waits at least as long as Retry-After asks', () => {
    expect(backoffDelay(1, policy(0.5), 3_000)).toBe(3_000);
    expect(backoffDelay(4, policy(0.999), 10)).toBe(1598);
  });
});

describe('timingOf', () => {
  const now = Date.parse('2026-12-03T08:00:00Z');

  it('reads the Date header as the service clock', () => {
    expect(timingOf({ date: 'Thu, 03 Dec 2026 08:10:00 GMT' }, now).serverTimeMs).toBe(
      now + 600_000,
    );
  });

  it('reads Retry-After as seconds or as a date', () => {
    expect(timingOf({ 'retry-after': '2' }, now).retryAfterMs).toBe(2_000);
    expect(timingOf({ 'retry-after': 'Thu, 03 Dec 2026 08:00:05 GMT' }, now).retryAfterMs).toBe(
      5_000,
    );
    expect(timingOf({ 'retry-after': 'soon' }, now).retryAfterMs).toBeUndefined();
  });
});

describe('differences', () => {
  const key = {
    KeyUsage: 'ENCRYPT_DECRYPT',
    Type: 1,
    Description: '',
    HsmClusterId: '',
  } as KeyMetadata;

  it('is empty for the key that was asked for', () => {
    expect(differences(key, { Alias: 'a' })).toEqual([]);
  });

  it('lists each field that differs', () => {
    expect(
      differences(key, { Alias: 'a', KeyUsage: 'ASYMMETRIC_SIGN_VERIFY_ECC', Type: 2 }),
    ).toEqual([
      'KeyUsage is "ENCRYPT_DECRYPT", not "ASYMMETRIC_SIGN_VERIFY_ECC"',
      'Type is 1, not 2',
    ]);
  });
});
