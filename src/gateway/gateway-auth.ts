import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Services } from '../server/services.js';
import { applyRateDecision, requireAuth } from '../server/auth-hook.js';
import { WardenError } from '../errors/warden-error.js';
import type { LimitCheck } from '../ratelimit/engine.js';
import { findRoute, rateClassOf, type GatewayRoute, type GatewayTable, type RateClass } from './route-table.js';
import { WARDEN_PATH_PREFIXES } from './routes-file.js';
import { isNormalPath } from './route-pattern.js';

/** The request being decided: the gateway's own, or the original one a proxy asks about. */
export interface AuthorizeTarget {
  method: string;
  path: string;
}

export type GatewayAuthorize = (
  instance: FastifyInstance, request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void, target: AuthorizeTarget,
) => void;

const MINUTE_MS = 60_000;

function isWardenPath(path: string): boolean {
  return WARDEN_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * The gateway's onRequest step: match the target against the routes file, then authenticate,
 * authorise and limit through requireAuth — the hook Warden's own routes use — with the route's
 * scopes and class; `auth: none` routes count per client IP instead.
 */
export function gatewayAuthorizer(services: Services, table: GatewayTable): GatewayAuthorize {
  const perMinute: Record<RateClass, number> = {
    standard: services.config.rateLimitStandard,
    write: services.config.rateLimitWrite,
    upload: services.config.rateLimitUpload,
  };
  // One auth hook per route and class, built once.
  const hooks = new Map<GatewayRoute, Partial<Record<RateClass, onRequestHookHandler>>>();
  const authHookOf = (route: GatewayRoute, rateClass: RateClass): onRequestHookHandler => {
    let byClass = hooks.get(route);
    if (!byClass) hooks.set(route, (byClass = {}));
    return (byClass[rateClass] ??= requireAuth(services, { scopes: route.scopes, rateClass }));
  };

  const limitAnonymous = (request: FastifyRequest, reply: FastifyReply, rateClass: RateClass): void | Promise<void> => {
    const { limiter } = services;
    request.endpointClass = rateClass;
    if (!limiter.enabled) return;
    const checks: LimitCheck[] = [{ key: `ip:${request.ip ?? 'unknown'}:gw-${rateClass}`, limit: perMinute[rateClass], periodMs: MINUTE_MS, policy: rateClass }];
    const decision = limiter.consume(checks);
    if (decision instanceof Promise) return decision.then((d) => applyRateDecision(reply, d, services.clock.nowMs()));
    applyRateDecision(reply, decision, services.clock.nowMs());
  };

  return function authorize(instance, request, reply, done, { method, path }) {
    if (isWardenPath(path)) return done(new WardenError('not_found', `No route ${method} ${path}`));
    if (!isNormalPath(path)) return done(new WardenError('validation_failed', 'The path must be in normal form: no empty, `.` or `..` segments, no encoded `/` or `\\`'));
    const route = findRoute(table, method, path);
    if (!route) return done(new WardenError('route_not_found', `No gateway route matches ${method} ${path}`));
    const rateClass = rateClassOf(route, method);
    if (route.auth === 'none') {
      let result: void | Promise<void>;
      try {
        result = limitAnonymous(request, reply, rateClass);
      } catch (error) {
        return done(error as Error);
      }
      if (result instanceof Promise) result.then(() => done(), (error: Error) => done(error));
      else done();
      return;
    }
    authHookOf(route, rateClass).call(instance, request, reply, done);
  };
}
