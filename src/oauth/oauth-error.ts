/** RFC 6749 §5.2 error codes (and RFC 7009's unsupported_token_type). */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'unsupported_token_type';

const STATUS: Record<OAuthErrorCode, number> = {
  invalid_request: 400,
  invalid_client: 401,
  invalid_grant: 400,
  unauthorized_client: 400,
  unsupported_grant_type: 400,
  invalid_scope: 400,
  unsupported_token_type: 400,
};

/** An answer of the OAuth endpoints: `{"error", "error_description"}`, not problem+json. */
export class OAuthError extends Error {
  readonly status: number;
  constructor(readonly error: OAuthErrorCode, readonly description: string, status: number = STATUS[error]) {
    super(description);
    this.status = status;
  }
}
