/** An RFC 9457 problem document as Warden answers them, with its stable `code`. */
export interface WardenProblem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  [extra: string]: unknown;
}

/**
 * The refusals the middleware answers, with Warden's status and title for each (src/errors/codes.ts
 * on the server; the SDK reaches Warden only over HTTP, so the few it needs are repeated here).
 */
const REFUSALS: Record<string, { status: number; title: string; detail: string; bearerError?: string }> = {
  authentication_required: { status: 401, title: 'Authentication required', detail: 'Send a credential: Authorization: Bearer <key or token>, or X-API-Key: <key>' },
  invalid_key: { status: 401, title: 'Invalid API key', detail: 'The API key is not valid', bearerError: 'invalid_token' },
  key_revoked: { status: 401, title: 'API key revoked', detail: 'The API key has been revoked', bearerError: 'invalid_token' },
  key_expired: { status: 401, title: 'API key expired', detail: 'The API key has expired', bearerError: 'invalid_token' },
  invalid_token: { status: 401, title: 'Invalid token', detail: 'The bearer token is invalid, expired or revoked', bearerError: 'invalid_token' },
  session_expired: { status: 401, title: 'Session expired', detail: 'The session has expired; log in again', bearerError: 'invalid_token' },
  ip_not_allowed: { status: 403, title: 'Source IP not allowed for this key', detail: 'The credential may not be used from this IP address' },
  insufficient_scope: { status: 403, title: 'Insufficient scope', detail: 'This credential lacks a required scope', bearerError: 'insufficient_scope' },
  workspace_forbidden: { status: 403, title: 'Not a member of this workspace', detail: 'The credential does not belong to the workspace X-Workspace-ID names' },
  workspace_required: { status: 400, title: 'X-Workspace-ID is required', detail: 'The user belongs to several workspaces: name one with X-Workspace-ID' },
  environment_forbidden: { status: 403, title: 'Environment not allowed for this credential', detail: 'This deployment does not accept credentials of this environment' },
  rate_limited: { status: 429, title: 'Rate limit exceeded', detail: 'Rate limit exceeded' },
  warden_unavailable: { status: 503, title: 'Warden unavailable', detail: 'The credential could not be checked: Warden did not answer' },
};

/** A refusal as status, problem document and headers (WWW-Authenticate as RFC 6750 says for bearer failures). */
export function refusal(code: string, options: { detail?: string; extra?: Record<string, unknown> } = {}): { status: number; problem: WardenProblem; headers: Record<string, string> } {
  const known = REFUSALS[code] ?? { status: 401, title: 'Invalid credential', detail: 'The credential was refused', bearerError: 'invalid_token' };
  const detail = options.detail ?? known.detail;
  const problem: WardenProblem = { type: `urn:warden:error:${code}`, title: known.title, status: known.status, code, detail, ...options.extra };
  const headers: Record<string, string> = {};
  if (known.status === 401 || known.bearerError === 'insufficient_scope') headers['www-authenticate'] = challengeOf(known.bearerError, detail, options.extra?.missing_scopes);
  return { status: known.status, problem, headers };
}

function challengeOf(bearerError: string | undefined, detail: string, missingScopes: unknown): string {
  if (!bearerError) return 'Bearer realm="warden"';
  const parts = ['realm="warden"', `error="${bearerError}"`, `error_description="${detail.replace(/["\\]/g, '')}"`];
  if (bearerError === 'insufficient_scope' && Array.isArray(missingScopes)) parts.push(`scope="${missingScopes.join(' ')}"`);
  return `Bearer ${parts.join(', ')}`;
}
