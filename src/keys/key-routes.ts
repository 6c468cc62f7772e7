import type { FastifyInstance } from 'fastify';
import { contextOf, principalOf, requireAuth, type AuthKit } from '../http/auth-hook.js';
import { authErrorResponses, bearerSecurity, problemSchema } from '../http/schemas.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { idempotencyHooks, idempotencyKeyHeaders } from '../http/idempotency.js';
import type { IdempotencyService } from '../idempotency/idempotency-service.js';
import type { KeyEnvironment } from './key-codec.js';
import { type CreateKeyInput, type KeyService, SAVE_KEY_WARNING, type UpdateKeyInput } from './key-service.js';
import { apiKeySchema, createKeyBody, issuedKeySchema, keyIdParams, listKeysQuery, rotateKeyBody, updateKeyBody } from './key-schemas.js';

const DEFAULT_PAGE_SIZE = 20;

export interface KeyRoutesOptions {
  authKit: AuthKit;
  keys: KeyService;
  /** WARDEN_KEY_MANAGEMENT=session: only a user session may create, update, rotate or revoke keys. */
  sessionOnly: boolean;
  /**
   * Answer one key as the bare object (`{id, key, warning, …}`, seed 004's create answer on Sly's
   * `/v1/api-keys`) instead of `{data: …}`; lists keep `{data, next_cursor}`.
   */
  bare?: boolean;
  /** `Idempotency-Key` on creation (absent: the header is ignored). */
  idempotency?: IdempotencyService;
}

/** `/v1/keys` (registered again under `/v1/api-keys`): create, list, get, update, revoke, rotate. */
export async function keyRoutes(app: FastifyInstance, services: KeyRoutesOptions): Promise<void> {
  const bare = services.bare === true;
  const one = <T>(value: T): T | { data: T } => (bare ? value : { data: value });
  const answer = <S extends object>(schema: S): S | { type: 'object'; properties: { data: S } } =>
    (bare ? schema : { type: 'object', properties: { data: schema } });
  const sessionOnly = services.sessionOnly;
  const canRead = requireAuth(services.authKit, { scopes: ['api-keys:read'] });
  const canWrite = requireAuth(services.authKit, { scopes: ['api-keys:write'], sessionOnly });
  const tags = ['API keys'];
  const idempotent = idempotencyHooks(services.idempotency, bare ? 'keys.create.bare' : 'keys.create');

  app.post<{ Body: CreateKeyInput }>('', {
    onRequest: canWrite,
    preHandler: idempotent.preHandler,
    onSend: idempotent.onSend,
    schema: {
      tags, summary: 'Create an API key (the plaintext is in this answer only)', security: bearerSecurity,
      headers: idempotencyKeyHeaders, body: createKeyBody,
      response: { 201: answer(issuedKeySchema), ...authErrorResponses },
    },
  }, async (request, reply) => {
    const issued = await services.keys.create(principalOf(request), request.body, contextOf(request));
    reply.code(201).header('location', `${request.url.split('?')[0]!.replace(/\/$/, '')}/${issued.view.id}`);
    return one({ ...issued.view, key: issued.key, warning: SAVE_KEY_WARNING });
  });

  app.get<{ Querystring: { environment?: KeyEnvironment; revoked?: 'true' | 'false'; limit?: string; cursor?: string } }>('', {
    onRequest: canRead,
    schema: {
      tags, summary: 'List API keys, newest first', security: bearerSecurity,
      querystring: listKeysQuery,
      response: {
        200: { type: 'object', properties: { data: { type: 'array', items: apiKeySchema }, next_cursor: { type: ['string', 'null'] } } },
        ...authErrorResponses,
      },
    },
  }, async (request) => {
    const { cursor, environment, revoked, limit } = request.query;
    const page = await services.keys.list(principalOf(request).workspaceId, {
      environment,
      revoked: revoked === undefined ? undefined : revoked === 'true',
      limit: limit === undefined ? DEFAULT_PAGE_SIZE : Number(limit),
      cursor: cursor ? decodeCursor('key', cursor) : undefined,
    });
    return { data: page.keys, next_cursor: page.nextCursor ? encodeCursor(page.nextCursor) : null };
  });

  const oneKey = { 200: answer(apiKeySchema), 404: problemSchema, ...authErrorResponses };

  app.get<{ Params: { id: string } }>('/:id', {
    onRequest: canRead,
    schema: { tags, summary: 'Get an API key', security: bearerSecurity, params: keyIdParams, response: oneKey },
  }, async (request) => one(await services.keys.get(principalOf(request).workspaceId, request.params.id)));

  app.patch<{ Params: { id: string }; Body: UpdateKeyInput }>('/:id', {
    onRequest: canWrite,
    schema: {
      tags, summary: 'Rename, change metadata or narrow scopes', security: bearerSecurity,
      params: keyIdParams, body: updateKeyBody, response: oneKey,
    },
  }, async (request) => one(await services.keys.update(principalOf(request), request.params.id, request.body, contextOf(request))));

  app.delete<{ Params: { id: string } }>('/:id', {
    onRequest: canWrite,
    schema: { tags, summary: 'Revoke an API key (idempotent)', security: bearerSecurity, params: keyIdParams, response: oneKey },
  }, async (request) => one(await services.keys.revoke(principalOf(request), request.params.id, contextOf(request))));

  app.post<{ Params: { id: string }; Body: { grace_period_seconds?: number } | null | undefined }>('/:id/rotate', {
    onRequest: canWrite,
    schema: {
      tags, summary: 'Rotate: new secret now, old one dies now or after grace_period_seconds', security: bearerSecurity,
      params: keyIdParams, body: rotateKeyBody,
      response: { 200: answer(issuedKeySchema), 404: problemSchema, 409: problemSchema, ...authErrorResponses },
    },
  }, async (request) => {
    const grace = request.body?.grace_period_seconds ?? 0;
    const issued = await services.keys.rotate(principalOf(request), request.params.id, grace, contextOf(request));
    return one({ ...issued.view, key: issued.key, warning: SAVE_KEY_WARNING, previous_key_expires_at: issued.previousKeyExpiresAt });
  });
}
