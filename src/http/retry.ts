// When to try a call again, and how long to wait first. Pure: randomness and the clock are
// passed in, so the policy can be tested exactly.
import { TransportError } from '../errors.js';
import { ApiError } from '../kms/errors.js';

export interface RetryPolicy {
  /** CreateKey attempts at most, the first included (--max-attempts). */
  maxAttempts: number;
  /** The whole call, retries and waits included, may take this long (--deadline). */
  deadlineMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
  random: () => number;
}

export const BASE_DELAY_MS = 200;
export const MAX_DELAY_MS = 5_000;

/**
 * - `again`: safe to send as it is (throttled, or it never reached the service);
 * - `lost`: the service may have acted without our hearing of it: look before sending again;
 * - `resign`: the signature expired against the service's clock: sign again with its time;
 * - `final`: no retry can help.
 */
export type FailureKind = 'again' | 'lost' | 'resign' | 'final';

export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof ApiError) {
    if (error.code === 'AuthFailure.SignatureExpire') return 'resign';
    if (error.code.startsWith('RequestLimitExceeded')) return 'again';
    if (error.code === 'InternalError' || error.code.startsWith('InternalError.')) return 'lost';
    return 'final';
  }
  if (error instanceof TransportError) {
    if (error.code === 'Aborted' || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(error.code))
      return 'final';
    return error.sent ? 'lost' : 'again';
  }
  return 'final';
}

/** Exponential backoff with full jitter, capped; a Retry-After from the service wins if longer. */
export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = Math.floor(policy.random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}

export function retryAfterOf(error: unknown): number | undefined {
  return error instanceof ApiError ? error.timing.retryAfterMs : undefined;
}

/** Waits, unless the user interrupts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}
