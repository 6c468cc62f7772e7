import type { FastifyInstance } from 'fastify';
import type { Services } from '../server/services.js';
import { principalOf, requireAuth } from '../server/auth-hook.js';
import { authErrorResponses, bearerSecurity, nullableDateTime } from '../server/schemas.js';
import { scopeErrors, throwIfErrors } from './key-rules.js';
import { WARDEN_RESOURCES } from '../auth/scopes.js';
import { WardenError } from '../errors/warden-error.js';
import { verifyToken } from '../auth/verify-token.js';

interface VerifyBody {
  key?: string;
  token?: string;
  required_scopes?: string[];
  ip?: string;
}

const verifyResult = {
  type: 'object',
  properties: {
    data: {
      type: 'object',
      properties: {
        valid: { type: 'boolean' },
        code: { type: 'string', description: 'Why not valid: invalid_key, key_revoked, key_expired, ip_not_allowed, insufficient_scope, invalid_token, session_expired, environment_forbidden' },
        principal: { type: 'object', properties: { type: { type: 'string' }, id: { type: 'string' } } },
        session_id: { type: ['string', 'null'] },
        missing_scopes: { type: 'array', items: { type: 'string' } },
        key_id: { type: 'string' },
        name: { type: 'string' },
        workspace_id: { type: 'string' },
        environment: { type: ['string', 'null'] },
        scopes: { type: 'array', items: { type: 'string' } },
        rate_limit: { type: ['integer', 'null'] },
        expires_at: nullableDateTime,
        metadata: { type: 'object', additionalProperties: true },
      },
      required: ['valid'],
    },
  },
} as const;

/**
 * `POST /v1/verify`: for the services behind Warden. Outcomes are data (200 with `valid:false`
 * and a code); only a broken store is an error (503, fail closed). Keys of other workspaces are
 * reported as `invalid_key`: a workspace can only learn about its own keys.
 */
export function verifyRoutes(services: Services) {
  const known = new Set([...WARDEN_RESOURCES, ...services.config.scopeResources]);
  return async function routes(app: FastifyInstance): Promise<void> {
    app.post<{ Body: VerifyBody }>('/v1/verify', {
      onRequest: requireAuth(services, { scopes: ['verify:read'] }),
      schema: {
        tags: ['Verification'], summary: 'Check an API key for another service', security: bearerSecurity,
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            key: { type: 'string', maxLength: 200, description: 'An API key' },
            token: { type: 'string', maxLength: 4096, description: 'Or a bearer token: JWT access token, sess_ session token (or an API key)' },
            required_scopes: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 100 },
            ip: { type: 'string', maxLength: 64, description: "The end client's IP, checked against the key's allowed_ips" },
          },
        },
        response: { 200: verifyResult, ...authErrorResponses },
      },
    }, async (request) => {
      const caller = principalOf(request);
      const required = request.body.required_scopes ?? [];
      throwIfErrors(scopeErrors('required_scopes', required, known));
      const { key: candidate, token } = request.body;
      if ((candidate === undefined) === (token === undefined)) {
        throw new WardenError('validation_failed', 'Send exactly one of key and token', { errors: [{ field: 'key', message: 'send exactly one of key and token' }] });
      }
      if (token !== undefined) return { data: await verifyToken(services, caller.workspaceId, token, required, request.body.ip ?? null) };
      const check = await services.keyVerifier.verify(candidate!, request.body.ip ?? null);
      const key = check.key;
      if (!key || key.workspaceId !== caller.workspaceId) return { data: { valid: false, code: 'invalid_key' } };
      const details = {
        key_id: key.id,
        name: key.name,
        workspace_id: key.workspaceId,
        environment: key.environment,
        scopes: key.scopes.names,
        rate_limit: key.rateLimit,
        expires_at: key.expiresAtMs === null ? null : new Date(key.expiresAtMs).toISOString(),
        metadata: key.metadata,
      };
      if (!check.valid) return { data: { valid: false, code: check.code, ...details } };
      const missing = key.scopes.missing(required, services.scopePolicy);
      if (missing.length > 0) return { data: { valid: false, code: 'insufficient_scope', missing_scopes: missing, ...details } };
      return { data: { valid: true, ...details } };
    });
  };
}
