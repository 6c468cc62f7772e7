import type { KeyValueStore } from '../store/kv/kv.js';
import type { Database } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import type { Clock } from '../lib/clock.js';
import type { RequestContext } from '../auth/principal.js';
import { randomBase62 } from '../lib/base62.js';
import { sha256Hex } from '../lib/hash.js';
import { newId } from '../lib/ids.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { WardenError } from '../errors/warden-error.js';
import { revokeSession, type FirstRefreshToken } from '../sessions/sessions.js';
import { invalidateSessions, type SessionVerifier } from '../sessions/session-verifier.js';
import type { AccessTokens } from './access-tokens.js';
import { insertRefreshToken, lockRefreshToken, markRefreshTokenUsed, revokeRefreshFamily } from './refresh-token-store.js';

export const REFRESH_TOKEN_PREFIX = 'rt_';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  expiresInSeconds: number;
}

export interface RefreshTokensOptions {
  db: Database;
  bus: Bus;
  clock: Clock;
  accessTokens: AccessTokens;
  sessions: SessionVerifier;
  /** Absolute life of a family (from login). */
  ttlSeconds: number;
  /** A just-used token presented again within this window gets the same new pair (two tabs). */
  reuseGraceSeconds: number;
  store: KeyValueStore;
}

type Outcome = { pair: TokenPair; sessionId: string } | { failure: string; revokedSessionHash?: string };

/**
 * Refresh tokens, single use and rotated on every refresh, one family per login (= session).
 * Presenting a used token again outside the grace window means it was copied: the whole family
 * and its session are revoked.
 */
export class RefreshTokens {
  constructor(private readonly options: RefreshTokensOptions) {}

  /**
   * Pairs handed out in the last `reuseGraceSeconds`, by the hash of the token they replaced, in
   * the shared store (the second tab's request may reach another instance). They are bearer
   * tokens: they stay there for the few seconds of the window only.
   */
  private async recentPair(hash: string): Promise<TokenPair | null> {
    if (this.options.reuseGraceSeconds <= 0) return null;
    const stored = await this.options.store.get(`rt-grace:${hash}`);
    return stored ? (JSON.parse(stored) as TokenPair) : null;
  }

  private async rememberPair(hash: string, pair: TokenPair): Promise<void> {
    if (this.options.reuseGraceSeconds > 0) await this.options.store.set(`rt-grace:${hash}`, JSON.stringify(pair), this.options.reuseGraceSeconds * 1000);
  }

  /** A family's first token: the login writes it with its session (insertSessionAudited). */
  firstOf(nowMs: number): { token: string; row: FirstRefreshToken } {
    const token = REFRESH_TOKEN_PREFIX + randomBase62(32);
    return { token, row: { id: newId('rtk'), tokenHash: sha256Hex(token), expiresAt: new Date(nowMs + this.options.ttlSeconds * 1000) } };
  }

  async refresh(token: string, context: RequestContext): Promise<TokenPair> {
    const hash = sha256Hex(token);
    const again = await this.recentPair(hash);
    if (again) return again;
    const nowMs = this.options.clock.nowMs();
    const now = new Date(nowMs);
    const outcome = await this.options.db.transaction(async (tx): Promise<Outcome> => {
      const row = await lockRefreshToken(tx, hash);
      if (!row) return { failure: 'The refresh token is not recognised' };
      if (row.revoked_at || row.session_revoked_at) return { failure: 'The refresh token was revoked; log in again' };
      if (row.used_at) {
        const raced = await this.recentPair(hash);
        if (raced) return { pair: raced, sessionId: row.session_id };
        await revokeRefreshFamily(tx, row.session_id, now);
        const session = await revokeSession(tx, row.session_id, now);
        await recordAuditEvent(tx, {
          workspaceId: null,
          type: 'refresh_token.reused',
          context: { ...context, actor: { type: 'user', id: row.user_id } },
          target: { type: 'session', id: row.session_id },
        });
        return { failure: 'The refresh token was already used: its session has been ended; log in again', revokedSessionHash: session?.token_hash };
      }
      if (row.expires_at.getTime() <= nowMs || row.session_absolute_expires_at.getTime() <= nowMs) {
        return { failure: 'The refresh token has expired; log in again' };
      }
      await markRefreshTokenUsed(tx, row.id, now);
      const refreshToken = REFRESH_TOKEN_PREFIX + randomBase62(32);
      await insertRefreshToken(tx, {
        id: newId('rtk'), tokenHash: sha256Hex(refreshToken), sessionId: row.session_id, userId: row.user_id, now, expiresAt: row.expires_at,
      });
      const pair: TokenPair = {
        accessToken: await this.options.accessTokens.issue({ sub: row.user_id, sid: row.session_id }),
        refreshToken,
        expiresInSeconds: this.options.accessTokens.ttlSeconds,
      };
      // Before commit, so a duplicate request queued on the row lock finds the pair.
      await this.rememberPair(hash, pair);
      return { pair, sessionId: row.session_id };
    }).catch(async (error: unknown) => {
      await this.options.store.delete(`rt-grace:${hash}`).catch(() => undefined);
      throw error;
    });
    if ('failure' in outcome) {
      if (outcome.revokedSessionHash) await invalidateSessions(this.options.bus, [outcome.revokedSessionHash]);
      throw new WardenError('invalid_token', outcome.failure, { bearerError: 'invalid_token' });
    }
    // Refreshing is activity: the session's inactivity window starts again.
    this.options.sessions.markActive(outcome.sessionId, nowMs);
    return outcome.pair;
  }
}
