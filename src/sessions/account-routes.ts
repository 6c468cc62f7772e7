import type { FastifyInstance } from 'fastify';
import { type AuthKit, contextOf, limitByIp, principalOf, requireAuth } from '../http/auth-hook.js';
import { bearerSecurity, isoDateTime, problemSchema } from '../http/schemas.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../users/password.js';
import type { AccountService, RegisterInput } from './account-service.js';
import { WardenError } from '../errors/warden-error.js';
import { passwordSignInProperties } from './login-schema.js';
import { endGrant } from '../grants/end-grant.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { KeyExchange } from '../keys/key-exchange.js';
import type { RefreshTokens } from '../tokens/refresh-tokens.js';
import type { Database } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import type { Clock } from '../lib/clock.js';

const userSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, email: { type: 'string' }, name: { type: ['string', 'null'] }, created_at: isoDateTime },
} as const;
const workspaceSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' } },
} as const;
const emailField = { type: 'string', minLength: 3, maxLength: 254, pattern: '^\\s*[^\\s@]+@[^\\s@]+\\s*$' } as const;

/** What the account routes (register, login, refresh, logout) use. */
export interface AccountRoutesOptions {
  authKit: AuthKit;
  /** Authenticates the API key a key exchange presents. */
  authenticator: Pick<Authenticator, 'authenticate'>;
  accounts: AccountService;
  keyExchange: KeyExchange;
  refreshTokens: RefreshTokens;
  /** Logout of a key-exchange session ends its grant. */
  db: Database;
  bus: Bus;
  clock: Clock;
}

export async function accountRoutes(app: FastifyInstance, services: AccountRoutesOptions): Promise<void> {
  const tags = ['Accounts'];

  app.post<{ Body: RegisterInput }>('/auth/register', {
    onRequest: limitByIp(services.authKit),
    schema: {
      tags, summary: 'Create an account and a workspace it owns (can be disabled: WARDEN_REGISTRATION)',
      body: {
        type: 'object',
        additionalProperties: false,
        required: ['email', 'password'],
        properties: {
          email: emailField,
          password: { type: 'string', minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH },
          name: { type: 'string', minLength: 1, maxLength: 200 },
          workspace_name: { type: 'string', minLength: 1, maxLength: 200 },
        },
      },
      response: {
        201: { type: 'object', properties: { user: userSchema, workspace: workspaceSchema } },
        400: problemSchema, 403: problemSchema, 409: problemSchema,
      },
    },
  }, async (request, reply) => {
    const result = await services.accounts.register(request.body, contextOf(request, null));
    return reply.code(201).send(result);
  });

  app.post<{ Body: { email?: string; password?: string; twoFactorCode?: string; recoveryCode?: string; challenge_id?: string; api_key?: string; session_id?: string } }>('/auth/login', {
    onRequest: limitByIp(services.authKit),
    schema: {
      tags, summary: 'Log in with e-mail and password → a sess_ session token; or trade an API key for a 2 h bearer token',
      body: {
        type: 'object',
        additionalProperties: false,
        description: 'email + password (+ twoFactorCode or recoveryCode when 2FA is on), or challenge_id + twoFactorCode/recoveryCode, or api_key (+ session_id)',
        properties: {
          api_key: { type: 'string', maxLength: 200, description: 'Key exchange: the API key to trade for a bearer token (same token while it is valid)' },
          session_id: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\x21-\\x7E]+$', description: 'Key exchange: your own session label; a new one gets a new token' },
          ...passwordSignInProperties,
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            token: { type: 'string', description: 'The `sess_` session token (24 h sliding inactivity, 30 d absolute)' },
            access_token: { type: 'string', description: 'JWT (EdDSA, `typ: at+jwt`) for the same session' },
            refresh_token: { type: 'string', description: 'Single-use `rt_` token for POST /auth/refresh (7 d family)' },
            token_type: { type: 'string' },
            expires_in: { type: 'integer', description: 'Seconds until access_token expires' },
            session_expires_in: { type: 'integer', description: 'Seconds of inactivity before the session token expires' },
            scope: { type: 'string', description: 'Key exchange: the key\'s scopes, space-separated' },
            session_id: { type: ['string', 'null'], description: 'Key exchange: the session label the token belongs to' },
            user: userSchema,
            workspaces: { type: 'array', items: workspaceSchema },
          },
        },
        400: problemSchema, 401: problemSchema, 429: problemSchema,
      },
    },
  }, async (request, reply) => {
    const { email, password, twoFactorCode, recoveryCode, challenge_id: challengeId, api_key: apiKey, session_id: sessionLabel } = request.body;
    if (apiKey !== undefined) {
      const other = (['email', 'password', 'twoFactorCode', 'recoveryCode', 'challenge_id'] as const).filter((f) => request.body[f] !== undefined);
      if (other.length > 0) {
        throw new WardenError('validation_failed', `api_key cannot be combined with ${other.join(', ')}`, {
          errors: other.map((field) => ({ field, message: 'is not allowed with api_key' })),
        });
      }
      const key = await services.authenticator.authenticate({ authorization: undefined, apiKey, workspaceId: undefined, ip: () => request.ip ?? null });
      if (key.type !== 'api_key') throw new WardenError('invalid_key', 'api_key must be an API key', { bearerError: 'invalid_token' });
      request.principal = key;
      request.endpointClass = 'auth';
      const exchanged = await services.keyExchange.exchange(key, sessionLabel, contextOf(request, key));
      reply.header('cache-control', 'no-store');
      return { access_token: exchanged.accessToken, token_type: 'Bearer', expires_in: exchanged.expiresIn, scope: exchanged.scope, session_id: sessionLabel ?? null };
    }
    if (sessionLabel !== undefined) throw new WardenError('validation_failed', 'session_id belongs to the api_key exchange', { errors: [{ field: 'session_id', message: 'is only allowed with api_key' }] });
    if (password !== undefined && password.length > PASSWORD_MAX_LENGTH) {
      throw new WardenError('invalid_credentials', 'E-mail or password is wrong');
    }
    const result = await services.accounts.login({ email, password, twoFactorCode, recoveryCode, challengeId }, contextOf(request, null));
    reply.header('cache-control', 'no-store');
    return {
      token: result.token,
      access_token: result.accessToken,
      refresh_token: result.refreshToken,
      token_type: 'Bearer',
      expires_in: result.accessTokenTtlSeconds,
      session_expires_in: result.expiresInSeconds,
      user: result.user,
      workspaces: result.workspaces,
    };
  });

  app.post<{ Body: { refresh_token: string } }>('/auth/refresh', {
    onRequest: limitByIp(services.authKit),
    schema: {
      tags, summary: 'Trade a refresh token for a new access + refresh pair (the old one is used up)',
      body: { type: 'object', additionalProperties: false, required: ['refresh_token'], properties: { refresh_token: { type: 'string', maxLength: 200 } } },
      response: {
        200: {
          type: 'object',
          properties: { access_token: { type: 'string' }, refresh_token: { type: 'string' }, token_type: { type: 'string' }, expires_in: { type: 'integer' } },
        },
        400: problemSchema, 401: problemSchema,
      },
    },
  }, async (request, reply) => {
    const pair = await services.refreshTokens.refresh(request.body.refresh_token, contextOf(request, null));
    reply.header('cache-control', 'no-store');
    return { access_token: pair.accessToken, refresh_token: pair.refreshToken, token_type: 'Bearer', expires_in: pair.expiresInSeconds };
  });

  app.post('/auth/logout', {
    onRequest: requireAuth(services.authKit, { workspaceOptional: true }),
    schema: { tags, summary: 'End the current session', security: bearerSecurity, response: { 204: { type: 'null' }, 401: problemSchema, 403: problemSchema } },
  }, async (request, reply) => {
    const principal = principalOf(request);
    if (principal.type === 'api_key' && principal.sessionId?.startsWith('grt_')) {
      // A token from the key exchange: ends its exchange session only.
      await endGrant(services, principal.sessionId, principal.workspaceId, contextOf(request));
      return reply.code(204).send();
    }
    if (principal.type !== 'user' || !principal.sessionId) {
      throw new WardenError('session_required', 'Only a session can log out: revoke API keys, delete OAuth clients or agents, or revoke single client tokens at /oauth/revoke');
    }
    await services.accounts.logout(principal.sessionId, principal.workspaceId, contextOf(request));
    return reply.code(204).send();
  });
}
