/**
 * Every `error` the /oauth/* endpoints answer, with its HTTP status: RFC 6749 §5.2's codes, RFC
 * 7009's unsupported_token_type, and three for failures that are not the client's (a spent rate
 * limit, a store that does not answer, a bug). docs/errors.md lists them all (a test checks).
 */
export const OAUTH_ERRORS = {
  invalid_request: { status: 400, meaning: 'The request is malformed: a missing or repeated parameter, a body that is not a form' },
  invalid_client: { status: 401, meaning: 'Client authentication failed (unknown client, wrong secret, no credentials); `WWW-Authenticate: Basic`' },
  invalid_grant: { status: 400, meaning: 'The grant is invalid, expired or revoked' },
  unauthorized_client: { status: 400, meaning: 'The client may not use this grant type, or is disabled' },
  unsupported_grant_type: { status: 400, meaning: 'Only `client_credentials` is supported' },
  invalid_scope: { status: 400, meaning: 'A requested scope is outside the client\'s scopes' },
  unsupported_token_type: { status: 400, meaning: 'RFC 7009: the token type cannot be revoked here' },
  rate_limited: { status: 429, meaning: 'The caller\'s limit is spent: wait `Retry-After` seconds' },
  temporarily_unavailable: { status: 503, meaning: 'The store does not answer; nothing was issued (fail closed)' },
  server_error: { status: 500, meaning: 'A bug; details are in the server log, not the answer' },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type OAuthErrorCode = keyof typeof OAUTH_ERRORS;

/** An answer of the OAuth endpoints: `{"error", "error_description"}`, not problem+json. */
export class OAuthError extends Error {
  readonly status: number;
  constructor(readonly error: OAuthErrorCode, readonly description: string, status: number = OAUTH_ERRORS[error].status) {
    super(description);
    this.status = status;
  }
}
