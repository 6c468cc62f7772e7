import type { ScopeSet } from './scopes.js';
import type { KeyEnvironment } from '../keys/key-codec.js';

export type Role = 'owner' | 'admin' | 'developer' | 'viewer';

/** Who is calling, once a credential has been verified. */
export interface Principal {
  type: 'api_key' | 'user';
  /** Key id (`key_…`) or user id (`usr_…`). */
  id: string;
  workspaceId: string;
  /** A key's environment; null for a user session (it may act on both). */
  environment: KeyEnvironment | null;
  scopes: ScopeSet;
  sessionId?: string;
  role?: Role;
}

export interface Actor {
  type: 'api_key' | 'user' | 'system';
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
