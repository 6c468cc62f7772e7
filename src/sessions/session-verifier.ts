import { sha256Hex } from '../lib/hash.js';
import type { Clock } from '../lib/clock.js';
import type { Database } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import { InvalidatingCache, keysListedUnder } from '../store/invalidating-cache.js';
import type { TouchBatcher } from '../store/touch-batcher.js';
import type { MembershipView } from '../workspaces/memberships.js';
import { membershipsOf } from '../workspaces/memberships.js';
import { findSessionByHash, findSessionById } from './session-store.js';
import { isSessionTokenShape } from './session-token.js';

export const SESSION_INVALIDATION_CHANNEL = 'sessions.invalidate';

/** Drops sessions (by token hash) from every process's cache, so their tokens are refused at once. */
export async function invalidateSessions(bus: Bus, hashes: readonly string[]): Promise<void> {
  if (hashes.length > 0) await bus.publish(SESSION_INVALIDATION_CHANNEL, { hashes });
}

export interface VerifiedSession {
  id: string;
  tokenHash: string;
  userId: string;
  memberships: MembershipView[];
  createdAtMs: number;
  absoluteExpiresAtMs: number;
  /** Newest known activity (cache, pending batch or row). */
  lastSeenMs: number;
  revokedAtMs: number | null;
  userDisabled: boolean;
}

export type SessionCheck =
  | { valid: true; session: VerifiedSession }
  | { valid: false; code: 'invalid_token' | 'session_expired' };

export interface SessionVerifierOptions {
  db: Database;
  bus: Bus;
  clock: Clock;
  touches: TouchBatcher;
  idleTimeoutSeconds: number;
  cacheTtlSeconds: number;
  cacheMaxEntries: number;
}

export class SessionVerifier {
  /** Token hash → session; a session not found is not remembered. */
  private readonly cache: InvalidatingCache<VerifiedSession, VerifiedSession | null>;
  /** Session id → token hash, for access tokens, which name their session by id (`sid`). */
  private readonly hashById = new Map<string, string>();

  constructor(private readonly options: SessionVerifierOptions) {
    this.cache = new InvalidatingCache<VerifiedSession, VerifiedSession | null>({
      maxEntries: options.cacheMaxEntries,
      ttlSeconds: options.cacheTtlSeconds,
      load: (hash) => this.read(hash),
      bus: options.bus,
      channel: SESSION_INVALIDATION_CHANNEL,
      keysOf: keysListedUnder('hashes'),
      onStored: (hash, session) => this.hashById.set(session.id, hash),
      onDropped: (_hash, session) => this.hashById.delete(session.id),
    });
  }

  /** Synchronous when cached: part of Authenticator.check's from-memory answer (why: see there). */
  verify(token: string): SessionCheck | Promise<SessionCheck> {
    if (!isSessionTokenShape(token)) return { valid: false, code: 'invalid_token' };
    const hash = sha256Hex(token);
    const cached = this.cache.get(hash);
    if (cached) return this.check(cached);
    return this.cache.load(hash).then((session) => (session ? this.check(session) : { valid: false, code: 'invalid_token' }));
  }

  /** The session an access token names: refused at once once the session has ended. Synchronous when cached, as verify(). */
  verifyById(sessionId: string): SessionCheck | Promise<SessionCheck> {
    return this.byId(sessionId, true);
  }

  /**
   * verifyById for a live stream's re-check: the same answer, with current memberships, but not
   * activity — an open dashboard does not keep its session alive.
   */
  async peekById(sessionId: string): Promise<SessionCheck> {
    return this.byId(sessionId, false);
  }

  private byId(sessionId: string, active: boolean): SessionCheck | Promise<SessionCheck> {
    const hash = this.hashById.get(sessionId);
    const cached = hash === undefined ? undefined : this.cache.get(hash);
    if (cached) return this.check(cached, active);
    return findSessionById(this.options.db, sessionId).then(async (row) => {
      if (!row) return { valid: false, code: 'invalid_token' } as const;
      const session = await this.cache.load(row.token_hash);
      return session ? this.check(session, active) : ({ valid: false, code: 'invalid_token' } as const);
    });
  }

  /** Activity that did not go through verify() (a token refresh) still slides the window. */
  markActive(sessionId: string, nowMs: number): void {
    const hash = this.hashById.get(sessionId);
    const cached = hash === undefined ? undefined : this.cache.get(hash);
    if (cached && cached.lastSeenMs < nowMs) cached.lastSeenMs = nowMs;
    this.options.touches.touch(sessionId, nowMs);
  }

  /** `active`: this use counts as activity and slides the idle window. */
  private check(session: VerifiedSession, active = true): SessionCheck {
    const nowMs = this.options.clock.nowMs();
    if (session.revokedAtMs !== null || session.userDisabled) return { valid: false, code: 'invalid_token' };
    const idleDeadlineMs = session.lastSeenMs + this.options.idleTimeoutSeconds * 1000;
    if (nowMs >= session.absoluteExpiresAtMs || nowMs >= idleDeadlineMs) return { valid: false, code: 'session_expired' };
    if (active) {
      session.lastSeenMs = nowMs;
      this.options.touches.touch(session.id, nowMs);
    }
    return { valid: true, session };
  }

  /** The session behind a token hash as the store has it now. */
  private async read(hash: string): Promise<VerifiedSession | null> {
    const row = await findSessionByHash(this.options.db, hash);
    if (!row) return null;
    const memberships = await membershipsOf(this.options.db, row.user_id);
    return {
      id: row.id,
      tokenHash: hash,
      userId: row.user_id,
      memberships,
      createdAtMs: row.created_at.getTime(),
      absoluteExpiresAtMs: row.absolute_expires_at.getTime(),
      lastSeenMs: Math.max(row.last_seen_at.getTime(), this.options.touches.pending(row.id) ?? 0),
      revokedAtMs: row.revoked_at?.getTime() ?? null,
      userDisabled: row.user_disabled_at !== null,
    };
  }

  close(): void {
    this.cache.close();
    this.hashById.clear();
  }
}
