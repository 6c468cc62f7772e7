import type { FastifyInstance } from 'fastify';
import { type AuthKit, principalOf, requireAuth } from '../http/auth-hook.js';
import { grantIdOf } from './principal.js';
import { authErrorResponses, bearerSecurity } from '../http/schemas.js';

const meSchema = {
  type: 'object',
  properties: {
    data: {
      type: 'object',
      properties: {
        principal: {
          type: 'object',
          properties: { type: { type: 'string', enum: ['api_key', 'user', 'client', 'agent'] }, id: { type: 'string' } },
        },
        workspace_id: { type: 'string' },
        environment: { type: ['string', 'null'], enum: ['live', 'test', null] },
        scopes: { type: 'array', items: { type: 'string' } },
        role: { type: ['string', 'null'] },
        session_id: {
          type: ['string', 'null'],
          deprecated: true,
          description: 'Deprecated: read `grant_id` for a grant. The user session (`ses_…`) or the grant (`grt_…`) the token belongs to; null for an API key',
        },
        grant_id: { type: 'string', description: 'The grant (`grt_…`) a client, agent or exchanged-key token belongs to; absent for API keys and user sessions' },
      },
    },
  },
} as const;

/** What `/v1/me` uses. */
export interface MeRoutesOptions {
  authKit: AuthKit;
}

export async function meRoutes(app: FastifyInstance, services: MeRoutesOptions): Promise<void> {
  app.get('/v1/me', {
    onRequest: requireAuth(services.authKit),
    schema: { tags: ['Identity'], summary: 'Who am I: principal, workspace, environment, scopes', security: bearerSecurity, response: { 200: meSchema, ...authErrorResponses } },
  }, async (request) => {
    const principal = principalOf(request);
    return {
      data: {
        principal: { type: principal.type, id: principal.id },
        workspace_id: principal.workspaceId,
        environment: principal.environment,
        scopes: principal.scopes.names,
        role: principal.role ?? null,
        session_id: principal.sessionId ?? null,
        grant_id: grantIdOf(principal),
      },
    };
  });
}
