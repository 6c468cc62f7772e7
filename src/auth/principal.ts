import { isId } from '../lib/ids.js';
import type { ScopeSet } from './scopes.js';
import type { CredentialEnvironment } from './environments.js';

export type Role = 'owner' | 'admin' | 'developer' | 'viewer';

/** Who is calling, once a credential has been verified. */
export interface Principal {
  type: 'api_key' | 'user' | 'client' | 'agent';
  /** Key id (`key_…`), user id (`usr_…`), OAuth client id (`cli_…`) or agent id (`agt_…`). */
  id: string;
  workspaceId: string;
  /** A key's environment; null for a user session (it may act on both). */
  environment: CredentialEnvironment | null;
  scopes: ScopeSet;
  /**
   * The user session (`ses_…`) or the grant (`grt_…`: client, agent, exchanged key) the token
   * belongs to, when the credential is a token. Not the caller's own label that `/auth/login`
   * calls `session_id`; `grantIdOf` says which of the two ids this is.
   */
  sessionId?: string;
  role?: Role;
  /** An API key's own requests-per-minute limit (replaces the endpoint class default). */
  rateLimit?: number | null;
  /** When this API key secret stops working: its expiry, or the end of its rotation grace (key exchange caps its tokens by it). */
  expiresAtMs?: number | null;
}

export interface Actor {
  type: 'api_key' | 'user' | 'client' | 'agent' | 'system';
  id: string;
}

/** What services need to know about the request, without knowing HTTP. */
export interface RequestContext {
  actor: Actor;
  ip: string | null;
  userAgent: string | null;
  method: string | null;
  path: string | null;
}

/** The grant (`grt_…`) a client, agent or exchanged-key token belongs to; undefined for API keys and user sessions. */
export function grantIdOf(principal: Principal): string | undefined {
  return principal.sessionId !== undefined && isId('grt', principal.sessionId) ? principal.sessionId : undefined;
}

export function actorOf(principal: Principal): Actor {
  return { type: principal.type, id: principal.id };
}
