import type { Database } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import type { Clock } from '../lib/clock.js';
import type { Mailer } from '../mail/mailer.js';
import type { ScopePolicy } from '../auth/scopes.js';
import type { Principal, RequestContext, Role } from '../auth/principal.js';
import { randomBase62 } from '../lib/base62.js';
import { sha256Hex } from '../lib/hash.js';
import { newId } from '../lib/ids.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { WardenError } from '../errors/warden-error.js';
import { findUserById, normalizeEmail } from '../users/users.js';
import { liveSessionHashes } from '../sessions/sessions.js';
import { invalidateSessions } from '../sessions/session-verifier.js';
import { acceptInvitation, deleteInvitation, findOpenInvitation, insertInvitation, listPendingInvitations } from './invitation-store.js';
import { scopesForRole } from './roles.js';
import {
  addMember, findWorkspace, insertWorkspace, listMembers, lockOwners, membershipsOf, removeMember, roleIn, setRole,
  type MembershipView,
} from './workspace-store.js';

export interface MemberView {
  user_id: string;
  email: string;
  name: string | null;
  role: Role;
  joined_at: string;
}

/** An open invitation as the API shows it: never the token. */
export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  invited_by: string;
  created_at: string;
  expires_at: string;
}

export interface WorkspaceServiceOptions {
  db: Database;
  bus: Bus;
  clock: Clock;
  scopePolicy: ScopePolicy;
  /** The deployment's own scope resources (a developer gets `res:*` on each). */
  deploymentResources: readonly string[];
  mailer: Mailer;
  publicUrl: string;
  invitationTtlSeconds: number;
}

/** Workspaces and their members: create, list, invite by e-mail, accept, change role, remove. */
export class WorkspaceService {
  constructor(private readonly options: WorkspaceServiceOptions) {}

  /** Cached sessions carry the user's memberships: drop them so the change applies at once. */
  private async refreshAccessOf(userId: string): Promise<void> {
    const hashes = await liveSessionHashes(this.options.db, userId);
    await invalidateSessions(this.options.bus, hashes);
  }

  private assertOwnWorkspace(principal: Principal, workspaceId: string): void {
    if (principal.workspaceId !== workspaceId) {
      throw new WardenError('workspace_forbidden', 'This credential acts in another workspace (choose it with X-Workspace-ID)');
    }
  }

  /**
   * Nobody grants more than they hold: making someone `role` — or changing or removing a member
   * who has it — needs every scope the role gives (`admin`: `*:*`), as for keys; granting or
   * taking away `owner` is for owners only.
   */
  private assertMayGrant(principal: Principal, ...roles: Array<Role | null>): void {
    if (roles.includes('owner') && principal.role !== 'owner') {
      throw new WardenError('insufficient_scope', 'Only an owner can make or change an owner', { extra: { missing_scopes: [] } });
    }
    for (const role of roles) {
      if (role === null || role === 'owner') continue;
      const missing = principal.scopes.uncovered(scopesForRole(role, this.options.deploymentResources));
      if (missing.length > 0) {
        throw new WardenError('insufficient_scope', `The role ${role} holds scopes this credential does not: ${missing.join(', ')}`, {
          extra: { missing_scopes: missing },
          bearerError: 'insufficient_scope',
        });
      }
    }
  }

  /** A user's memberships; an API key sees its own workspace (with no role: keys have scopes). */
  async listMine(principal: Principal): Promise<Array<{ id: string; name: string; role: Role | null }>> {
    if (principal.type === 'user') return membershipsOf(this.options.db, principal.id);
    const workspace = await findWorkspace(this.options.db, principal.workspaceId);
    return workspace ? [{ id: workspace.id, name: workspace.name, role: null }] : [];
  }

  async create(principal: Principal, name: string, context: RequestContext): Promise<MembershipView> {
    if (principal.type !== 'user') throw new WardenError('session_required', 'Workspaces are created by users');
    const workspace = await this.options.db.transaction(async (tx) => {
      const created = await insertWorkspace(tx, { id: newId('wsp'), name });
      await addMember(tx, created.id, principal.id, 'owner');
      await recordAuditEvent(tx, { workspaceId: created.id, type: 'workspace.created', context, target: { type: 'workspace', id: created.id } });
      return created;
    });
    await this.refreshAccessOf(principal.id);
    return { id: workspace.id, name: workspace.name, role: 'owner' };
  }

  async members(principal: Principal, workspaceId: string): Promise<MemberView[]> {
    this.assertOwnWorkspace(principal, workspaceId);
    const rows = await listMembers(this.options.db, workspaceId);
    return rows.map((row) => ({ user_id: row.user_id, email: row.email, name: row.name, role: row.role, joined_at: row.created_at.toISOString() }));
  }

  async invite(principal: Principal, workspaceId: string, email: string, role: Role, context: RequestContext): Promise<{ id: string; email: string; role: Role; expires_at: string }> {
    this.assertOwnWorkspace(principal, workspaceId);
    this.assertMayGrant(principal, role);
    const workspace = await findWorkspace(this.options.db, workspaceId);
    if (!workspace) throw new WardenError('not_found', 'No such workspace');
    const token = `inv_${randomBase62(32)}`;
    const nowMs = this.options.clock.nowMs();
    const invitation = await this.options.db.transaction(async (tx) => {
      const row = await insertInvitation(tx, {
        id: newId('ivt'), workspaceId, email: normalizeEmail(email), role, tokenHash: sha256Hex(token), invitedBy: principal.id,
        now: new Date(nowMs), expiresAt: new Date(nowMs + this.options.invitationTtlSeconds * 1000),
      });
      await recordAuditEvent(tx, { workspaceId, type: 'member.invited', context, target: { type: 'invitation', id: row.id }, data: { email: row.email_normalized, role } });
      return row;
    });
    await this.options.mailer.send({
      to: email.trim(),
      subject: `You are invited to ${workspace.name} on Warden`,
      text:
        `You are invited to join the workspace "${workspace.name}" as ${role}.\n\n` +
        `Invitation token (valid ${Math.round(this.options.invitationTtlSeconds / 86_400)} days, usable once):\n\n  ${token}\n\n` +
        `Sign in (or register with this address) and POST ${this.options.publicUrl}/v1/invitations/accept with {"token": "…"}.\n`,
    });
    return { id: invitation.id, email: invitation.email_normalized, role, expires_at: invitation.expires_at.toISOString() };
  }

  /** Invitations not yet accepted and not expired, newest first. */
  async invitations(principal: Principal, workspaceId: string): Promise<InvitationView[]> {
    this.assertOwnWorkspace(principal, workspaceId);
    const rows = await listPendingInvitations(this.options.db, workspaceId, new Date(this.options.clock.nowMs()));
    return rows.map((row) => ({
      id: row.id, email: row.email_normalized, role: row.role, invited_by: row.invited_by, created_at: row.created_at.toISOString(), expires_at: row.expires_at.toISOString(),
    }));
  }

  /** Cancels an invitation not yet accepted: its token stops working. Needs the invited role's scopes, as inviting does. */
  async cancelInvitation(principal: Principal, workspaceId: string, invitationId: string, context: RequestContext): Promise<void> {
    this.assertOwnWorkspace(principal, workspaceId);
    await this.options.db.transaction(async (tx) => {
      const invitation = await findOpenInvitation(tx, workspaceId, invitationId);
      if (!invitation) throw new WardenError('not_found', 'No such open invitation');
      this.assertMayGrant(principal, invitation.role);
      await deleteInvitation(tx, invitation.id);
      await recordAuditEvent(tx, {
        workspaceId, type: 'member.invitation_cancelled', context, target: { type: 'invitation', id: invitation.id }, data: { email: invitation.email_normalized, role: invitation.role },
      });
    });
  }

  async accept(principal: Principal, token: string, context: RequestContext): Promise<MembershipView> {
    if (principal.type !== 'user') throw new WardenError('session_required', 'Invitations are accepted by users');
    const user = await findUserById(this.options.db, principal.id);
    const now = new Date(this.options.clock.nowMs());
    const membership = await this.options.db.transaction(async (tx) => {
      const invitation = await acceptInvitation(tx, sha256Hex(token), now);
      if (!invitation || !user || invitation.email_normalized !== user.email_normalized) {
        throw new WardenError('invitation_invalid', 'The invitation is unknown, used, expired or for another e-mail address');
      }
      if (await roleIn(tx, invitation.workspace_id, user.id)) throw new WardenError('already_member', 'You are already a member of this workspace');
      await addMember(tx, invitation.workspace_id, user.id, invitation.role);
      await recordAuditEvent(tx, {
        workspaceId: invitation.workspace_id, type: 'member.added', context, target: { type: 'user', id: user.id }, data: { role: invitation.role, invitation_id: invitation.id },
      });
      const workspace = await findWorkspace(tx, invitation.workspace_id);
      return { id: invitation.workspace_id, name: workspace?.name ?? '', role: invitation.role };
    });
    await this.refreshAccessOf(principal.id);
    return membership;
  }

  async changeRole(principal: Principal, workspaceId: string, userId: string, role: Role, context: RequestContext): Promise<void> {
    this.assertOwnWorkspace(principal, workspaceId);
    await this.options.db.transaction(async (tx) => {
      const owners = await lockOwners(tx, workspaceId);
      const current = await roleIn(tx, workspaceId, userId);
      if (!current) throw new WardenError('not_found', 'No such member');
      this.assertMayGrant(principal, current, role);
      if (current === 'owner' && role !== 'owner' && owners.length === 1) {
        throw new WardenError('last_owner', 'The last owner cannot step down: make someone else owner first');
      }
      await setRole(tx, workspaceId, userId, role);
      await recordAuditEvent(tx, { workspaceId, type: 'member.role_changed', context, target: { type: 'user', id: userId }, data: { from: current, to: role } });
    });
    await this.refreshAccessOf(userId);
  }

  /** Managers remove members; anyone may leave. The last owner can do neither. */
  async remove(principal: Principal, workspaceId: string, userId: string, context: RequestContext): Promise<void> {
    this.assertOwnWorkspace(principal, workspaceId);
    const leaving = principal.type === 'user' && principal.id === userId;
    if (!leaving && !principal.scopes.allows('workspaces:write', this.options.scopePolicy)) {
      throw new WardenError('insufficient_scope', 'Removing members needs workspaces:write', { extra: { missing_scopes: ['workspaces:write'] }, bearerError: 'insufficient_scope' });
    }
    await this.options.db.transaction(async (tx) => {
      const owners = await lockOwners(tx, workspaceId);
      const current = await roleIn(tx, workspaceId, userId);
      if (!current) throw new WardenError('not_found', 'No such member');
      if (!leaving) this.assertMayGrant(principal, current);
      if (current === 'owner' && owners.length === 1) throw new WardenError('last_owner', 'The last owner cannot leave or be removed');
      await removeMember(tx, workspaceId, userId);
      await recordAuditEvent(tx, { workspaceId, type: 'member.removed', context, target: { type: 'user', id: userId }, data: { role: current, left: leaving } });
    });
    await this.refreshAccessOf(userId);
  }
}
