import type { NamedStatement, Queryable } from '../store/database.js';
import { normalizeEmail, type UserRow } from './user-store.js';
import { membershipsJsonOf, type MembershipView } from '../workspaces/memberships.js';

/** A user as login needs it: the row and the workspaces it belongs to, read in one round trip. */
export interface LoginUser extends UserRow {
  /** Oldest membership first (as membershipsOf). */
  memberships: MembershipView[];
}

const SELECT_LOGIN_USER = `select u.*, ${membershipsJsonOf('u.id')} as memberships from users u`;

/** The login's own lookup, run on every login: a named statement (parsed once). */
const LOGIN_USER_BY_EMAIL: NamedStatement = { name: 'warden_login_user_by_email', text: `${SELECT_LOGIN_USER} where u.email_normalized = $1` };

export async function findLoginUserByEmail(db: Queryable, email: string): Promise<LoginUser | null> {
  const [row] = await db.query<LoginUser>(LOGIN_USER_BY_EMAIL, [normalizeEmail(email)]);
  return row ?? null;
}

export async function findLoginUserById(db: Queryable, id: string): Promise<LoginUser | null> {
  const [row] = await db.query<LoginUser>(`${SELECT_LOGIN_USER} where u.id = $1`, [id]);
  return row ?? null;
}
