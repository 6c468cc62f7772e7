import type { Queryable } from '../store/database.js';
import { normalizeEmail, type UserRow } from '../users/user-store.js';
import type { MembershipView } from '../workspaces/workspace-store.js';

/** A user as login needs it: the row and the workspaces it belongs to, read in one round trip. */
export interface LoginUser extends UserRow {
  /** Oldest membership first (as membershipsOf). */
  memberships: MembershipView[];
}

const SELECT_LOGIN_USER = `
  select u.*, coalesce((
    select json_agg(json_build_object('id', w.id, 'name', w.name, 'role', m.role) order by m.created_at, w.id)
      from memberships m join workspaces w on w.id = m.workspace_id
     where m.user_id = u.id), '[]'::json) as memberships
    from users u`;

export async function findLoginUserByEmail(db: Queryable, email: string): Promise<LoginUser | null> {
  const [row] = await db.query<LoginUser>(`${SELECT_LOGIN_USER} where u.email_normalized = $1`, [normalizeEmail(email)]);
  return row ?? null;
}

export async function findLoginUserById(db: Queryable, id: string): Promise<LoginUser | null> {
  const [row] = await db.query<LoginUser>(`${SELECT_LOGIN_USER} where u.id = $1`, [id]);
  return row ?? null;
}
