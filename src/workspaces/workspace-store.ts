import type { Queryable } from '../store/database.js';
import type { Role } from '../auth/principal.js';

export interface WorkspaceRow {
  id: string;
  name: string;
  created_at: Date;
}

export interface MembershipView {
  id: string;
  name: string;
  role: Role;
}

export async function insertWorkspace(tx: Queryable, workspace: { id: string; name: string }): Promise<WorkspaceRow> {
  const [row] = await tx.query<WorkspaceRow>('insert into workspaces (id, name) values ($1, $2) returning *', [
    workspace.id,
    workspace.name,
  ]);
  return row!;
}

export async function addMember(tx: Queryable, workspaceId: string, userId: string, role: Role): Promise<void> {
  await tx.query('insert into memberships (workspace_id, user_id, role) values ($1, $2, $3)', [workspaceId, userId, role]);
}

export async function membershipsOf(db: Queryable, userId: string): Promise<MembershipView[]> {
  return db.query<MembershipView>(
    `select w.id, w.name, m.role from memberships m join workspaces w on w.id = m.workspace_id
      where m.user_id = $1 order by m.created_at, w.id`,
    [userId],
  );
}

export async function roleIn(db: Queryable, workspaceId: string, userId: string): Promise<Role | null> {
  const [row] = await db.query<{ role: Role }>('select role from memberships where workspace_id = $1 and user_id = $2', [workspaceId, userId]);
  return row?.role ?? null;
}
