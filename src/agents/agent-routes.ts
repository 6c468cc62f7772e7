import type { FastifyInstance } from 'fastify';
import { type AuthKit, contextOf, limitByIp, principalOf, requireAuth } from '../http/auth-hook.js';
import { authErrorResponses, bearerSecurity, isoDateTime, nullableDateTime, pageQuery, pageSchemaOf, problemSchema } from '../http/schemas.js';
import { idempotencyHooks, idempotencyKeyHeaders } from '../http/idempotency.js';
import type { IdempotencyService } from '../idempotency/idempotency-service.js';
import { pageAnswerOf, pageRequestOf } from '../http/cursor.js';
import { keyIdParams, metadataField, nameField, scopesField } from '../keys/key-schemas.js';
import type { AgentService, CreateAgentInput, UpdateAgentInput } from './agent-service.js';

const publicKeyField = {
  description: 'Ed25519 public key: a JWK `{kty: "OKP", crv: "Ed25519", x}` or the raw 32 bytes in base64url',
  oneOf: [
    { type: 'string', maxLength: 100 },
    { type: 'object', required: ['kty', 'crv', 'x'], properties: { kty: { type: 'string' }, crv: { type: 'string' }, x: { type: 'string', maxLength: 100 } }, additionalProperties: true },
  ],
} as const;

const agentSchema = {
  type: 'object',
  properties: {
    id: { type: 'string', examples: ['agt_0Lg3kQ2b9xYcA1B2C3D4E5F6'] },
    name: { type: 'string' },
    environment: { type: 'string', enum: ['live', 'test'] },
    scopes: { type: 'array', items: { type: 'string' } },
    public_key: { type: 'object', properties: { kty: { type: 'string' }, crv: { type: 'string' }, x: { type: 'string' } } },
    max_token_ttl_seconds: { type: 'integer' },
    metadata: { type: 'object', additionalProperties: true },
    created_at: isoDateTime,
    updated_at: isoDateTime,
    revoked_at: nullableDateTime,
  },
} as const;

const ttlField = { type: 'integer', minimum: 60, description: 'Longest token the agent may get (default 900; at most WARDEN_AGENT_TOKEN_MAX_TTL_SECONDS)' } as const;
const agentIdField = { type: 'string', minLength: 1, maxLength: 64 } as const;

/** What the agent routes use. */
export interface AgentRoutesOptions {
  authKit: AuthKit;
  /** `Idempotency-Key` on creation (absent: the header is ignored). */
  idempotency?: IdempotencyService;
  agents: AgentService;
}

/** `/v1/agents` (management) and `/auth/agent/challenge` + `/auth/agent/token` (the agent's own login). */
export async function agentRoutes(app: FastifyInstance, services: AgentRoutesOptions): Promise<void> {
  const canRead = requireAuth(services.authKit, { scopes: ['agents:read'] });
  const canWrite = requireAuth(services.authKit, { scopes: ['agents:write'] });
  const tags = ['Agents'];
  const oneAgent = { 200: { type: 'object', properties: { data: agentSchema } }, 404: problemSchema, 409: problemSchema, ...authErrorResponses };

  const idempotent = idempotencyHooks(services.idempotency, 'agents.create');
  app.post<{ Body: CreateAgentInput }>('/v1/agents', {
    onRequest: canWrite,
    preHandler: idempotent.preHandler,
    onSend: idempotent.onSend,
    schema: {
      headers: idempotencyKeyHeaders,
      tags, summary: 'Register an agent by its Ed25519 public key', security: bearerSecurity,
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'public_key', 'scopes'],
        properties: {
          name: nameField, public_key: publicKeyField, scopes: scopesField, environment: { type: 'string', enum: ['live', 'test'] },
          max_token_ttl_seconds: ttlField, metadata: metadataField,
        },
      },
      response: { 201: { type: 'object', properties: { data: agentSchema } }, ...authErrorResponses },
    },
  }, async (request, reply) => {
    const agent = await services.agents.create(principalOf(request), request.body, contextOf(request));
    reply.code(201).header('location', `/v1/agents/${agent.id}`);
    return { data: agent };
  });

  app.get<{ Querystring: { limit?: string; cursor?: string } }>('/v1/agents', {
    onRequest: canRead,
    schema: {
      tags, summary: 'List agents, newest first', security: bearerSecurity,
      querystring: pageQuery,
      response: { 200: pageSchemaOf(agentSchema), ...authErrorResponses },
    },
  }, async (request) => {
    const { limit, afterId } = pageRequestOf(request.query, 'agt');
    const page = await services.agents.list(principalOf(request).workspaceId, limit, afterId);
    return pageAnswerOf(page.agents, page.nextCursor);
  });

  app.get<{ Params: { id: string } }>('/v1/agents/:id', {
    onRequest: canRead,
    schema: { tags, summary: 'Get an agent', security: bearerSecurity, params: keyIdParams, response: oneAgent },
  }, async (request) => ({ data: await services.agents.get(principalOf(request).workspaceId, request.params.id) }));

  app.patch<{ Params: { id: string }; Body: UpdateAgentInput }>('/v1/agents/:id', {
    onRequest: canWrite,
    schema: {
      tags, summary: 'Rename, change metadata, lifetime, public key or scopes (a new key or new scopes end its tokens)', security: bearerSecurity,
      params: keyIdParams,
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: { name: nameField, public_key: publicKeyField, scopes: scopesField, max_token_ttl_seconds: ttlField, metadata: metadataField },
      },
      response: oneAgent,
    },
  }, async (request) => ({
    data: await services.agents.update(principalOf(request), request.params.id, request.body, contextOf(request)),
  }));

  app.delete<{ Params: { id: string } }>('/v1/agents/:id', {
    onRequest: canWrite,
    schema: { tags, summary: 'Revoke an agent (idempotent); its tokens are refused at once', security: bearerSecurity, params: keyIdParams, response: oneAgent },
  }, async (request) => ({ data: await services.agents.revoke(principalOf(request), request.params.id, contextOf(request)) }));

  app.post<{ Body: { agent_id: string } }>('/auth/agent/challenge', {
    onRequest: limitByIp(services.authKit),
    schema: {
      tags, summary: 'A single-use challenge (60 s) for the agent to sign with its Ed25519 private key',
      body: { type: 'object', additionalProperties: false, required: ['agent_id'], properties: { agent_id: agentIdField } },
      response: {
        200: { type: 'object', properties: { challenge: { type: 'string', description: 'Sign its UTF-8 bytes' }, expires_in: { type: 'integer' } } },
        400: problemSchema,
      },
    },
  }, async (request, reply) => {
    const issued = await services.agents.challenge(request.body.agent_id);
    reply.header('cache-control', 'no-store');
    return { challenge: issued.challenge, expires_in: issued.expiresIn };
  });

  app.post<{ Body: { agent_id: string; challenge: string; signature: string; expires_in?: number } }>('/auth/agent/token', {
    onRequest: limitByIp(services.authKit),
    schema: {
      tags, summary: 'Signed challenge → short-lived access token (sub = agt_…)',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['agent_id', 'challenge', 'signature'],
        properties: {
          agent_id: agentIdField,
          challenge: { type: 'string', minLength: 1, maxLength: 200 },
          signature: { type: 'string', minLength: 1, maxLength: 200, description: 'Ed25519 signature of the challenge, base64url' },
          expires_in: { type: 'integer', minimum: 60, description: 'Ask for a shorter token than the default (15 min); never longer than the agent allows' },
        },
      },
      response: {
        200: { type: 'object', properties: { access_token: { type: 'string' }, token_type: { type: 'string' }, expires_in: { type: 'integer' }, scope: { type: 'string' } } },
        400: problemSchema, 401: problemSchema, 403: problemSchema,
      },
    },
  }, async (request, reply) => {
    const { agent_id: agentId, challenge, signature, expires_in: ttlSeconds } = request.body;
    const issued = await services.agents.token({ agentId, challenge, signature, ttlSeconds }, contextOf(request, null));
    reply.header('cache-control', 'no-store');
    return { access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn, scope: issued.scope };
  });
}
