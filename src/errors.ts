// Every failure `kms` knows about is one of these. Each carries the exit code that the one
// place in src/cli/run.ts turns it into; nothing below the CLI calls process.exit.

export const EXIT = {
  ok: 0,
  internal: 1,
  usage: 2,
  config: 3,
  auth: 4,
  aliasExists: 5,
  throttled: 6,
  transport: 7,
  service: 8,
  partial: 9,
  interrupted: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export interface ErrorDetails {
  hint?: string;
  requestId?: string;
  retryable?: boolean;
  /** For transport failures: false when the request provably never reached the service. */
  sent?: boolean;
}

export class KmsError extends Error {
  readonly hint: string | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;

  constructor(
    message: string,
    readonly code: string,
    readonly exitCode: ExitCode,
    details: ErrorDetails = {},
  ) {
    super(message);
    this.name = new.target.name;
    this.hint = details.hint;
    this.requestId = details.requestId;
    this.retryable = details.retryable ?? false;
  }
}

/** Bad flags or input: nothing was sent. Every problem found is listed, not only the first. */
export class UsageError extends KmsError {
  readonly problems: readonly string[];

  constructor(problems: string | readonly string[], details: ErrorDetails = {}) {
    const list = typeof problems === 'string' ? [problems] : problems;
    const message =
      list.length === 1 ? list[0]! : `${list.length} problems:\n  ${list.join('\n  ')}`;
    super(message, 'InvalidInput', EXIT.usage, details);
    this.problems = list;
  }
}

/** Missing or unreadable configuration or credentials: nothing was sent. */
export class ConfigError extends KmsError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, 'ConfigError', EXIT.config, details);
  }
}

/** The key exists but a step after its creation did not complete (TagCode not 0). */
export class PartialSuccessError extends KmsError {
  constructor(message: string, code: string, details: ErrorDetails = {}) {
    super(message, code, EXIT.partial, details);
  }
}

/** The service could not be reached, or what came back was not a KMS response. */
export class TransportError extends KmsError {
  /** Whether the request may have reached the service (and so CreateKey may have acted). */
  readonly sent: boolean;

  constructor(message: string, code: string, details: ErrorDetails = {}) {
    super(message, code, EXIT.transport, details);
    this.sent = details.sent ?? true;
  }
}

/** The user interrupted kms (Ctrl-C). */
export class InterruptedError extends KmsError {
  constructor(message: string, details: ErrorDetails = {}) {
    super(message, 'Interrupted', EXIT.interrupted, details);
  }
}
