import type { FastifyInstance } from 'fastify';
import { type AuthKit, contextOf, principalOf, requireAuth } from '../http/auth-hook.js';
import { authErrorResponses, bearerSecurity, isoDateTime, nullableDateTime, pageQuery, pageSchemaOf, problemSchema } from '../http/schemas.js';
import { idempotencyHooks, idempotencyKeyHeaders } from '../http/idempotency.js';
import type { IdempotencyService } from '../idempotency/idempotency-service.js';
import { pageAnswerOf, pageRequestOf } from '../http/cursor.js';
import { keyIdParams, metadataField, nameField, rotateKeyBody, scopesField } from '../keys/key-schemas.js';
import { type ClientService, type CreateClientInput, SAVE_SECRET_WARNING, type UpdateClientInput } from './client-service.js';

const clientSchema = {
  type: 'object',
  properties: {
    client_id: { type: 'string', examples: ['cli_0Lg3kQ2b9xYcA1B2C3D4E5F6'] },
    name: { type: 'string' },
    environment: { type: 'string', enum: ['live', 'test'] },
    scopes: { type: 'array', items: { type: 'string' }, description: 'The most a token may carry' },
    token_ttl_seconds: { type: 'integer' },
    secret_prefix: { type: 'string', description: 'First characters of the current secret, safe to show' },
    previous_secret_expires_at: nullableDateTime,
    metadata: { type: 'object', additionalProperties: true },
    created_at: isoDateTime,
    updated_at: isoDateTime,
  },
} as const;

const issuedClientSchema = {
  type: 'object',
  properties: {
    ...clientSchema.properties,
    client_secret: { type: 'string', description: 'The `cs_` secret. Shown once: store it now.' },
    warning: { type: 'string' },
  },
} as const;

const ttlField = { type: 'integer', minimum: 60, description: 'Access token lifetime (default 3600; at most WARDEN_CLIENT_TOKEN_MAX_TTL_SECONDS)' } as const;

/** What the OAuth client routes use. */
export interface ClientRoutesOptions {
  authKit: AuthKit;
  /** `Idempotency-Key` on creation (absent: the header is ignored). */
  idempotency?: IdempotencyService;
  clients: ClientService;
}

/** `/v1/oauth-clients`: create, list, get, update, delete, rotate the secret. */
export async function clientRoutes(app: FastifyInstance, services: ClientRoutesOptions): Promise<void> {
  const canRead = requireAuth(services.authKit, { scopes: ['oauth-clients:read'] });
  const canWrite = requireAuth(services.authKit, { scopes: ['oauth-clients:write'] });
  const tags = ['OAuth clients'];
  const oneClient = { 200: { type: 'object', properties: { data: clientSchema } }, 404: problemSchema, ...authErrorResponses };

  const idempotent = idempotencyHooks(services.idempotency, 'oauth-clients.create');
  app.post<{ Body: CreateClientInput }>('/v1/oauth-clients', {
    onRequest: canWrite,
    preHandler: idempotent.preHandler,
    onSend: idempotent.onSend,
    schema: {
      headers: idempotencyKeyHeaders,
      tags, summary: 'Register a client for the client credentials grant (the secret is in this answer only)', security: bearerSecurity,
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'scopes'],
        properties: { name: nameField, scopes: scopesField, environment: { type: 'string', enum: ['live', 'test'] }, token_ttl_seconds: ttlField, metadata: metadataField },
      },
      response: { 201: { type: 'object', properties: { data: issuedClientSchema } }, ...authErrorResponses },
    },
  }, async (request, reply) => {
    const created = await services.clients.create(principalOf(request), request.body, contextOf(request));
    reply.code(201).header('location', `/v1/oauth-clients/${created.view.client_id}`);
    return { data: { ...created.view, client_secret: created.secret, warning: SAVE_SECRET_WARNING } };
  });

  app.get<{ Querystring: { limit?: string; cursor?: string } }>('/v1/oauth-clients', {
    onRequest: canRead,
    schema: {
      tags, summary: 'List clients, newest first', security: bearerSecurity,
      querystring: pageQuery,
      response: { 200: pageSchemaOf(clientSchema), ...authErrorResponses },
    },
  }, async (request) => {
    const { limit, afterId } = pageRequestOf(request.query, 'cli');
    const page = await services.clients.list(principalOf(request).workspaceId, limit, afterId);
    return pageAnswerOf(page.clients, page.nextCursor);
  });

  app.get<{ Params: { id: string } }>('/v1/oauth-clients/:id', {
    onRequest: canRead,
    schema: { tags, summary: 'Get a client', security: bearerSecurity, params: keyIdParams, response: oneClient },
  }, async (request) => ({ data: await services.clients.get(principalOf(request).workspaceId, request.params.id) }));

  app.patch<{ Params: { id: string }; Body: UpdateClientInput }>('/v1/oauth-clients/:id', {
    onRequest: canWrite,
    schema: {
      tags, summary: 'Rename, change metadata, token lifetime or scopes (new scopes end the tokens issued so far)', security: bearerSecurity,
      params: keyIdParams,
      body: {
        type: 'object',
        additionalProperties: false,
        minProperties: 1,
        properties: { name: nameField, scopes: scopesField, token_ttl_seconds: ttlField, metadata: metadataField },
      },
      response: oneClient,
    },
  }, async (request) => ({
    data: await services.clients.update(principalOf(request), request.params.id, request.body, contextOf(request)),
  }));

  app.delete<{ Params: { id: string } }>('/v1/oauth-clients/:id', {
    onRequest: canWrite,
    schema: { tags, summary: 'Delete a client; its tokens are refused at once', security: bearerSecurity, params: keyIdParams, response: { 204: { type: 'null' }, 404: problemSchema, ...authErrorResponses } },
  }, async (request, reply) => {
    await services.clients.delete(principalOf(request), request.params.id, contextOf(request));
    return reply.code(204).send();
  });

  app.post<{ Params: { id: string }; Body: { grace_period_seconds?: number } | null | undefined }>('/v1/oauth-clients/:id/rotate-secret', {
    onRequest: canWrite,
    schema: {
      tags, summary: 'New secret; the old one (and its tokens) die now, or the old secret works until grace_period_seconds', security: bearerSecurity,
      params: keyIdParams, body: rotateKeyBody,
      response: { 200: { type: 'object', properties: { data: issuedClientSchema } }, 404: problemSchema, ...authErrorResponses },
    },
  }, async (request) => {
    const rotated = await services.clients.rotate(principalOf(request), request.params.id, request.body?.grace_period_seconds ?? 0, contextOf(request));
    return { data: { ...rotated.view, client_secret: rotated.secret, warning: SAVE_SECRET_WARNING } };
  });
}
