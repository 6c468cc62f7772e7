import type { Services } from '../server/services.js';
import { WardenError } from '../errors/warden-error.js';
import type { Principal } from './principal.js';

// Failures reported as data; anything else (a broken store) stays an error: fail closed.
const REPORTED = new Set(['invalid_token', 'invalid_key', 'key_revoked', 'key_expired', 'session_expired', 'ip_not_allowed', 'environment_forbidden']);

/**
 * `POST /v1/verify {token}`: is this bearer credential good in the caller's workspace? A token
 * of another workspace (or of a user who is not a member) is simply `invalid_token`.
 */
export async function verifyToken(
  services: Services,
  workspaceId: string,
  token: string,
  requiredScopes: readonly string[],
  ip: string | null,
): Promise<{ data: Record<string, unknown>; principal: Principal | null }> {
  try {
    const principal = await services.authenticator.authenticate({ authorization: `Bearer ${token}`, apiKey: undefined, workspaceId, ip });
    const details = {
      principal: { type: principal.type, id: principal.id },
      workspace_id: principal.workspaceId,
      environment: principal.environment,
      scopes: principal.scopes.names,
      session_id: principal.sessionId ?? null,
    };
    const missing = principal.scopes.missing(requiredScopes, services.scopePolicy);
    if (missing.length > 0) return { data: { valid: false, code: 'insufficient_scope', missing_scopes: missing, ...details }, principal: null };
    return { data: { valid: true, ...details }, principal };
  } catch (error) {
    if (!(error instanceof WardenError)) throw error;
    if (error.code === 'workspace_forbidden' || error.code === 'workspace_required') return { data: { valid: false, code: 'invalid_token' }, principal: null };
    if (REPORTED.has(error.code)) return { data: { valid: false, code: error.code }, principal: null };
    throw error;
  }
}
