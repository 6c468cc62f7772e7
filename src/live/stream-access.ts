import type { Clock } from '../lib/clock.js';
import { sha256Hex } from '../lib/hash.js';
import type { Principal, Role } from '../auth/principal.js';
import { ScopeSet, type ScopePolicy } from '../auth/scopes.js';
import type { KeyVerifier } from '../keys/key-verifier.js';
import type { SessionVerifier } from '../sessions/session-verifier.js';
import type { GrantVerifier } from '../grants/grant-verifier.js';
import type { AccessTokens } from '../tokens/access-tokens.js';
import type { TokenDenyList } from '../tokens/token-deny-list.js';
import { looksLikeJwt } from '../tokens/access-tokens.js';
import { WardenError } from '../errors/warden-error.js';
import { ROLES, scopesForRole } from '../workspaces/roles.js';

export const STREAM_SCOPE = 'events:read';

/**
 * What opened a live stream (or created its ticket), enough to ask again whether it could open
 * it now — never the secret itself: an API key by its secret's hash (a rotated-out secret is
 * told apart from the new one), a session by id, a machine token by its grant.
 */
export type StreamCredential =
  | { kind: 'key'; keyHash: string }
  | { kind: 'session'; sessionId: string; userId: string; jti: string | null; expMs: number | null }
  | { kind: 'grant'; grantId: string; subjectId: string; jti: string; expMs: number; scopes: string[] };

export interface StreamAuthority {
  credential: StreamCredential;
  workspaceId: string;
  /** A member's role when the stream opened: a lower one since ends it. */
  role: Role | null;
}

/** Why a stream ended because of its credential (the `reason` of its `stream.closed` frame). */
export type StreamEndReason = 'credential_revoked' | 'credential_expired' | 'scope_removed' | 'membership_removed' | 'role_changed';

export interface StreamAccessOptions {
  keys: KeyVerifier;
  sessions: SessionVerifier;
  grants: GrantVerifier;
  accessTokens: AccessTokens;
  denyList: TokenDenyList;
  clock: Clock;
  scopePolicy: ScopePolicy;
  deploymentResources: readonly string[];
}

const REVOKED = 'credential_revoked';
const EXPIRED = 'credential_expired';

/**
 * "Could this credential open this stream now?" — asked when a ticket is redeemed and again on
 * every invalidation the bus carries and every heartbeat, for as long as the stream is open. The
 * same question as opening: the credential is alive (not revoked, rotated out, ended or expired),
 * still holds `events:read`, and a member is still in the workspace with no lower role. Asking
 * is not activity: it never slides a session's idle window or a key's last use.
 */
export class StreamAccess {
  private readonly roleScopes: Map<Role, ScopeSet>;

  constructor(private readonly options: StreamAccessOptions) {
    this.roleScopes = new Map(ROLES.map((role) => [role, new ScopeSet(scopesForRole(role, options.deploymentResources))]));
  }

  /** The authority of a credential that has just been authenticated as `principal`. */
  async authorityOf(token: string, principal: Principal): Promise<StreamAuthority> {
    const authority = (credential: StreamCredential): StreamAuthority => ({ credential, workspaceId: principal.workspaceId, role: principal.role ?? null });
    if (looksLikeJwt(token)) {
      const checked = await this.options.accessTokens.verify(token);
      if (!checked.valid) throw new WardenError('invalid_token', 'The access token is invalid, expired or revoked', { bearerError: 'invalid_token' });
      const claims = checked.claims;
      const expMs = claims.exp * 1000;
      if (principal.type === 'user') return authority({ kind: 'session', sessionId: claims.sid, userId: claims.sub, jti: claims.jti, expMs });
      const scopes = (claims.scope ?? '').split(' ').filter((s) => s !== '');
      return authority({ kind: 'grant', grantId: claims.sid, subjectId: claims.sub, jti: claims.jti, expMs, scopes });
    }
    if (principal.type === 'user') return authority({ kind: 'session', sessionId: principal.sessionId!, userId: principal.id, jti: null, expMs: null });
    return authority({ kind: 'key', keyHash: sha256Hex(token) });
  }

  /** null: it could; otherwise why not. A store that does not answer throws (the caller fails closed). */
  async check(authority: StreamAuthority): Promise<StreamEndReason | null> {
    const credential = authority.credential;
    const nowMs = this.options.clock.nowMs();
    switch (credential.kind) {
      case 'key': {
        const check = await this.options.keys.status(credential.keyHash);
        if (!check.valid) return check.code === 'key_expired' ? EXPIRED : REVOKED;
        if (check.key.workspaceId !== authority.workspaceId) return REVOKED;
        return this.scoped(check.key.scopes);
      }
      case 'session': {
        if (credential.jti !== null && this.options.denyList.isRevoked(credential.jti)) return REVOKED;
        if (credential.expMs !== null && credential.expMs <= nowMs) return EXPIRED;
        const check = await this.options.sessions.peekById(credential.sessionId);
        if (!check.valid) return check.code === 'session_expired' ? EXPIRED : REVOKED;
        if (check.session.userId !== credential.userId) return REVOKED;
        const membership = check.session.memberships.find((m) => m.id === authority.workspaceId);
        if (!membership) return 'membership_removed';
        if (authority.role !== null && ROLES.indexOf(membership.role) > ROLES.indexOf(authority.role)) return 'role_changed';
        return this.scoped(this.roleScopes.get(membership.role)!);
      }
      case 'grant': {
        if (this.options.denyList.isRevoked(credential.jti)) return REVOKED;
        if (credential.expMs <= nowMs) return EXPIRED;
        const grant = await this.options.grants.live(credential.grantId, credential.subjectId, credential.jti);
        if (!grant || grant.workspace_id !== authority.workspaceId) return REVOKED;
        // An exchanged key token acts with its grant's scopes; client and agent tokens with their own.
        return this.scoped(new ScopeSet(grant.scopes ?? credential.scopes));
      }
    }
  }

  private scoped(scopes: ScopeSet): StreamEndReason | null {
    return scopes.allows(STREAM_SCOPE, this.options.scopePolicy) ? null : 'scope_removed';
  }
}

/** A ticket whose creator could no longer open the stream: the answer its redemption gets. */
export function refusedTicket(reason: StreamEndReason): WardenError {
  switch (reason) {
    case 'scope_removed':
      return new WardenError('insufficient_scope', `The ticket's credential no longer holds ${STREAM_SCOPE}`, {
        extra: { missing_scopes: [STREAM_SCOPE] },
        bearerError: 'insufficient_scope',
      });
    case 'membership_removed':
      return new WardenError('workspace_forbidden', 'The ticket\'s user is no longer a member of its workspace');
    default:
      return new WardenError('invalid_token', `The credential that created the ticket is no longer valid (${reason})`, { bearerError: 'invalid_token' });
  }
}
