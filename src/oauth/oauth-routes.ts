import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { WardenError } from '../errors/warden-error.js';
import { applyRateDecision, limitByIp, type AuthKit } from '../http/auth-hook.js';
import type { Authenticator } from '../auth/authenticator.js';
import type { Database } from '../store/database.js';
import type { CredentialEnvironment } from '../auth/environments.js';
import type { ClientService } from './client-service.js';
import { WARDEN_RESOURCES } from '../auth/scopes.js';
import { type AccessTokens, looksLikeJwt } from '../tokens/access-tokens.js';
import { insertRevokedToken, type TokenDenyList } from '../tokens/token-deny-list.js';
import { registerFormParser } from './form-body.js';
import { clientCredentialsOf } from './client-auth.js';
import { OAuthError } from './oauth-error.js';

const oauthErrorSchema = {
  type: 'object',
  description: 'RFC 6749 §5.2 error',
  properties: { error: { type: 'string' }, error_description: { type: 'string' } },
} as const;

const formBody = (properties: Record<string, { type: 'string'; description: string }>) => ({
  type: 'object',
  properties,
  additionalProperties: { type: 'string' },
}) as const;

function sendOAuthError(reply: FastifyReply, error: OAuthError): FastifyReply {
  if (error.status === 401) reply.header('WWW-Authenticate', 'Basic realm="warden"');
  return reply
    .code(error.status)
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .type('application/json')
    .send({ error: error.error, error_description: error.description });
}

/** Everything that fails inside these routes answers in RFC 6749 form, never problem+json. */
function oauthErrorOf(error: FastifyError | WardenError | OAuthError): OAuthError {
  if (error instanceof OAuthError) return error;
  if (error instanceof WardenError) {
    if (error.code === 'rate_limited') return new OAuthError('rate_limited', error.message);
    if (error.status >= 500) return new OAuthError('temporarily_unavailable', error.message, error.status);
    return new OAuthError('invalid_request', error.message);
  }
  const status = (error as FastifyError).statusCode ?? 500;
  if (status === 415) return new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded');
  if (status === 413) return new OAuthError('invalid_request', 'The body is too large');
  if (status >= 400 && status < 500) return new OAuthError('invalid_request', error.message);
  return new OAuthError('server_error', 'An internal error occurred');
}

/** Every OAuth endpoint takes a form body; anything else is refused plainly. */
function formOf(request: FastifyRequest): Record<string, string> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/x-www-form-urlencoded\b/i.test(type) || typeof request.body !== 'object' || request.body === null) {
    throw new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded');
  }
  return request.body as Record<string, string>;
}

/** What the OAuth 2.0 endpoints use. */
export interface OAuthRoutesOptions {
  authKit: AuthKit;
  /** Authenticates the bearer token a client introspects or revokes. */
  authenticator: Pick<Authenticator, 'check'>;
  clients: ClientService;
  accessTokens: AccessTokens;
  denyList: TokenDenyList;
  db: Database;
  /** The public URL: the tokens' `iss` and the metadata's `issuer`. */
  issuer: string;
  acceptedEnvironments: readonly CredentialEnvironment[];
  /** The deployment's own scope resources (WARDEN_SCOPE_RESOURCES). */
  deploymentResources: readonly string[];
}

/**
 * RFC 6749 §4.4 token endpoint (client credentials), RFC 7662 introspection, RFC 7009
 * revocation and RFC 8414 metadata.
 */
export async function oauthRoutes(app: FastifyInstance, services: OAuthRoutesOptions): Promise<void> {
  const { clients, accessTokens, authenticator, denyList, issuer } = services;

  /**
   * Introspection and revocation are a resource server's everyday calls: they count against the
   * calling client's own limit (standard class), not the per-IP budget of the login endpoints.
   */
  async function limitClient(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const { limiter } = services.authKit;
    if (!limiter.enabled || !request.principal) return;
    const decision = await limiter.consume(limiter.checksFor(request.principal, 'standard'));
    applyRateDecision(reply, decision, services.authKit.clock.nowMs());
  }

  async function authenticatedClient(request: FastifyRequest, form: Record<string, string>) {
    const credentials = clientCredentialsOf(request.headers.authorization, form);
    const client = await clients.authenticate(credentials.clientId, credentials.clientSecret);
    if (!client) throw new OAuthError('invalid_client', 'Client authentication failed');
    // The request is the client's from here on: the audit trail records it as such.
    request.principal = {
      type: 'client', id: client.row.id, workspaceId: client.row.workspace_id, environment: client.row.environment, scopes: client.ceiling,
    };
    request.endpointClass = 'auth';
    return client;
  }

  /**
   * What introspection and revocation both start with: the calling client authenticated and
   * counted against its own limit, then the token it asks about (a form without one still counts).
   */
  async function tokenRequestOf(request: FastifyRequest, reply: FastifyReply): Promise<{ client: Awaited<ReturnType<typeof authenticatedClient>>; token: string }> {
    const form = formOf(request);
    const client = await authenticatedClient(request, form);
    await limitClient(request, reply);
    if (form.token === undefined) throw new OAuthError('invalid_request', 'token is required');
    reply.header('cache-control', 'no-store');
    return { client, token: form.token };
  }

  registerFormParser(app);
  app.setErrorHandler((error: FastifyError | WardenError | OAuthError, request, reply) => {
    const mapped = oauthErrorOf(error);
    if (mapped.error === 'server_error') request.log.error({ err: error }, 'unhandled error');
    return sendOAuthError(reply, mapped);
  });
  const tags = ['OAuth 2.0'];

  app.post('/oauth/token', {
    onRequest: limitByIp(services.authKit),
    schema: {
      tags,
      summary: 'Client credentials grant (RFC 6749 §4.4): client_secret_basic or client_secret_post',
      consumes: ['application/x-www-form-urlencoded'],
      body: formBody({
        grant_type: { type: 'string', description: 'client_credentials' },
        scope: { type: 'string', description: 'Space-separated subset of the client\'s scopes (default: all of them)' },
        client_id: { type: 'string', description: 'client_secret_post only' },
        client_secret: { type: 'string', description: 'client_secret_post only' },
      }),
      response: {
        200: {
          type: 'object',
          properties: { access_token: { type: 'string' }, token_type: { type: 'string' }, expires_in: { type: 'integer' }, scope: { type: 'string' } },
        },
        400: oauthErrorSchema,
        401: oauthErrorSchema,
      },
    },
  }, async (request, reply) => {
    const form = formOf(request);
    if (form.grant_type === undefined) throw new OAuthError('invalid_request', 'grant_type is required');
    const client = await authenticatedClient(request, form);
    if (form.grant_type !== 'client_credentials') throw new OAuthError('unsupported_grant_type', 'Only grant_type=client_credentials is supported');
    if (!services.acceptedEnvironments.includes(client.row.environment)) {
      throw new OAuthError('unauthorized_client', `This deployment does not serve ${client.row.environment} clients`);
    }
    const issued = await clients.issueToken(client, form.scope);
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    return { access_token: issued.accessToken, token_type: 'Bearer', expires_in: issued.expiresIn, scope: issued.scope };
  });

  app.post('/oauth/introspect', {
    schema: {
      tags,
      summary: 'Token introspection (RFC 7662) for access tokens of the calling client\'s workspace',
      consumes: ['application/x-www-form-urlencoded'],
      body: formBody({ token: { type: 'string', description: 'An access token (JWT)' }, token_type_hint: { type: 'string', description: 'Ignored' } }),
      response: { 200: { type: 'object', additionalProperties: true, properties: { active: { type: 'boolean' } } }, 400: oauthErrorSchema, 401: oauthErrorSchema },
    },
  }, async (request, reply) => {
    const { client, token } = await tokenRequestOf(request, reply);
    if (!looksLikeJwt(token)) return { active: false };
    // The same checks as any request to Warden, as if the token named the client's workspace: an
    // outcome, not an error (a store that does not answer still throws: 503).
    const outcome = await authenticator.check({ authorization: `Bearer ${token}`, apiKey: undefined, workspaceId: client.row.workspace_id, ip: null });
    if (!outcome.ok) return { active: false };
    const principal = outcome.principal;
    // The claims come from the token itself (a cache hit when check just verified it): reading
    // only the verified-token cache answered `active: false` for a valid token the LRU had evicted.
    const checked = await accessTokens.verify(token);
    if (!checked.valid) return { active: false };
    const claims = checked.claims;
    return {
      active: true,
      scope: principal.scopes.names.join(' '),
      client_id: claims.client_id ?? undefined,
      token_type: 'Bearer',
      exp: claims.exp,
      iat: claims.iat,
      nbf: claims.nbf,
      sub: claims.sub,
      aud: claims.aud,
      iss: claims.iss,
      jti: claims.jti,
      sid: claims.sid,
      principal_type: principal.type,
      workspace_id: principal.workspaceId,
      environment: principal.environment,
    };
  });

  app.post('/oauth/revoke', {
    schema: {
      tags,
      summary: 'Token revocation (RFC 7009): ends one access token issued to the calling client',
      consumes: ['application/x-www-form-urlencoded'],
      body: formBody({ token: { type: 'string', description: 'An access token the client was issued' }, token_type_hint: { type: 'string', description: 'Ignored' } }),
      response: { 200: { type: 'null' }, 400: oauthErrorSchema, 401: oauthErrorSchema },
    },
  }, async (request, reply) => {
    const { client, token } = await tokenRequestOf(request, reply);
    // Unknown, expired or foreign tokens: 200 all the same (RFC 7009 §2.2), nothing is revealed.
    if (looksLikeJwt(token)) {
      const checked = await accessTokens.verify(token);
      if (checked.valid && checked.claims.client_id === client.row.id) {
        const expiresAt = new Date(checked.claims.exp * 1000);
        await services.db.transaction(async (tx) => {
          await insertRevokedToken(tx, checked.claims.jti, expiresAt);
        });
        await denyList.announce(checked.claims.jti, expiresAt.getTime());
      }
    }
    return reply.code(200).send();
  });

  // POST only (credentials never travel in a URL): other methods get 405 with Allow.
  for (const url of ['/oauth/token', '/oauth/introspect', '/oauth/revoke']) {
    app.route({
      method: ['GET', 'PUT', 'PATCH', 'DELETE'],
      url,
      schema: { hide: true },
      handler: async (_request, reply) => {
        reply.header('allow', 'POST');
        return sendOAuthError(reply, new OAuthError('invalid_request', `${url} accepts POST only`, 405));
      },
    });
  }

  app.get('/.well-known/oauth-authorization-server', {
    schema: { tags, summary: 'Authorization server metadata (RFC 8414)', response: { 200: { type: 'object', additionalProperties: true } } },
  }, async () => ({
    issuer,
    token_endpoint: `${issuer}/oauth/token`,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    introspection_endpoint: `${issuer}/oauth/introspect`,
    revocation_endpoint: `${issuer}/oauth/revoke`,
    grant_types_supported: ['client_credentials'],
    response_types_supported: [],
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    scopes_supported: [...WARDEN_RESOURCES, ...services.deploymentResources].flatMap((r) => [`${r}:read`, `${r}:write`]),
    // Access tokens are RFC 9068 JWTs signed with Ed25519.
    access_token_signing_alg_values_supported: ['EdDSA'],
  }));
}
