import {
  AuthenticationError, ConfigurationError, ConflictError, ConnectionError, NotFoundError, PermissionDeniedError, RateLimitError,
  ServerError, ValidationError, WardenError,
} from './sdk.js';

/** What `warden` exits with (docs/cli.md): scripts can tell a missing key from a refused one. */
export const EXIT = {
  ok: 0,
  /** Anything unexpected. */
  failure: 1,
  /** Wrong command line, or WARDEN_URL / WARDEN_API_KEY missing. */
  usage: 2,
  /** `audit verify`: the chain does not verify. */
  verifyFailed: 3,
  /** 401: the credential is missing, wrong, revoked or expired. */
  unauthenticated: 4,
  /** 403: the credential may not do this (scope, workspace, environment, IP). */
  forbidden: 5,
  /** 404: no such key, client, agent or member. */
  notFound: 6,
  /** 400 / 409 / 422: Warden refused the request as it is (validation, conflict, reused idempotency key). */
  rejected: 7,
  /** 429: rate limited (after the SDK's retries). */
  rateLimited: 8,
  /** Warden unreachable, timed out or failing (5xx). */
  unavailable: 9,
} as const;

export class CliUsageError extends Error {}

export function exitCodeOf(error: unknown): number {
  if (error instanceof CliUsageError || error instanceof ConfigurationError) return EXIT.usage;
  if (error instanceof AuthenticationError) return EXIT.unauthenticated;
  if (error instanceof PermissionDeniedError) return EXIT.forbidden;
  if (error instanceof NotFoundError) return EXIT.notFound;
  if (error instanceof ValidationError || error instanceof ConflictError) return EXIT.rejected;
  if (error instanceof RateLimitError) return EXIT.rateLimited;
  if (error instanceof ConnectionError || error instanceof ServerError) return EXIT.unavailable;
  if (error instanceof WardenError) return error.status >= 400 && error.status < 500 ? EXIT.rejected : EXIT.failure;
  return EXIT.failure;
}

/** One line (plus field problems) for stderr. */
export function describeError(error: unknown): string {
  if (error instanceof WardenError) {
    const fields = error.errors.map((e) => `\n  ${e.field}: ${e.message}`).join('');
    const status = error.status ? ` (${error.status})` : '';
    const request = error.requestId ? ` [request ${error.requestId}]` : '';
    return `${error.code}${status}: ${error.detail}${fields}${request}`;
  }
  return error instanceof Error ? error.message : String(error);
}
