import type { FastifyInstance } from 'fastify';
import type { Role } from '../auth/principal.js';
import { type AuthKit, contextOf, principalOf, requireAuth } from '../http/auth-hook.js';
import { authErrorResponses, bearerSecurity, isoDateTime, problemSchema } from '../http/schemas.js';
import { ROLES } from './roles.js';
import type { WorkspaceService } from './workspace-service.js';

const roleField = { type: 'string', enum: [...ROLES] } as const;
const workspaceView = { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, role: { type: ['string', 'null'] } } } as const;
const memberView = {
  type: 'object',
  properties: { user_id: { type: 'string' }, email: { type: 'string' }, name: { type: ['string', 'null'] }, role: { type: 'string' }, joined_at: isoDateTime },
} as const;
const invitationView = {
  type: 'object',
  properties: {
    id: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, invited_by: { type: 'string', description: 'The user or API key that sent it' },
    created_at: isoDateTime, expires_at: isoDateTime,
  },
} as const;
const invitationParams = {
  type: 'object', properties: { id: { type: 'string', maxLength: 100 }, invitationId: { type: 'string', maxLength: 100 } }, required: ['id', 'invitationId'],
} as const;
const idParams = { type: 'object', properties: { id: { type: 'string', maxLength: 100 } }, required: ['id'] } as const;
const memberParams = {
  type: 'object', properties: { id: { type: 'string', maxLength: 100 }, userId: { type: 'string', maxLength: 100 } }, required: ['id', 'userId'],
} as const;
const errors = { 404: problemSchema, 409: problemSchema, ...authErrorResponses };

/** What the workspace routes use. */
export interface WorkspaceRoutesOptions {
  authKit: AuthKit;
  workspaces: WorkspaceService;
}

/** `/v1/workspaces`, members and invitations. */
export async function workspaceRoutes(app: FastifyInstance, services: WorkspaceRoutesOptions): Promise<void> {
  const tags = ['Workspaces'];
  const ws = services.workspaces;
  const anyone = requireAuth(services.authKit, { workspaceOptional: true });
  const canRead = requireAuth(services.authKit, { scopes: ['workspaces:read'] });
  const canWrite = requireAuth(services.authKit, { scopes: ['workspaces:write'] });

  app.get('/v1/workspaces', {
    onRequest: anyone,
    schema: { tags, summary: 'Your workspaces (a key: its own)', security: bearerSecurity, response: { 200: { type: 'object', properties: { data: { type: 'array', items: workspaceView } } }, ...errors } },
  }, async (request) => ({ data: await ws.listMine(principalOf(request)) }));

  app.post<{ Body: { name: string } }>('/v1/workspaces', {
    onRequest: anyone,
    schema: {
      tags, summary: 'Create a workspace you own (sessions only)', security: bearerSecurity,
      body: { type: 'object', additionalProperties: false, required: ['name'], properties: { name: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' } } },
      response: { 201: { type: 'object', properties: { data: workspaceView } }, ...errors },
    },
  }, async (request, reply) => reply.code(201).send({ data: await ws.create(principalOf(request), request.body.name, contextOf(request)) }));

  app.get<{ Params: { id: string } }>('/v1/workspaces/:id/members', {
    onRequest: canRead,
    schema: { tags, summary: 'Members and their roles', security: bearerSecurity, params: idParams, response: { 200: { type: 'object', properties: { data: { type: 'array', items: memberView } } }, ...errors } },
  }, async (request) => ({ data: await ws.members(principalOf(request), request.params.id) }));

  app.post<{ Params: { id: string }; Body: { email: string; role: Role } }>('/v1/workspaces/:id/invitations', {
    onRequest: canWrite,
    schema: {
      tags, summary: 'Invite by e-mail (a single-use token is mailed; 7 days)', security: bearerSecurity, params: idParams,
      body: {
        type: 'object', additionalProperties: false, required: ['email', 'role'],
        properties: { email: { type: 'string', maxLength: 254, pattern: '^\\s*[^\\s@]+@[^\\s@]+\\s*$' }, role: roleField },
      },
      response: {
        201: { type: 'object', properties: { data: { type: 'object', properties: { id: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, expires_at: isoDateTime } } } },
        ...errors,
      },
    },
  }, async (request, reply) =>
    reply.code(201).send({ data: await ws.invite(principalOf(request), request.params.id, request.body.email, request.body.role, contextOf(request)) }));

  app.get<{ Params: { id: string } }>('/v1/workspaces/:id/invitations', {
    onRequest: canRead,
    schema: {
      tags, summary: 'Pending invitations (not accepted, not expired), newest first; never the token', security: bearerSecurity, params: idParams,
      response: { 200: { type: 'object', properties: { data: { type: 'array', items: invitationView } } }, ...errors },
    },
  }, async (request) => ({ data: await ws.invitations(principalOf(request), request.params.id) }));

  app.delete<{ Params: { id: string; invitationId: string } }>('/v1/workspaces/:id/invitations/:invitationId', {
    onRequest: canWrite,
    schema: {
      tags, summary: 'Cancel an invitation not yet accepted (you must hold the invited role\'s scopes); its token stops working', security: bearerSecurity, params: invitationParams,
      response: { 204: { type: 'null' }, ...errors },
    },
  }, async (request, reply) => {
    await ws.cancelInvitation(principalOf(request), request.params.id, request.params.invitationId, contextOf(request));
    return reply.code(204).send();
  });

  app.post<{ Body: { token: string } }>('/v1/invitations/accept', {
    onRequest: anyone,
    schema: {
      tags, summary: 'Accept an invitation addressed to your e-mail', security: bearerSecurity,
      body: { type: 'object', additionalProperties: false, required: ['token'], properties: { token: { type: 'string', maxLength: 100 } } },
      response: { 200: { type: 'object', properties: { data: workspaceView } }, ...errors },
    },
  }, async (request) => ({ data: await ws.accept(principalOf(request), request.body.token, contextOf(request)) }));

  app.patch<{ Params: { id: string; userId: string }; Body: { role: Role } }>('/v1/workspaces/:id/members/:userId', {
    onRequest: canWrite,
    schema: {
      tags, summary: 'Change a member\'s role (you must hold the roles\' scopes; owners alone grant or take owner; the last owner stays)', security: bearerSecurity, params: memberParams,
      body: { type: 'object', additionalProperties: false, required: ['role'], properties: { role: roleField } },
      response: { 204: { type: 'null' }, ...errors },
    },
  }, async (request, reply) => {
    await ws.changeRole(principalOf(request), request.params.id, request.params.userId, request.body.role, contextOf(request));
    return reply.code(204).send();
  });

  app.delete<{ Params: { id: string; userId: string } }>('/v1/workspaces/:id/members/:userId', {
    onRequest: anyone,
    schema: { tags, summary: 'Remove a member (workspaces:write) or leave (yourself)', security: bearerSecurity, params: memberParams, response: { 204: { type: 'null' }, ...errors } },
  }, async (request, reply) => {
    await ws.remove(principalOf(request), request.params.id, request.params.userId, contextOf(request));
    return reply.code(204).send();
  });
}
