// CreateKey made safe to retry. It is not idempotent, so a request that may have reached the
// service without our hearing back is never simply sent again: the alias is looked up first,
// and a key found there is the answer. The result: never two keys for one command, and never
// a created key whose KeyId the user is not told.
import { EXIT, KmsError, TransportError } from '../errors.js';
import { ApiError } from '../kms/errors.js';
import { createKeyResponseOf } from '../kms/keys.js';
import type { CreateKeyRequest, CreateKeyResponse, KeyMetadata } from '../kms/types.js';
import { callAction, type CallContext } from './client.js';
import { findKeyByAlias } from './lookup.js';
import { backoffDelay, classifyFailure, retryAfterOf, sleep, type RetryPolicy } from './retry.js';

/** The least time worth starting an attempt with, before the deadline. */
const MIN_ATTEMPT_MS = 500;

export interface ReliableContext extends CallContext {
  policy: RetryPolicy;
  /** Tells the user something on stderr: a retry, a corrected clock, a recovered response. */
  notify: (message: string) => void;
  /** Waits for a turn before each CreateKey attempt: a --batch keeps to the service's rate. */
  pace?: () => Promise<void>;
}

export interface CreatedKey {
  key: CreateKeyResponse;
  /** The response was lost and the key was found by its alias. */
  recovered: boolean;
}

export type ComparedField = 'KeyUsage' | 'Type' | 'Description' | 'HsmClusterId';
const ALL_FIELDS: readonly ComparedField[] = ['KeyUsage', 'Type', 'Description', 'HsmClusterId'];

/** How the key found under the alias differs from what was asked; empty when it matches. */
export function differences(
  key: KeyMetadata,
  request: CreateKeyRequest,
  fields: readonly ComparedField[] = ALL_FIELDS,
): string[] {
  const wanted: Record<ComparedField, unknown> = {
    KeyUsage: request.KeyUsage ?? 'ENCRYPT_DECRYPT',
    Type: request.Type ?? 1,
    Description: request.Description ?? '',
    HsmClusterId: request.HsmClusterId ?? '',
  };
  const asked = fields.map((field): [string, unknown, unknown] => [
    field,
    wanted[field],
    key[field],
  ]);
  return asked
    .filter(([, wanted, found]) => wanted !== found)
    .map(
      ([field, wanted, found]) =>
        `${field} is ${JSON.stringify(found)}, not ${JSON.stringify(wanted)}`,
    );
}

/** A key ListKeyDetail found, in CreateKey's response shape; ListKeyDetail does not show tags. */
function asCreated(key: KeyMetadata, requestId: string, tagMsg: string): CreateKeyResponse {
  return { ...createKeyResponseOf(key, tagMsg), RequestId: requestId };
}

export function aliasTaken(alias: string, diffs: string[]): KmsError {
  return new KmsError(
    `a key with alias "${alias}" exists but differs from the request: ${diffs.join('; ')}`,
    'InvalidParameterValue.AliasAlreadyExists',
    EXIT.aliasExists,
    {
      hint: 'choose another alias, or ask for what the existing key is',
    },
  );
}

function unconfirmed(alias: string, lost: KmsError, lookupFailure: unknown): TransportError {
  const why = lookupFailure instanceof Error ? lookupFailure.message : String(lookupFailure);
  return new TransportError(
    `CreateKey's response was lost (${lost.message}) and looking the alias up failed too (${why}): the key "${alias}" may have been created`,
    lost.code,
    {
      hint: `before creating it again, look for the alias: tccli kms ListKeyDetail --SearchKeyAlias ${alias} --KeyUsage ALL, or the KMS console`,
    },
  );
}

/** After a lost response: the key the earlier attempt made, if it exists. */
async function recover(
  request: CreateKeyRequest,
  lost: KmsError,
  context: CallContext,
): Promise<CreatedKey | undefined> {
  let found: KeyMetadata | undefined;
  let requestId: string;
  try {
    ({ key: found, requestId } = await findKeyByAlias(request.Alias, context));
  } catch (error) {
    throw unconfirmed(request.Alias, lost, error);
  }
  if (!found) return undefined;
  const diffs = differences(found, request);
  if (diffs.length > 0) throw aliasTaken(request.Alias, diffs);
  const tagMsg = request.Tags?.length
    ? 'unconfirmed: the key was found by its alias after the response was lost'
    : 'ok';
  return { key: asCreated(found, requestId, tagMsg), recovered: true };
}

function gaveUp(
  error: unknown,
  attempts: number,
  lost: KmsError | undefined,
  alias: string,
): unknown {
  if (!(error instanceof KmsError)) return error;
  if (attempts > 1) error.message = `${error.message} (gave up after ${attempts} attempts)`;
  if (!lost) return error;
  // The lookup after each lost answer found no key. An answer that came (an error page,
  // InternalError) ended that request; one that never came (a timeout, a reset) may not have,
  // and the service may still be making the key.
  const unanswered =
    error instanceof TransportError && error.sent && error.code !== 'NotKmsResponse';
  const hint = unanswered
    ? `the key "${alias}" may yet appear: look for the alias before running the command again`
    : `no key with alias "${alias}" was created: it is safe to run the same command again`;
  return Object.assign(error, { hint });
}

/** The deadline passed: the last failure stands, saying so; without one, the deadline itself. */
function deadlinePassed(last: unknown, attempts: number, context: ReliableContext): unknown {
  const seconds = context.policy.deadlineMs / 1000;
  const passed = `the --deadline of ${seconds} s passed after ${attempts} attempt${attempts === 1 ? '' : 's'}`;
  if (last instanceof KmsError) {
    last.message = `${last.message} (${passed})`;
    return last;
  }
  return new TransportError(`gave up: ${passed}`, 'DeadlineExceeded');
}

export async function createKeyReliably(
  request: CreateKeyRequest,
  context: ReliableContext,
): Promise<CreatedKey> {
  const { policy } = context;
  const deadline = context.now() + policy.deadlineMs;
  let offsetMs = 0;
  let lost: KmsError | undefined;
  let resigned = false;
  let last: unknown;

  for (let attempt = 1; ; attempt += 1) {
    const remaining = deadline - context.now();
    if (remaining <= 0) throw deadlinePassed(last, attempt - 1, context);
    const call: CallContext = {
      ...context,
      now: () => context.now() + offsetMs,
      timeoutMs: Math.min(context.timeoutMs, remaining),
    };
    try {
      await context.pace?.();
      return {
        key: await callAction<CreateKeyResponse>('CreateKey', request, call),
        recovered: false,
      };
    } catch (error) {
      last = error;
      // An earlier attempt whose answer was lost did create the key.
      if (lost && error instanceof ApiError && error.exitCode === EXIT.aliasExists) {
        const found = await recover(request, lost, call);
        if (found) return found;
      }
      const kind = classifyFailure(error);
      const serverTime = error instanceof ApiError ? error.timing.serverTimeMs : undefined;
      if (kind === 'resign' && !resigned && serverTime !== undefined) {
        offsetMs = serverTime - context.now();
        resigned = true;
        context.notify(clockWarning(offsetMs));
        attempt -= 1; // signing again with the service's time is not a retry of the request
        continue;
      }
      if (kind === 'lost') {
        lost = error as KmsError;
        const found = await recover(request, lost, call);
        if (found) return found;
      }
      if (kind === 'final' || kind === 'resign' || attempt >= policy.maxAttempts) {
        throw gaveUp(error, attempt, lost, request.Alias);
      }
      // An attempt that would start with too little of the deadline left is not started.
      const delay = backoffDelay(attempt, policy, retryAfterOf(error));
      if (deadline - (context.now() + delay) < MIN_ATTEMPT_MS) {
        throw deadlinePassed(error, attempt, context);
      }
      context.notify(
        `${(error as Error).message}; trying again in ${(delay / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${policy.maxAttempts})`,
      );
      await sleep(delay, context.signal);
    }
  }
}

function clockWarning(offsetMs: number): string {
  const seconds = Math.round(Math.abs(offsetMs) / 1000);
  const direction = offsetMs > 0 ? 'behind' : 'ahead of';
  return `this machine's clock is ${seconds} s ${direction} the service's, so the signature expired; signed again with the service's time. Fix the clock: timedatectl set-ntp true (or your system's NTP settings)`;
}

/** --if-not-exists compares what a user asks for by choice: the usage and the type. */
const ENSURED: readonly ComparedField[] = ['KeyUsage', 'Type'];

export interface EnsuredKey extends CreatedKey {
  /** False when the key was already there. */
  created: boolean;
}

async function existing(
  request: CreateKeyRequest,
  context: CallContext,
): Promise<EnsuredKey | undefined> {
  const { key, requestId } = await findKeyByAlias(request.Alias, context);
  if (!key) return undefined;
  const diffs = differences(key, request, ENSURED);
  if (diffs.length > 0) throw aliasTaken(request.Alias, diffs);
  const tagMsg = 'unchanged: the key already existed, and its tags were left as they were';
  return { key: asCreated(key, requestId, tagMsg), recovered: false, created: false };
}

/**
 * The key under this alias, made only if there is none (--if-not-exists): one that is there and
 * matches is the answer; one that is there and differs is exit 5 with the differences.
 */
export async function ensureKey(
  request: CreateKeyRequest,
  context: ReliableContext,
): Promise<EnsuredKey> {
  const before = await existing(request, context);
  if (before) return before;
  try {
    return { ...(await createKeyReliably(request, context)), created: true };
  } catch (error) {
    // Someone else made it between our look and our CreateKey.
    const raced = error instanceof ApiError && error.exitCode === EXIT.aliasExists;
    const after = raced ? await existing(request, context) : undefined;
    if (after) return after;
    throw error;
  }
}
