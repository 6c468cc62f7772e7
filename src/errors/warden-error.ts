import { ERROR_CODES, type ErrorCode } from './codes.js';

export interface FieldError {
  field: string;
  message: string;
}

export interface WardenErrorOptions {
  errors?: FieldError[];
  /** Extra members merged into the problem document (e.g. `missing_scopes`). */
  extra?: Record<string, unknown>;
  /** RFC 6750 error for the WWW-Authenticate header when the failure is about a bearer credential. */
  bearerError?: 'invalid_token' | 'insufficient_scope' | 'invalid_request';
  cause?: unknown;
}

/** A failure with a stable machine code; the error handler turns it into application/problem+json. */
export class WardenError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[] | undefined;
  readonly extra: Record<string, unknown> | undefined;
  readonly bearerError: WardenErrorOptions['bearerError'];

  constructor(code: ErrorCode, detail?: string, options: WardenErrorOptions = {}) {
    // A client error is an answer, not a fault: its code says what happened, and a stack trace
    // (measured: tens of µs inside Fastify's hooks) would make every refused request of a flood —
    // 401s, 429s — cost more than a served one. Server errors keep theirs.
    const stackTraceLimit = Error.stackTraceLimit;
    if (ERROR_CODES[code].status < 500) Error.stackTraceLimit = 0;
    try {
      super(detail ?? ERROR_CODES[code].title, options.cause === undefined ? undefined : { cause: options.cause });
    } finally {
      Error.stackTraceLimit = stackTraceLimit;
    }
    this.name = 'WardenError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.errors = options.errors;
    this.extra = options.extra;
    this.bearerError = options.bearerError;
  }
}

export function validationFailed(field: string, message: string): WardenError {
  return new WardenError('validation_failed', `${field}: ${message}`, { errors: [{ field, message }] });
}

/** The store could not be reached or answered with a connection-level failure: fail closed with 503. */
export class StoreUnavailableError extends WardenError {
  constructor(cause: unknown) {
    super('store_unavailable', 'The credential store is unavailable; the request was refused.', { cause });
    this.name = 'StoreUnavailableError';
  }
}
