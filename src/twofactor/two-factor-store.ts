import type { Queryable } from '../store/database.js';

export interface TwoFactorRow {
  totp_secret: string | null;
  totp_enabled_at: Date | null;
  totp_last_counter: number | null;
}

export async function readTwoFactor(db: Queryable, userId: string): Promise<TwoFactorRow | null> {
  const [row] = await db.query<TwoFactorRow>('select totp_secret, totp_enabled_at, totp_last_counter from users where id = $1', [userId]);
  return row ?? null;
}

export async function storePendingSecret(db: Queryable, userId: string, secret: string): Promise<void> {
  await db.query('update users set totp_secret = $2, totp_last_counter = null where id = $1 and totp_enabled_at is null', [userId, secret]);
}

/** Records `counter` as used unless an equal or later one already was (guarded: no replay race). */
export async function claimCounter(db: Queryable, userId: string, counter: number): Promise<boolean> {
  const rows = await db.query('update users set totp_last_counter = $2 where id = $1 and (totp_last_counter is null or totp_last_counter < $2) returning id', [userId, counter]);
  return rows.length === 1;
}

export async function markEnabled(tx: Queryable, userId: string, at: Date): Promise<void> {
  await tx.query('update users set totp_enabled_at = $2 where id = $1', [userId, at]);
}

export async function clearTwoFactor(tx: Queryable, userId: string): Promise<void> {
  await tx.query('update users set totp_secret = null, totp_enabled_at = null, totp_last_counter = null where id = $1', [userId]);
  await tx.query('delete from recovery_codes where user_id = $1', [userId]);
}

export async function insertRecoveryCodes(tx: Queryable, userId: string, codes: Array<{ id: string; hash: string }>): Promise<void> {
  await tx.query('delete from recovery_codes where user_id = $1', [userId]);
  for (const code of codes) {
    await tx.query('insert into recovery_codes (id, user_id, code_hash) values ($1, $2, $3)', [code.id, userId, code.hash]);
  }
}

export async function useRecoveryCode(db: Queryable, userId: string, codeHash: string, at: Date): Promise<boolean> {
  const rows = await db.query('update recovery_codes set used_at = $3 where user_id = $1 and code_hash = $2 and used_at is null returning id', [userId, codeHash, at]);
  return rows.length === 1;
}
