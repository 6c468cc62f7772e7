import type { FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, type Principal, type RequestContext } from '../auth/principal.js';
import { WardenError } from '../errors/warden-error.js';
import { statusOf } from '../errors/codes.js';
import { refusalError, type AuthOutcome, type AuthRefusal, type Authenticator } from '../auth/authenticator.js';
import type { ScopePolicy } from '../auth/scopes.js';
import type { Clock } from '../lib/clock.js';
import { rateLimitHeaders, type EndpointClass, type Limiter, type RateDecision } from '../ratelimit/limiter.js';
import type { LimitCheck } from '../ratelimit/engine.js';
import { cookieAuthorization, CSRF_HEADER } from './cookie-session.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** What the auth hook needs: who the caller is, how much it may do, and the time. */
export interface AuthKit {
  authenticator: Pick<Authenticator, 'check'>;
  limiter: Limiter;
  clock: Clock;
  scopePolicy: ScopePolicy;
}

/** What the rate-limit-only hooks need. */
export type LimitKit = Pick<AuthKit, 'limiter' | 'clock'>;

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

/** A Fastify onRequest hook in its plain, async form. */
export type AsyncHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * requireAuth's hook: a Fastify callback hook (`done` given: it answers through `done`, at once
 * when the credential and the limit are decided from memory) and, called without `done`, a plain
 * async hook (the gateway awaits it).
 */
export interface AuthHook extends AsyncHook {
  (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void;
}

/**
 * onRequest hook after requireAuth: counts the request against the caller's own bucket of a policy
 * of its own (e.g. `/v1/verify`'s `verify`), not against its class or workspace budget.
 */
export function limitCaller(kit: LimitKit, checksOf: (principal: Principal) => LimitCheck[]): AsyncHook {
  return async function limitCallerHook(request, reply) {
    if (!kit.limiter.enabled) return;
    applyRateDecision(reply, await kit.limiter.consume(checksOf(principalOf(request))), kit.clock.nowMs());
  };
}

/** onRequest hook for public auth endpoints: limited per client IP (`auth` class). */
export function limitByIp(kit: LimitKit): AsyncHook {
  return async function limitIp(request, reply) {
    if (!kit.limiter.enabled) return;
    applyRateDecision(reply, await kit.limiter.consume(kit.limiter.checksForIp(request.ip ?? 'unknown')), kit.clock.nowMs());
  };
}

/** A credential was sent and refused as unknown, revoked, expired or malformed (401) — a guess, or a leftover. */
function countsAsFailure(refusal: AuthRefusal): boolean {
  return statusOf(refusal.code) === 401 && refusal.code !== 'authentication_required';
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * onRequest hook: authenticates before the body is even read, so an anonymous caller never gets
 * to see validation messages. The authenticator answers an outcome; this edge turns a refusal into
 * its problem response, checks the route's requirement, then counts the request against its limits.
 * A credential known from memory under a limit decided in memory (the memory engine) completes
 * synchronously — no promise, no microtask before the handler runs; anything else (a lookup, a
 * refusal, Redis) goes the async way. Same steps, same order, same answers either way.
 */
export function requireAuth(kit: AuthKit, requirement: AuthRequirement = {}): AuthHook {
  const scopes = requirement.scopes ?? [];
  const limiter = kit.limiter;
  const fixedClass = requirement.rateClass;
  const nowMs = (): number => kit.clock.nowMs();

  const authorize = (principal: Principal): void => {
    if (requirement.sessionOnly && principal.type !== 'user') {
      throw new WardenError('session_required', 'This deployment allows key management only from a user session');
    }
    if (scopes.length > 0) {
      const missing = principal.scopes.missing(scopes, kit.scopePolicy);
      if (missing.length > 0) {
        throw new WardenError('insufficient_scope', `This credential lacks the scope ${missing.join(', ')}`, {
          extra: { missing_scopes: missing },
          bearerError: 'insufficient_scope',
        });
      }
    }
  };

  /**
   * Authorised: now count the request against its credential's and workspace's limits. Answers
   * undefined when that is decided (memory engine, or no limit), else the Promise of the decision.
   */
  const admit = (request: FastifyRequest, reply: FastifyReply, principal: Principal): Promise<void> | undefined => {
    authorize(principal);
    request.principal = principal;
    const endpointClass = fixedClass === 'none' || fixedClass === undefined
      ? (request.method === 'GET' || request.method === 'HEAD' ? 'standard' : 'write')
      : fixedClass;
    request.endpointClass = endpointClass;
    if (!limiter.enabled || fixedClass === 'none') return undefined;
    const own = limiter.checksFor(principal, endpointClass);
    const checks = limiter.limitsPerIp ? limiter.withClientIp(own, request.ip ?? 'unknown') : own;
    const now = nowMs();
    const decided = limiter.consumeNow(checks, now);
    if (decided) {
      applyRateDecision(reply, decided, now);
      return undefined;
    }
    return limiter.consume(checks).then((decision) => applyRateDecision(reply, decision, nowMs()));
  };

  /**
   * A refused credential costs its client IP one unit of the failure budget; once it is spent the
   * answer is 429, and until Retry-After only a credential known good from memory passes from there.
   */
  const refuse = async (request: FastifyRequest, reply: FastifyReply, refusal: AuthRefusal): Promise<never> => {
    const error = refusalError(refusal);
    if (!limiter.enabled || !countsAsFailure(refusal)) throw error;
    let decision: RateDecision;
    try {
      decision = await limiter.recordFailure(request.ip ?? 'unknown');
    } catch {
      throw error; // the budget's store failed: answer the refusal as before
    }
    if (!decision.allowed) applyRateDecision(reply, decision, nowMs()); // throws 429 rate_limited
    throw error;
  };

  const answer = async (request: FastifyRequest, reply: FastifyReply, outcome: Promise<AuthOutcome> | AuthOutcome): Promise<void> => {
    const answered = await outcome;
    if (!answered.ok) await refuse(request, reply, answered.refusal);
    else await admit(request, reply, answered.principal);
  };

  /** Answers through `done` (once): synchronously when everything is decided from memory. */
  const run = (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void => {
    let pending: Promise<void> | undefined;
    try {
      reply.header('cache-control', 'no-store');
      let authorization = header(request, 'authorization');
      const apiKey = header(request, 'x-api-key');
      // The dashboard's session cookie, only when no credential header is sent (scripts are unaffected).
      if (authorization === undefined && apiKey === undefined && request.headers.cookie !== undefined) {
        authorization = cookieAuthorization(request.method, request.headers.cookie, header(request, CSRF_HEADER));
        // Routes that read the credential again (a stream ticket records what issued it) see the same one.
        if (authorization !== undefined) request.headers.authorization = authorization;
      }
      const outcome = kit.authenticator.check({
        authorization,
        apiKey,
        workspaceId: header(request, 'x-workspace-id'),
        // request.ip walks X-Forwarded-For through the trusted proxies: only done when a key needs it.
        ip: () => request.ip ?? null,
        workspaceOptional: requirement.workspaceOptional,
      });
      // An address over its failure budget: only a credential already known good — answered from
      // memory, so not a Promise — goes through; anything else is 429 until Retry-After.
      const blocked = limiter.hasFailureBlocks && limiter.enabled ? limiter.failureBlock(request.ip ?? 'unknown') : null;
      if (blocked && (outcome instanceof Promise || !outcome.ok)) {
        // A lookup already started fills the cache: a good credential passes at the retry.
        if (outcome instanceof Promise) outcome.catch(() => {});
        applyRateDecision(reply, blocked, nowMs());
      }
      pending = !(outcome instanceof Promise) && outcome.ok ? admit(request, reply, outcome.principal) : answer(request, reply, outcome);
    } catch (error) {
      done(error as Error);
      return;
    }
    if (pending === undefined) done();
    else pending.then(() => done(), done);
  };

  return function authenticate(request: FastifyRequest, reply: FastifyReply, done?: (error?: Error) => void): Promise<void> | undefined {
    if (done) {
      run(request, reply, done);
      return undefined;
    }
    return new Promise<void>((resolve, reject) => run(request, reply, (error) => (error ? reject(error) : resolve())));
  } as AuthHook;
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
