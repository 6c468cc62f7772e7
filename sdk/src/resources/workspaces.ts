import type { Transport } from '../transport.js';
import type { Invitation, Member, Role, Workspace } from '../types.js';
import { idPath, type CallOptions } from './shared.js';

/** Members of a workspace (`/v1/workspaces/{id}/members`, invitations). */
export class Members {
  constructor(private readonly transport: Transport) {}

  async list(workspaceId: string, options: CallOptions = {}): Promise<Member[]> {
    return (await this.transport.request<{ data: Member[] }>({ method: 'GET', path: idPath('/v1/workspaces', workspaceId, '/members'), signal: options.signal })).data;
  }

  /** Invite by e-mail (a single-use token is mailed; 7 days). */
  async invite(workspaceId: string, params: { email: string; role: Role }, options: CallOptions = {}): Promise<Invitation> {
    return (await this.transport.request<{ data: Invitation }>({ method: 'POST', path: idPath('/v1/workspaces', workspaceId, '/invitations'), body: params, signal: options.signal })).data;
  }

  async updateRole(workspaceId: string, userId: string, role: Role, options: CallOptions = {}): Promise<void> {
    await this.transport.request({ method: 'PATCH', path: idPath('/v1/workspaces', workspaceId, `/members/${encodeURIComponent(userId)}`), body: { role }, signal: options.signal });
  }

  /** Remove a member, or leave (your own user id). */
  async remove(workspaceId: string, userId: string, options: CallOptions = {}): Promise<void> {
    await this.transport.request({ method: 'DELETE', path: idPath('/v1/workspaces', workspaceId, `/members/${encodeURIComponent(userId)}`), signal: options.signal });
  }
}

/** Workspaces (`/v1/workspaces`). */
export class Workspaces {
  readonly members: Members;

  constructor(private readonly transport: Transport) {
    this.members = new Members(transport);
  }

  /** Your workspaces (a key: its own). */
  async list(options: CallOptions = {}): Promise<Workspace[]> {
    return (await this.transport.request<{ data: Workspace[] }>({ method: 'GET', path: '/v1/workspaces', signal: options.signal })).data;
  }

  /** A workspace you own (user sessions only). */
  async create(params: { name: string }, options: CallOptions = {}): Promise<Workspace> {
    return (await this.transport.request<{ data: Workspace }>({ method: 'POST', path: '/v1/workspaces', body: params, signal: options.signal })).data;
  }

  /** Accept an invitation addressed to your e-mail (user sessions only). */
  async acceptInvitation(token: string, options: CallOptions = {}): Promise<unknown> {
    return (await this.transport.request<{ data: unknown }>({ method: 'POST', path: '/v1/invitations/accept', body: { token }, signal: options.signal })).data;
  }
}
