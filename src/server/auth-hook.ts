import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Principal, RequestContext } from '../auth/principal.js';
import { actorOf } from '../auth/principal.js';
import { WardenError } from '../errors/warden-error.js';
import type { Services } from './services.js';
import { rateLimitHeaders, type EndpointClass, type RateDecision } from '../ratelimit/limiter.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface AuthRequirement {
  /** Every one of these must be allowed (`api-keys:write`, …). */
  scopes?: readonly string[];
  /** Refuse API keys: only a user session will do (403 `session_required`). */
  sessionOnly?: boolean;
  /** A user-level route: a member of several workspaces need not name one (the first is used). */
  workspaceOptional?: boolean;
  /** Rate-limit class; default `standard` for GET/HEAD, `write` otherwise. `none`: not limited here. */
  rateClass?: EndpointClass | 'none';
}

/** Sets the rate-limit headers; a refusal becomes 429 `rate_limited` with Retry-After. */
export function applyRateDecision(reply: FastifyReply, decision: RateDecision, nowMs: number): void {
  const headers = rateLimitHeaders(decision, nowMs);
  reply.headers(headers);
  if (!decision.allowed) {
    throw new WardenError('rate_limited', `Rate limit exceeded (${decision.strictest.check.policy}: ${decision.strictest.check.limit} requests per minute); retry after ${headers['retry-after']} s`, {
      extra: { retry_after: Number(headers['retry-after']), policy: decision.strictest.check.policy },
    });
  }
}

/** onRequest hook for public auth endpoints: limited per client IP (`auth` class). */
export function limitByIp(services: Services) {
  return function limitIp(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    const { limiter } = services;
    if (!limiter.enabled) return done();
    const finish = (decision: RateDecision): void => {
      try {
        applyRateDecision(reply, decision, services.clock.nowMs());
        done();
      } catch (error) {
        done(error as Error);
      }
    };
    const decision = limiter.consume(limiter.checksForIp(request.ip ?? 'unknown'));
    if (decision instanceof Promise) decision.then(finish, (error: Error) => done(error));
    else finish(decision);
  };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * onRequest hook: authenticates before the body is even read, so an anonymous caller never gets
 * to see validation messages. Callback style keeps the cached path free of promise allocations.
 */
export function requireAuth(services: Services, requirement: AuthRequirement = {}): onRequestHookHandler {
  const scopes = requirement.scopes ?? [];
  const authorize = (request: FastifyRequest, principal: Principal): void => {
    if (requirement.sessionOnly && principal.type !== 'user') {
      throw new WardenError('session_required', 'This deployment allows key management only from a user session');
    }
    if (scopes.length > 0) {
      const missing = principal.scopes.missing(scopes, services.scopePolicy);
      if (missing.length > 0) {
        throw new WardenError('insufficient_scope', `This credential lacks the scope ${missing.join(', ')}`, {
          extra: { missing_scopes: missing },
          bearerError: 'insufficient_scope',
        });
      }
    }
    request.principal = principal;
  };
  const limiter = services.limiter;
  const fixedClass = requirement.rateClass;

  /** Authorised: now count the request against its credential's and workspace's limits. */
  const limited = (request: FastifyRequest, reply: FastifyReply, principal: Principal, done: (error?: Error) => void): void => {
    authorize(request, principal);
    const endpointClass = fixedClass === 'none' || fixedClass === undefined
      ? (request.method === 'GET' || request.method === 'HEAD' ? 'standard' : 'write')
      : fixedClass;
    request.endpointClass = endpointClass;
    if (!limiter.enabled || fixedClass === 'none') return done();
    const decision = limiter.consume(limiter.checksFor(principal, endpointClass));
    if (decision instanceof Promise) {
      decision.then((d) => {
        try {
          applyRateDecision(reply, d, services.clock.nowMs());
          done();
        } catch (error) {
          done(error as Error);
        }
      }, (error: Error) => done(error));
      return;
    }
    applyRateDecision(reply, decision, services.clock.nowMs());
    done();
  };

  return function authenticate(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    reply.header('cache-control', 'no-store');
    let result: Principal | Promise<Principal>;
    try {
      result = services.authenticator.authenticate({
        authorization: header(request, 'authorization'),
        apiKey: header(request, 'x-api-key'),
        workspaceId: header(request, 'x-workspace-id'),
        // request.ip walks X-Forwarded-For through the trusted proxies: only done when a key needs it.
        ip: () => request.ip ?? null,
        workspaceOptional: requirement.workspaceOptional,
      });
    } catch (error) {
      done(error as Error);
      return;
    }
    if (result instanceof Promise) {
      result.then(
        (principal) => {
          try {
            limited(request, reply, principal, done);
          } catch (error) {
            done(error as Error);
          }
        },
        (error: Error) => done(error),
      );
      return;
    }
    try {
      limited(request, reply, result, done);
    } catch (error) {
      done(error as Error);
    }
  };
}

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error('route used principalOf() without requireAuth()');
  return request.principal;
}

/** Strips the query string: it may carry secrets (`?token=`) and is not needed in the audit path. */
export function contextOf(request: FastifyRequest, principal: Principal | null = request.principal): RequestContext {
  return {
    actor: principal ? actorOf(principal) : { type: 'system', id: 'anonymous' },
    ip: request.ip ?? null,
    userAgent: header(request, 'user-agent') ?? null,
    method: request.method,
    path: request.url.split('?')[0] ?? request.url,
  };
}
