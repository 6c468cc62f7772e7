import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Principal, RequestContext } from '../auth/principal.js';
import { actorOf } from '../auth/principal.js';
import { WardenError } from '../errors/warden-error.js';
import type { Services } from './services.js';
import { rateLimitHeaders, type EndpointClass, type RateDecision } from '../ratelimit/limiter.js';
import type { LimitCheck } from '../ratelimit/engine.js';

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

/**
 * onRequest hook after requireAuth: counts the request against the caller's own bucket of a policy
 * of its own (e.g. `/v1/verify`'s `verify`), not against its class or workspace budget.
 */
export function limitCaller(services: Services, checksOf: (principal: Principal) => LimitCheck[]) {
  return function limitCallerHook(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    const { limiter } = services;
    if (!limiter.enabled) return done();
    const decision = limiter.consume(checksOf(principalOf(request)));
    const finish = (d: RateDecision): void => {
      try {
        applyRateDecision(reply, d, services.clock.nowMs());
        done();
      } catch (error) {
        done(error as Error);
      }
    };
    if (decision instanceof Promise) decision.then(finish, (error: Error) => done(error));
    else finish(decision);
  };
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

/** Answers a refusing decision (429 with its headers). */
function refuse(reply: FastifyReply, decision: RateDecision, nowMs: number, done: (error?: Error) => void): void {
  try {
    applyRateDecision(reply, decision, nowMs);
  } catch (refusal) {
    done(refusal as Error);
  }
}

/** A credential was sent and refused as unknown, revoked, expired or malformed (401) — a guess, or a leftover. */
function countsAsFailure(error: Error): boolean {
  return error instanceof WardenError && error.status === 401 && error.code !== 'authentication_required';
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
    const checks = limiter.checksFor(principal, endpointClass);
    const decision = limiter.consume(limiter.limitsPerIp ? limiter.withClientIp(checks, request.ip ?? 'unknown') : checks);
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

  /**
   * A refused credential costs its client IP one unit of the failure budget; once it is spent the
   * answer is 429, and until Retry-After only a credential known good from memory passes from there.
   */
  const failed = (request: FastifyRequest, reply: FastifyReply, error: Error, done: (error?: Error) => void): void => {
    if (!limiter.enabled || !countsAsFailure(error)) return done(error);
    const refuseOr401 = (decision: RateDecision): void => {
      if (decision.allowed) done(error);
      else refuse(reply, decision, services.clock.nowMs(), done);
    };
    const decision = limiter.recordFailure(request.ip ?? 'unknown');
    if (decision instanceof Promise) decision.then(refuseOr401, () => done(error)); // the budget's store failed: answer the 401 as before
    else refuseOr401(decision);
  };

  return function authenticate(request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void {
    reply.header('cache-control', 'no-store');
    // An address over its failure budget: only a credential already known good (answered from
    // memory, synchronously) goes through; anything else is 429 until Retry-After.
    const blocked = limiter.hasFailureBlocks && limiter.enabled ? limiter.failureBlock(request.ip ?? 'unknown') : null;
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
      if (blocked) refuse(reply, blocked, services.clock.nowMs(), done);
      else failed(request, reply, error as Error, done);
      return;
    }
    if (result instanceof Promise) {
      if (blocked) {
        // The lookup already started fills the cache: a good credential passes at the retry.
        result.catch(() => {});
        refuse(reply, blocked, services.clock.nowMs(), done);
        return;
      }
      result.then(
        (principal) => {
          try {
            limited(request, reply, principal, done);
          } catch (error) {
            done(error as Error);
          }
        },
        (error: Error) => failed(request, reply, error, done),
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
