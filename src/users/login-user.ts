import type { NamedStatement, Queryable } from '../store/database.js';
import type { Role } from '../auth/principal.js';
import { normalizeEmail, type UserRow } from './user-store.js';
import { membershipRowsOf, membershipsOfRows, type MembershipView } from '../workspaces/memberships.js';

/** A user as login needs it: the row and the workspaces it belongs to, read in one round trip. */
export interface LoginUser extends UserRow {
  /** Oldest membership first (as membershipsOf). */
  memberships: MembershipView[];
}

/** The user row with one membership's columns: one row per membership (one with nulls when none). */
type LoginUserRow = UserRow & { membership_id: string | null; membership_name: string | null; membership_role: Role | null };

const MEMBERSHIPS = membershipRowsOf('u.id');
const selectLoginUser = (where: string): string =>
  `select u.id, u.email, u.email_normalized, u.password_hash, u.name, u.disabled_at, u.totp_enabled_at, u.created_at, ${MEMBERSHIPS.columns}
     from users u ${MEMBERSHIPS.joins} where ${where} order by ${MEMBERSHIPS.orderBy}`;

/** The login's own lookup, run on every login: a named statement (parsed once). */
const LOGIN_USER_BY_EMAIL: NamedStatement = { name: 'warden_login_user_by_email', text: selectLoginUser('u.email_normalized = $1') };
const LOGIN_USER_BY_ID: NamedStatement = { name: 'warden_login_user_by_id', text: selectLoginUser('u.id = $1') };

function loginUserOf(rows: readonly LoginUserRow[]): LoginUser | null {
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    email: row.email,
    email_normalized: row.email_normalized,
    password_hash: row.password_hash,
    name: row.name,
    disabled_at: row.disabled_at,
    totp_enabled_at: row.totp_enabled_at,
    created_at: row.created_at,
    memberships: membershipsOfRows(rows),
  };
}

export async function findLoginUserByEmail(db: Queryable, email: string): Promise<LoginUser | null> {
  return loginUserOf(await db.query<LoginUserRow>(LOGIN_USER_BY_EMAIL, [normalizeEmail(email)]));
}

export async function findLoginUserById(db: Queryable, id: string): Promise<LoginUser | null> {
  return loginUserOf(await db.query<LoginUserRow>(LOGIN_USER_BY_ID, [id]));
}
