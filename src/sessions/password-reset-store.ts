import type { Queryable } from '../store/database.js';

export async function insertPasswordReset(
  tx: Queryable,
  reset: { id: string; userId: string; tokenHash: string; now: Date; expiresAt: Date },
): Promise<void> {
  await tx.query('insert into password_resets (id, user_id, token_hash, created_at, expires_at) values ($1, $2, $3, $4, $5)', [
    reset.id, reset.userId, reset.tokenHash, reset.now, reset.expiresAt,
  ]);
}

/**
 * Marks the token used if it is unused and unexpired — a guarded update, so two concurrent
 * resets with one token cannot both win. Returns the user id, or null.
 */
export async function consumePasswordReset(tx: Queryable, tokenHash: string, now: Date): Promise<string | null> {
  const [row] = await tx.query<{ user_id: string }>(
    `update password_resets set used_at = $2
      where token_hash = $1 and used_at is null and expires_at > $2
      returning user_id`,
    [tokenHash, now],
  );
  return row?.user_id ?? null;
}

/** Every other outstanding token of the user stops working once one is used. */
export async function retirePasswordResets(tx: Queryable, userId: string, now: Date): Promise<void> {
  await tx.query('update password_resets set used_at = $2 where user_id = $1 and used_at is null', [userId, now]);
}
