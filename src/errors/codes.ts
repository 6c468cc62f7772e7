/**
 * The one list of error codes. Each code has exactly one HTTP status; docs/errors.md documents every
 * code (a test checks it). Add codes here, never inline elsewhere.
 */
export const ERROR_CODES = {
  // 400
  validation_failed: { status: 400, title: 'Validation failed' },
  invalid_json: { status: 400, title: 'Malformed JSON body' },
  workspace_required: { status: 400, title: 'X-Workspace-ID is required' },
  scope_not_narrowing: { status: 400, title: 'Scopes can only be narrowed' },
  reset_token_invalid: { status: 400, title: 'Reset token invalid' },
  invitation_invalid: { status: 400, title: 'Invitation invalid' },
  // 401
  authentication_required: { status: 401, title: 'Authentication required' },
  invalid_key: { status: 401, title: 'Invalid API key' },
  key_revoked: { status: 401, title: 'API key revoked' },
  key_expired: { status: 401, title: 'API key expired' },
  invalid_token: { status: 401, title: 'Invalid token' },
  session_expired: { status: 401, title: 'Session expired' },
  invalid_credentials: { status: 401, title: 'Invalid credentials' },
  two_factor_required: { status: 401, title: 'Two-factor code required' },
  invalid_two_factor_code: { status: 401, title: 'Invalid two-factor code' },
  challenge_invalid: { status: 401, title: 'Agent challenge unknown, used or expired' },
  invalid_signature: { status: 401, title: 'Agent signature invalid' },
  service_credential_required: { status: 401, title: 'Service credential required' },
  // 403
  ip_not_allowed: { status: 403, title: 'Source IP not allowed for this key' },
  insufficient_scope: { status: 403, title: 'Insufficient scope' },
  workspace_forbidden: { status: 403, title: 'Not a member of this workspace' },
  session_required: { status: 403, title: 'A user session is required' },
  environment_forbidden: { status: 403, title: 'Environment not allowed for this credential' },
  https_required: { status: 403, title: 'HTTPS required' },
  registration_disabled: { status: 403, title: 'Registration is disabled' },
  service_credential_only: { status: 403, title: 'Only a service credential may do this' },
  csrf_failed: { status: 403, title: 'CSRF token missing or wrong' },
  // 404, 405, 409, 413, 415
  not_found: { status: 404, title: 'Not found' },
  route_not_found: { status: 404, title: 'No gateway route matches' },
  dashboard_not_built: { status: 404, title: 'The dashboard is not built' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  email_taken: { status: 409, title: 'E-mail already registered' },
  two_factor_already_enabled: { status: 409, title: 'Two-factor already enabled' },
  last_owner: { status: 409, title: 'A workspace needs an owner' },
  already_member: { status: 409, title: 'Already a member' },
  two_factor_not_pending: { status: 409, title: 'Two-factor is not in the expected state' },
  key_inactive: { status: 409, title: 'Key is revoked or expired' },
  idempotency_key_in_progress: { status: 409, title: 'A request with this Idempotency-Key is in progress' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  uri_too_long: { status: 414, title: 'URI too long' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  // 422
  idempotency_key_reused: { status: 422, title: 'Idempotency-Key reused with another request' },
  // 429
  rate_limited: { status: 429, title: 'Too many requests' },
  // 5xx
  internal_error: { status: 500, title: 'Internal error' },
  upstream_unavailable: { status: 502, title: 'Upstream unavailable' },
  store_unavailable: { status: 503, title: 'Store unavailable' },
  warden_unavailable: { status: 503, title: 'Warden unavailable' },
  upstream_timeout: { status: 504, title: 'Upstream timeout' },
} as const satisfies Record<string, { status: number; title: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}
