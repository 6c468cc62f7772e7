import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { applyRateDecision, type AuthKit, contextOf, limitCaller, principalOf, requireAuth } from '../http/auth-hook.js';
import type { ServiceCredential, ServiceCredentials } from '../auth/service-credentials.js';
import { authErrorResponses, bearerSecurity, nullableDateTime } from '../http/schemas.js';
import { scopeErrors, throwIfErrors } from '../auth/credential-rules.js';
import { WARDEN_RESOURCES } from '../auth/scopes.js';
import { WardenError } from '../errors/warden-error.js';
import { verifyToken } from '../auth/verify-token.js';
import type { Principal } from '../auth/principal.js';
import type { EndpointClass, Limiter } from '../ratelimit/limiter.js';
import type { KeyVerifier } from './key-verifier.js';
import type { CredentialEnvironment } from '../auth/environments.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** A deployment-level service credential calling /v1/verify (it may verify any workspace's credentials). */
    serviceCaller?: ServiceCredential;
  }
}

interface VerifyBody {
  workspace_id?: string;
  key?: string;
  token?: string;
  required_scopes?: string[];
  ip?: string;
  endpoint_class?: EndpointClass | 'none';
}

/** Counts the verified credential's request against its limits (the host API's endpoint class); data, not an error. */
async function rateState(limiter: Limiter, principal: Principal, endpointClass: VerifyBody['endpoint_class'], clientIp: string | undefined): Promise<Record<string, unknown>> {
  if (!limiter.enabled || endpointClass === 'none') return {};
  const checks = limiter.checksFor(principal, endpointClass ?? 'standard');
  // The end client's address, when given, counts against the per-IP limit as it would on Warden's own routes.
  const decision = await limiter.consume(limiter.limitsPerIp && clientIp !== undefined ? limiter.withClientIp(checks, clientIp) : checks);
  const { strictest } = decision;
  const ratelimit = {
    policy: strictest.check.policy,
    limit: strictest.check.limit,
    remaining: strictest.remaining,
    reset: Math.ceil(strictest.resetAtMs / 1000),
    ...(decision.allowed ? {} : { retry_after: Math.max(1, Math.ceil(strictest.retryAfterMs / 1000)) }),
  };
  return decision.allowed ? { ratelimit } : { valid: false, code: 'rate_limited', ratelimit };
}

const verifyResult = {
  type: 'object',
  properties: {
    data: {
      type: 'object',
      properties: {
        valid: { type: 'boolean' },
        code: { type: 'string', description: 'Why not valid: rate_limited, invalid_key, key_revoked, key_expired, ip_not_allowed, insufficient_scope, invalid_token, session_expired, environment_forbidden' },
        principal: { type: 'object', properties: { type: { type: 'string' }, id: { type: 'string' } } },
        session_id: { type: ['string', 'null'], description: 'Deprecated: the user session, or the grant of a machine token (see grant_id)' },
        grant_id: { type: 'string', description: 'The grant (grt_…) of a client, agent or exchanged-key token; absent otherwise' },
        missing_scopes: { type: 'array', items: { type: 'string' } },
        key_id: { type: 'string' },
        name: { type: 'string' },
        workspace_id: { type: 'string' },
        environment: { type: ['string', 'null'] },
        scopes: { type: 'array', items: { type: 'string' } },
        rate_limit: { type: ['integer', 'null'] },
        ratelimit: {
          type: 'object',
          description: 'The verified credential\'s rate-limit state after counting this request (absent with endpoint_class "none")',
          properties: { policy: { type: 'string' }, limit: { type: 'integer' }, remaining: { type: 'integer' }, reset: { type: 'integer' }, retry_after: { type: 'integer' } },
        },
        expires_at: nullableDateTime,
        metadata: { type: 'object', additionalProperties: true },
      },
      required: ['valid'],
    },
  },
} as const;

/** What `/v1/verify` uses. */
export interface VerifyRoutesOptions {
  authKit: AuthKit;
  keyVerifier: KeyVerifier;
  acceptedEnvironments: readonly CredentialEnvironment[];
  /** The deployment's own scope resources (WARDEN_SCOPE_RESOURCES). */
  deploymentResources: readonly string[];
  /** Deployment-level service credentials (every workspace), and their `verify` budget per minute. */
  serviceCredentials: ServiceCredentials;
  verifyPerMinute: number;
}

function bearerOf(request: FastifyRequest): string | undefined {
  const value = request.headers.authorization;
  return typeof value === 'string' && value.startsWith('Bearer ') ? value.slice(7).trim() : undefined;
}

/**
 * Who may call /v1/verify: a workspace credential holding `verify:read` (it sees its own
 * workspace only), or a deployment-level service credential (every workspace; its use is an
 * account-level audit event). Either is limited by its own `verify` budget.
 */
function verifyCaller(services: VerifyRoutesOptions): (request: FastifyRequest, reply: FastifyReply) => Promise<void> {
  const { authKit, serviceCredentials } = services;
  const workspaceAuth = requireAuth(authKit, { scopes: ['verify:read'], rateClass: 'none' });
  const workspaceLimit = limitCaller(authKit, (caller) => authKit.limiter.checksForVerifyCaller(caller));
  return async function verifyCallerHook(request, reply) {
    const secret = bearerOf(request);
    if (secret === undefined || !serviceCredentials.isServiceSecret(secret)) {
      await workspaceAuth(request, reply);
      await workspaceLimit(request, reply);
      return;
    }
    reply.header('cache-control', 'no-store');
    const { actor: _anonymous, ...context } = contextOf(request, null);
    const service = await serviceCredentials.authenticate(secret, context);
    if (!service) throw new WardenError('invalid_token', 'Unknown or revoked service credential', { bearerError: 'invalid_token' });
    request.serviceCaller = service;
    if (!authKit.limiter.enabled) return;
    const checks = [{ key: `c:${service.id}:verify`, limit: services.verifyPerMinute, periodMs: 60_000, policy: 'verify' }];
    applyRateDecision(reply, await authKit.limiter.consume(checks), authKit.clock.nowMs());
  };
}

/**
 * `POST /v1/verify`: for the services behind Warden. Outcomes are data (200 with `valid:false`
 * and a code); only a broken store is an error (503, fail closed). Keys of other workspaces are
 * reported as `invalid_key`: a workspace can only learn about its own keys.
 */
export async function verifyRoutes(app: FastifyInstance, services: VerifyRoutesOptions): Promise<void> {
  const known = new Set([...WARDEN_RESOURCES, ...services.deploymentResources]);
  app.post<{ Body: VerifyBody }>('/v1/verify', {
    // Each call counts against the credential it verifies (its class, as data in the answer) and
    // against the caller's own `verify` budget (429 to the caller), never the caller's class budgets.
    onRequest: verifyCaller(services),
    schema: {
      tags: ['Verification'], summary: 'Check an API key for another service', security: bearerSecurity,
      body: {
        type: 'object',
        additionalProperties: false,
        properties: {
          key: { type: 'string', maxLength: 200, description: 'An API key' },
          token: { type: 'string', maxLength: 4096, description: 'Or a bearer token: JWT access token, sess_ session token (or an API key)' },
          required_scopes: { type: 'array', items: { type: 'string', maxLength: 100 }, maxItems: 100 },
          workspace_id: { type: 'string', maxLength: 64, description: 'Service credentials only: the workspace a session token (`token`) acts in, when its user has several' },
          ip: { type: 'string', maxLength: 64, description: "The end client's IP, checked against the key's allowed_ips" },
          endpoint_class: {
            type: 'string', enum: ['standard', 'write', 'upload', 'none'],
            description: 'Count this request against the credential\'s limit for this class of your endpoint (default standard); none: do not count',
          },
        },
      },
      response: { 200: verifyResult, ...authErrorResponses },
    },
  }, async (request) => {
    const service = request.serviceCaller;
    const caller = service ? null : principalOf(request);
    const required = request.body.required_scopes ?? [];
    throwIfErrors(scopeErrors('required_scopes', required, known));
    const { key: candidate, token } = request.body;
    if ((candidate === undefined) === (token === undefined)) {
      throw new WardenError('validation_failed', 'Send exactly one of key and token', { errors: [{ field: 'key', message: 'send exactly one of key and token' }] });
    }
    const endpointClass = request.body.endpoint_class;
    if (token !== undefined) {
      const verdict = await verifyToken(services.authKit, caller ? caller.workspaceId : request.body.workspace_id, token, required, request.body.ip ?? null);
      if (!verdict.principal) return { data: verdict.data };
      return { data: { ...verdict.data, ...(await rateState(services.authKit.limiter, verdict.principal, endpointClass, request.body.ip)) } };
    }
    const check = await services.keyVerifier.verify(candidate!, request.body.ip ?? null);
    const key = check.key;
    if (!key || (caller !== null && key.workspaceId !== caller.workspaceId)) return { data: { valid: false, code: 'invalid_key' } };
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
    // As the authenticator: the stored environment decides (a flat key's text does not name it).
    if (!services.acceptedEnvironments.includes(key.environment)) return { data: { valid: false, code: 'environment_forbidden', ...details } };
    const missing = key.scopes.missing(required, services.authKit.scopePolicy);
    if (missing.length > 0) return { data: { valid: false, code: 'insufficient_scope', missing_scopes: missing, ...details } };
    const principal: Principal = { type: 'api_key', id: key.id, workspaceId: key.workspaceId, environment: key.environment, scopes: key.scopes, rateLimit: key.rateLimit };
    return { data: { valid: true, ...details, ...(await rateState(services.authKit.limiter, principal, endpointClass, request.body.ip)) } };
  });
}
