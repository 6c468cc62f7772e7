import type { FastifyReply, FastifyRequest } from 'fastify';
import { applyRateDecision, requireAuth, type AsyncHook, type AuthKit } from '../http/auth-hook.js';
import { WardenError } from '../errors/warden-error.js';
import type { LimitCheck } from '../ratelimit/engine.js';
import { findRoute, rateClassOf, type GatewayRoute, type GatewayTable, type RateClass } from './route-table.js';
import { isNormalPath } from './route-pattern.js';

/** The request being decided: the gateway's own, or the original one a proxy asks about. */
export interface AuthorizeTarget {
  method: string;
  path: string;
}

export type GatewayAuthorize = (request: FastifyRequest, reply: FastifyReply, target: AuthorizeTarget) => Promise<void>;

/** Requests per minute per client IP of each class, for `auth: none` routes (WARDEN_RATE_LIMIT_*). */
export type PerMinuteByClass = Record<RateClass, number>;

const MINUTE_MS = 60_000;

/**
 * The gateway's onRequest step: match the target against the routes file, then authenticate,
 * authorise and limit through requireAuth — the hook Warden's own routes use — with the route's
 * scopes and class; `auth: none` routes count per client IP instead.
 */
export function gatewayAuthorizer(authKit: AuthKit, table: GatewayTable, perMinute: PerMinuteByClass): GatewayAuthorize {
  // One auth hook per route and class, built once.
  const hooks = new Map<GatewayRoute, Partial<Record<RateClass, AsyncHook>>>();
  const authHookOf = (route: GatewayRoute, rateClass: RateClass): AsyncHook => {
    let byClass = hooks.get(route);
    if (!byClass) hooks.set(route, (byClass = {}));
    return (byClass[rateClass] ??= requireAuth(authKit, { scopes: route.scopes, rateClass }));
  };

  const limitAnonymous = async (request: FastifyRequest, reply: FastifyReply, rateClass: RateClass): Promise<void> => {
    const { limiter } = authKit;
    request.endpointClass = rateClass;
    if (!limiter.enabled) return;
    const checks: LimitCheck[] = [{ key: `ip:${request.ip ?? 'unknown'}:gw-${rateClass}`, limit: perMinute[rateClass], periodMs: MINUTE_MS, policy: rateClass }];
    applyRateDecision(reply, await limiter.consume(checks), authKit.clock.nowMs());
  };

  return async function authorize(request, reply, { method, path }) {
    if (!isNormalPath(path)) throw new WardenError('validation_failed', 'The path must be in normal form: no empty, `.` or `..` segments, no encoded `/` or `\\`');
    const route = findRoute(table, method, path);
    if (!route) throw new WardenError('route_not_found', `No gateway route matches ${method} ${path}`);
    // Start-up refused every route that could match one of Warden's own (warden-routes.ts), so a
    // decision never speaks for Warden's routes, and Fastify gives those to Warden before the gateway.
    request.auditRoute = route.pattern.text;
    const rateClass = rateClassOf(route, method);
    if (route.auth === 'none') return limitAnonymous(request, reply, rateClass);
    return authHookOf(route, rateClass)(request, reply);
  };
}
