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
  /** The session (`ses_…`) or grant (`grt_…`) the credential belongs to, when it is a token. */
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

export function actorOf(principal: Principal): Actor {
  return { type: principal.type, id: principal.id };
}
