// How a failure reads: one line saying what failed (two with a hint) on stderr, and with
// --json also one JSON document there. Never a secret: messages are built from codes, the
// service's own message and our text, not from the request.
import { EXIT, KmsError } from '../errors.js';
import { ApiError } from '../kms/errors.js';
import type { Styles } from '../output/color.js';

export interface ErrorDocument {
  error: {
    code: string;
    message: string;
    requestId: string | null;
    exitCode: number;
    retryable: boolean;
    hint: string | null;
  };
}

export function asKmsError(error: unknown): KmsError {
  if (error instanceof KmsError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new KmsError(`internal error: ${message}`, 'InternalError', EXIT.internal, {
    hint: 'this is a bug in kms: please report it to the kms issue tracker with the output of the same command run with --debug',
  });
}

export function errorDocument(error: KmsError): ErrorDocument {
  return {
    error: {
      code: error.code,
      message: error instanceof ApiError ? error.serviceMessage : error.message,
      requestId: error.requestId ?? null,
      exitCode: error.exitCode,
      retryable: error.retryable,
      hint: error.hint ?? null,
    },
  };
}

/** `sends`: the command calls the service, so saying that nothing was sent is news. */
export function errorText(error: KmsError, styles: Styles, sends = true): string {
  const nothingSent = sends && (error.exitCode === EXIT.usage || error.exitCode === EXIT.config);
  const requestId = error.requestId ? ` (RequestId ${error.requestId})` : '';
  const multiline = error.message.includes('\n');
  const unsent = nothingSent ? (multiline ? '\n  (nothing was sent)' : ' (nothing was sent)') : '';
  const hint = error.hint ? `\n${styles.dim('hint:')} ${error.hint}` : '';

  return `${styles.red('kms: error:')} ${error.message}${requestId}${unsent}${hint}\n`;
}
