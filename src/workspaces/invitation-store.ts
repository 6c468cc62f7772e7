import type { Queryable } from '../store/database.js';
import type { Role } from '../auth/principal.js';

export interface InvitationRow {
  id: string;
  workspace_id: string;
  email_normalized: string;
  role: Role;
  invited_by: string;
  created_at: Date;
  expires_at: Date;
  accepted_at: Date | null;
}

export async function insertInvitation(
  tx: Queryable,
  invitation: { id: string; workspaceId: string; email: string; role: Role; tokenHash: string; invitedBy: string; now: Date; expiresAt: Date },
): Promise<InvitationRow> {
  const [row] = await tx.query<InvitationRow>(
    `insert into invitations (id, workspace_id, email_normalized, role, token_hash, invited_by, created_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning *`,
    [invitation.id, invitation.workspaceId, invitation.email, invitation.role, invitation.tokenHash, invitation.invitedBy, invitation.now, invitation.expiresAt],
  );
  return row!;
}

/** Marks the invitation accepted if it is open and unexpired (guarded: single use). */
export async function acceptInvitation(tx: Queryable, tokenHash: string, now: Date): Promise<InvitationRow | null> {
  const [row] = await tx.query<InvitationRow>(
    `update invitations set accepted_at = $2 where token_hash = $1 and accepted_at is null and expires_at > $2 returning *`,
    [tokenHash, now],
  );
  return row ?? null;
}

/** A workspace's open invitations (not accepted, not expired), newest first. */
export async function listPendingInvitations(db: Queryable, workspaceId: string, now: Date): Promise<InvitationRow[]> {
  return db.query<InvitationRow>(
    `select id, workspace_id, email_normalized, role, invited_by, created_at, expires_at, accepted_at from invitations
     where workspace_id = $1 and accepted_at is null and expires_at > $2 order by created_at desc, id desc`,
    [workspaceId, now],
  );
}

/** An invitation of the workspace not yet accepted (expired ones included), locked for the change. */
export async function findOpenInvitation(tx: Queryable, workspaceId: string, id: string): Promise<InvitationRow | null> {
  const [row] = await tx.query<InvitationRow>(
    `select id, workspace_id, email_normalized, role, invited_by, created_at, expires_at, accepted_at from invitations
     where id = $1 and workspace_id = $2 and accepted_at is null for update`,
    [id, workspaceId],
  );
  return row ?? null;
}

export async function deleteInvitation(tx: Queryable, id: string): Promise<void> {
  await tx.query('delete from invitations where id = $1', [id]);
}
