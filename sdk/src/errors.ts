/** A field problem of a 400 `validation_failed` answer. */
export interface FieldError {
  field: string;
  message: string;
}

export interface WardenErrorInit {
  status: number;
  code: string;
  detail: string;
  requestId?: string | undefined;
  errors?: FieldError[] | undefined;
  /** The whole problem+json body (extra members such as `challenge_id`, `missing_scopes`). */
  body?: Record<string, unknown> | undefined;
  retryAfterSeconds?: number | undefined;
  cause?: unknown;
}

/**
 * Every failure the SDK raises. `status` is the HTTP status (0 when no answer came), `code` Warden's
 * stable machine code (docs/errors.md), `detail` the human text, `requestId` the `X-Request-Id` to
 * quote to the operator.
 */
export class WardenError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly requestId: string | undefined;
  readonly errors: FieldError[];
  readonly body: Record<string, unknown>;

  constructor(init: WardenErrorInit) {
    super(`${init.code}: ${init.detail}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.requestId = init.requestId;
    this.errors = init.errors ?? [];
    this.body = init.body ?? {};
  }
}

/** 400 / 422: the request itself is wrong (`errors[]` names each bad field). */
export class ValidationError extends WardenError {}
/** 401: no credential, or a wrong, revoked or expired one. */
export class AuthenticationError extends WardenError {}
/** 401 `two_factor_required`: the password was right; log in again with the code (`challengeId` saves resending the password). */
export class TwoFactorRequiredError extends AuthenticationError {
  get challengeId(): string | undefined {
    return typeof this.body.challenge_id === 'string' ? this.body.challenge_id : undefined;
  }
}
/** 403: the credential is known but may not do this (scope, workspace, IP, environment). */
export class PermissionDeniedError extends WardenError {}
/** 404. */
export class NotFoundError extends WardenError {}
/** 409: the state forbids it (e.g. rotating a revoked key; an idempotency key still in progress). */
export class ConflictError extends WardenError {}
/** 429: `retryAfterSeconds` says when to try again. */
export class RateLimitError extends WardenError {
  readonly retryAfterSeconds: number | undefined;
  constructor(init: WardenErrorInit) {
    super(init);
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}
/** 5xx: Warden (or its store) could not answer. */
export class ServerError extends WardenError {}
/** No answer at all: connection refused or reset, DNS, TLS. `status` is 0. */
export class ConnectionError extends WardenError {}
/** No answer within `timeoutMs`. `status` is 0. */
export class TimeoutError extends ConnectionError {}
/** The client is set up wrong (no API key, no URL). Raised at construction, before any request. */
export class ConfigurationError extends WardenError {}

/** The subclass for an HTTP status and code. */
export function errorClassFor(status: number, code: string): new (init: WardenErrorInit) => WardenError {
  if (status === 401) return code === 'two_factor_required' ? TwoFactorRequiredError : AuthenticationError;
  if (status === 403) return PermissionDeniedError;
  if (status === 404) return NotFoundError;
  if (status === 409) return ConflictError;
  if (status === 429) return RateLimitError;
  if (status === 400 || status === 422) return ValidationError;
  if (status >= 500) return ServerError;
  return WardenError;
}
