import type { Authenticator } from './authenticator.js';
import type { ScopePolicy } from './scopes.js';
import { grantIdOf, type Principal } from './principal.js';

// Refusals reported as they are; a workspace the caller cannot see is just an unknown token.
const HIDDEN_AS_INVALID_TOKEN = new Set(['workspace_forbidden', 'workspace_required']);

/**
 * `POST /v1/verify {token}`: is this bearer credential good in the caller's workspace? A token
 * of another workspace (or of a user who is not a member) is simply `invalid_token`. The
 * authenticator's outcome is read as data; a store that does not answer still throws (503).
 */
export async function verifyToken(
  services: { authenticator: Pick<Authenticator, 'check'>; scopePolicy: ScopePolicy },
  /** The caller's workspace; undefined for a deployment-level service credential (any workspace). */
  workspaceId: string | undefined,
  token: string,
  requiredScopes: readonly string[],
  ip: string | null,
): Promise<{ data: Record<string, unknown>; principal: Principal | null }> {
  const outcome = await services.authenticator.check({ authorization: `Bearer ${token}`, apiKey: undefined, workspaceId, ip });
  if (!outcome.ok) {
    const code = HIDDEN_AS_INVALID_TOKEN.has(outcome.refusal.code) ? 'invalid_token' : outcome.refusal.code;
    return { data: { valid: false, code }, principal: null };
  }
  const principal = outcome.principal;
  const details = {
    principal: { type: principal.type, id: principal.id },
    workspace_id: principal.workspaceId,
    environment: principal.environment,
    scopes: principal.scopes.names,
    session_id: principal.sessionId ?? null,
    ...(grantIdOf(principal) ? { grant_id: grantIdOf(principal) } : {}),
  };
  const missing = principal.scopes.missing(requiredScopes, services.scopePolicy);
  if (missing.length > 0) return { data: { valid: false, code: 'insufficient_scope', missing_scopes: missing, ...details }, principal: null };
  return { data: { valid: true, ...details }, principal };
}
