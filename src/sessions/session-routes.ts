import type { FastifyInstance } from 'fastify';
import { type AuthKit, contextOf, principalOf, requireAuth } from '../http/auth-hook.js';
import { authErrorResponses, bearerSecurity, isoDateTime, problemSchema } from '../http/schemas.js';
import type { SessionService } from './session-service.js';

const sessionSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    user_id: { type: 'string' },
    created_at: isoDateTime,
    last_seen_at: isoDateTime,
    expires_at: { ...isoDateTime, description: 'When it ends unless used again' },
    ip: { type: ['string', 'null'] },
    user_agent: { type: ['string', 'null'] },
    current: { type: 'boolean', description: 'The session making this request' },
  },
} as const;

/** What the session routes use. */
export interface SessionRoutesOptions {
  authKit: AuthKit;
  sessionService: SessionService;
}

/** `GET /v1/sessions[?user_id=]`, `DELETE /v1/sessions/{id}`. */
export async function sessionRoutes(app: FastifyInstance, services: SessionRoutesOptions): Promise<void> {
  const tags = ['Sessions'];
  const auth = requireAuth(services.authKit, { workspaceOptional: true });

  app.get<{ Querystring: { user_id?: string } }>('/v1/sessions', {
    onRequest: auth,
    schema: {
      tags, summary: "Live sessions: your own, or (owner/admin, or a key with workspaces:write) a member's", security: bearerSecurity,
      querystring: { type: 'object', additionalProperties: false, properties: { user_id: { type: 'string', maxLength: 100 } } },
      response: { 200: { type: 'object', properties: { data: { type: 'array', items: sessionSchema } } }, 404: problemSchema, ...authErrorResponses },
    },
  }, async (request) => ({ data: await services.sessionService.list(principalOf(request), request.query.user_id) }));

  app.delete<{ Params: { id: string } }>('/v1/sessions/:id', {
    onRequest: auth,
    schema: {
      tags, summary: 'End a session (idempotent); its token is refused at once', security: bearerSecurity,
      params: { type: 'object', properties: { id: { type: 'string', maxLength: 100 } }, required: ['id'] },
      response: { 204: { type: 'null' }, 404: problemSchema, ...authErrorResponses },
    },
  }, async (request, reply) => {
    await services.sessionService.revoke(principalOf(request), request.params.id, contextOf(request));
    return reply.code(204).send();
  });
}
