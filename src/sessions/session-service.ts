import type { Database } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import type { Clock } from '../lib/clock.js';
import type { TouchBatcher } from '../store/touch-batcher.js';
import type { ScopePolicy } from '../auth/scopes.js';
import type { Principal, RequestContext } from '../auth/principal.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { WardenError } from '../errors/warden-error.js';
import { isManagerRole } from '../workspaces/roles.js';
import { roleIn } from '../workspaces/memberships.js';
import { findSessionById, listLiveSessions, revokeSession, type SessionRow } from './session-store.js';
import { invalidateSessions } from './session-verifier.js';

export interface SessionView {
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  /** When it ends unless used again: the earlier of the inactivity deadline and the absolute end. */
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

export interface SessionServiceOptions {
  db: Database;
  bus: Bus;
  clock: Clock;
  scopePolicy: ScopePolicy;
  touches: TouchBatcher;
  idleTimeoutSeconds: number;
}

/**
 * `GET/DELETE /v1/sessions`: a user sees and ends their own sessions; a workspace owner/admin
 * (or an API key with `workspaces:write`) those of the workspace's members.
 */
export class SessionService {
  constructor(private readonly options: SessionServiceOptions) {}

  private lastSeenMs(row: SessionRow): number {
    return Math.max(row.last_seen_at.getTime(), this.options.touches.pending(row.id) ?? 0);
  }

  private view(row: SessionRow, principal: Principal): SessionView {
    const lastSeenMs = this.lastSeenMs(row);
    const expiresMs = Math.min(lastSeenMs + this.options.idleTimeoutSeconds * 1000, row.absolute_expires_at.getTime());
    return {
      id: row.id,
      user_id: row.user_id,
      created_at: row.created_at.toISOString(),
      last_seen_at: new Date(lastSeenMs).toISOString(),
      expires_at: new Date(expiresMs).toISOString(),
      ip: row.ip,
      user_agent: row.user_agent,
      current: row.id === principal.sessionId,
    };
  }

  /** May `principal` see and end `userId`'s sessions? Themselves, or as a manager of a shared workspace. */
  private async assertMayManage(principal: Principal, userId: string): Promise<void> {
    if (principal.type === 'user' && principal.id === userId) return;
    const manager = principal.type === 'user' ? principal.role !== undefined && isManagerRole(principal.role) : principal.scopes.allows('workspaces:write', this.options.scopePolicy);
    if (!manager || (await roleIn(this.options.db, principal.workspaceId, userId)) === null) {
      throw new WardenError('not_found', 'No such user among this workspace\'s members');
    }
  }

  async list(principal: Principal, userId: string | undefined): Promise<SessionView[]> {
    const target = userId ?? (principal.type === 'user' ? principal.id : undefined);
    if (!target) throw new WardenError('validation_failed', 'An API key must name the member: ?user_id=usr_…', { errors: [{ field: 'user_id', message: 'is required for API keys' }] });
    await this.assertMayManage(principal, target);
    const nowMs = this.options.clock.nowMs();
    const rows = await listLiveSessions(this.options.db, target, new Date(nowMs));
    return rows
      .filter((row) => this.lastSeenMs(row) + this.options.idleTimeoutSeconds * 1000 > nowMs)
      .map((row) => this.view(row, principal));
  }

  /** Ends one session (idempotent); its token is refused at once. */
  async revoke(principal: Principal, sessionId: string, context: RequestContext): Promise<void> {
    const row = await findSessionById(this.options.db, sessionId);
    if (!row) throw new WardenError('not_found', `No session ${sessionId}`);
    await this.assertMayManage(principal, row.user_id);
    if (row.revoked_at) return;
    await this.options.db.transaction(async (tx) => {
      await revokeSession(tx, sessionId, new Date(this.options.clock.nowMs()));
      await recordAuditEvent(tx, {
        workspaceId: principal.workspaceId,
        type: 'session.revoked',
        context,
        target: { type: 'session', id: sessionId },
        data: { user_id: row.user_id, reason: 'revoked' },
      });
    });
    await invalidateSessions(this.options.bus, [row.token_hash]);
  }
}
