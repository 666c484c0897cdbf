// What each of the service's error codes means for the user: the exit code, whether trying
// again can help, and a hint. Branch on codes only; Tencent rewords messages freely.
import { EXIT, KmsError, type ExitCode } from '../errors.js';

export interface ApiErrorBody {
  code: string;
  message: string;
  requestId: string;
}

function exitCodeOf(code: string): ExitCode {
  if (code.startsWith('AuthFailure') || code.startsWith('UnauthorizedOperation')) return EXIT.auth;
  if (code === 'InvalidParameterValue.AliasAlreadyExists') return EXIT.aliasExists;
  if (code.startsWith('RequestLimitExceeded') || code.startsWith('LimitExceeded')) {
    return EXIT.throttled;
  }
  return EXIT.service;
}

const HINTS: Readonly<Record<string, string>> = {
  'AuthFailure.SignatureExpire':
    "the request's timestamp is more than 300 s away from the service's clock: check this machine's clock (timedatectl, or an NTP sync)",
  'AuthFailure.SecretIdNotFound':
    'the SecretId is not known to the service: check TENCENTCLOUD_SECRET_ID',
  'AuthFailure.SignatureFailure':
    'the signature did not match: check that TENCENTCLOUD_SECRET_KEY belongs to TENCENTCLOUD_SECRET_ID',
  'AuthFailure.TokenFailure':
    'the session token was refused: temporary credentials need a fresh TENCENTCLOUD_SESSION_TOKEN with the id and key it was issued with',
  'InvalidParameterValue.AliasAlreadyExists':
    'an alias is unique per region: choose another alias, or use the key that already has it',
  UnsupportedRegion: 'KMS is not offered in that region: pass another --region',
};

/** What the response's headers said beyond the body: the service's clock and Retry-After. */
export interface ResponseTiming {
  serverTimeMs?: number | undefined;
  retryAfterMs?: number | undefined;
}

export class ApiError extends KmsError {
  readonly serviceMessage: string;
  readonly timing: ResponseTiming;

  constructor(body: ApiErrorBody, timing: ResponseTiming = {}) {
    const retryable = body.code.startsWith('RequestLimitExceeded') || body.code === 'InternalError';
    super(`${body.code}: ${body.message}`, body.code, exitCodeOf(body.code), {
      requestId: body.requestId,
      retryable,
      ...(HINTS[body.code] === undefined ? {} : { hint: HINTS[body.code] }),
    });
    this.serviceMessage = body.message;
    this.timing = timing;
  }
}
