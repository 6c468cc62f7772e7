import type { Queryable } from '../store/database.js';

export interface UserRow {
  id: string;
  email: string;
  email_normalized: string;
  password_hash: string;
  name: string | null;
  disabled_at: Date | null;
  /** Set while TOTP two-factor is on. */
  totp_enabled_at: Date | null;
  created_at: Date;
}

export interface UserView {
  id: string;
  email: string;
  name: string | null;
  created_at: string;
}

export function toUserView(row: UserRow): UserView {
  return { id: row.id, email: row.email, name: row.name, created_at: row.created_at.toISOString() };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function insertUser(
  tx: Queryable,
  user: { id: string; email: string; passwordHash: string; name: string | null },
): Promise<UserRow | null> {
  const [row] = await tx.query<UserRow>(
    `insert into users (id, email, email_normalized, password_hash, name) values ($1, $2, $3, $4, $5)
     on conflict (email_normalized) do nothing returning *`,
    [user.id, user.email.trim(), normalizeEmail(user.email), user.passwordHash, user.name],
  );
  return row ?? null;
}

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | null> {
  const [row] = await db.query<UserRow>('select * from users where email_normalized = $1', [normalizeEmail(email)]);
  return row ?? null;
}

export async function countUsers(db: Queryable): Promise<number> {
  const [row] = await db.query<{ count: number }>('select count(*)::int as count from users');
  return row?.count ?? 0;
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | null> {
  const [row] = await db.query<UserRow>('select * from users where id = $1', [id]);
  return row ?? null;
}

export async function updatePasswordHash(tx: Queryable, userId: string, passwordHash: string): Promise<void> {
  await tx.query('update users set password_hash = $2 where id = $1', [userId, passwordHash]);
}
