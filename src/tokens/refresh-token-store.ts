import type { Queryable } from '../store/database.js';

export interface RefreshTokenRow {
  id: string;
  token_hash: string;
  session_id: string;
  user_id: string;
  created_at: Date;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
  session_revoked_at: Date | null;
  session_absolute_expires_at: Date;
}

export async function insertRefreshToken(
  tx: Queryable,
  token: { id: string; tokenHash: string; sessionId: string; userId: string; now: Date; expiresAt: Date },
): Promise<void> {
  await tx.query(
    'insert into refresh_tokens (id, token_hash, session_id, user_id, created_at, expires_at) values ($1, $2, $3, $4, $5, $6)',
    [token.id, token.tokenHash, token.sessionId, token.userId, token.now, token.expiresAt],
  );
}

/** Locks the token row (concurrent refreshes with one token queue up here). */
export async function lockRefreshToken(tx: Queryable, tokenHash: string): Promise<RefreshTokenRow | null> {
  const [row] = await tx.query<RefreshTokenRow>(
    `select r.*, s.revoked_at as session_revoked_at, s.absolute_expires_at as session_absolute_expires_at
       from refresh_tokens r join sessions s on s.id = r.session_id
      where r.token_hash = $1
      for update of r`,
    [tokenHash],
  );
  return row ?? null;
}

export async function markRefreshTokenUsed(tx: Queryable, id: string, now: Date): Promise<void> {
  await tx.query('update refresh_tokens set used_at = $2 where id = $1', [id, now]);
}

export async function revokeRefreshFamily(tx: Queryable, sessionId: string, now: Date): Promise<void> {
  await tx.query('update refresh_tokens set revoked_at = coalesce(revoked_at, $2) where session_id = $1', [sessionId, now]);
}
