import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import type { Services } from '../server/services.js';
import { applyRateDecision, requireAuth } from '../server/auth-hook.js';
import { WardenError } from '../errors/warden-error.js';
import type { LimitCheck } from '../ratelimit/engine.js';
import { findRoute, rateClassOf, type GatewayRoute, type GatewayTable, type RateClass } from './route-table.js';
import { WARDEN_PATH_PREFIXES } from './routes-file.js';
import { isNormalPath } from './route-pattern.js';
import { identityHeaders } from './identity.js';
import { clientResponseHeaders, forwardRequest, upstreamRequestHeaders } from './forward.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The gateway route this request matched (set by the gateway's onRequest hook). */
    gatewayRoute?: GatewayRoute | null;
  }
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const MINUTE_MS = 60_000;

function isWardenPath(path: string): boolean {
  return WARDEN_PATH_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/**
 * The gateway: every path Warden does not serve itself. Matched against the routes file (first
 * match wins), authenticated, authorised and limited by the same hook as Warden's own routes,
 * then streamed to the upstream of the credential's environment.
 */
export function gatewayRoutes(services: Services, table: GatewayTable) {
  const perMinute: Record<RateClass, number> = {
    standard: services.config.rateLimitStandard,
    write: services.config.rateLimitWrite,
    upload: services.config.rateLimitUpload,
  };
  // One auth hook per route and class, built once: requireAuth prepares its checks up front.
  const hooks = new Map<GatewayRoute, Partial<Record<RateClass, onRequestHookHandler>>>();
  const authHookOf = (route: GatewayRoute, rateClass: RateClass): onRequestHookHandler => {
    let byClass = hooks.get(route);
    if (!byClass) hooks.set(route, (byClass = {}));
    return (byClass[rateClass] ??= requireAuth(services, { scopes: route.scopes, rateClass }));
  };

  /** `auth: none`: no credential, so the client IP has a bucket of the route's class. */
  const limitAnonymous = (request: FastifyRequest, reply: FastifyReply, rateClass: RateClass): void | Promise<void> => {
    const { limiter } = services;
    request.endpointClass = rateClass;
    if (!limiter.enabled) return;
    const checks: LimitCheck[] = [{ key: `ip:${request.ip ?? 'unknown'}:gw-${rateClass}`, limit: perMinute[rateClass], periodMs: MINUTE_MS, policy: rateClass }];
    const decision = limiter.consume(checks);
    if (decision instanceof Promise) return decision.then((d) => applyRateDecision(reply, d, services.clock.nowMs()));
    applyRateDecision(reply, decision, services.clock.nowMs());
  };

  const gatewayAuth: onRequestHookHandler = function gatewayAuth(this: FastifyInstance, request, reply, done) {
    const path = request.url.split('?')[0] ?? request.url;
    if (isWardenPath(path)) return done(new WardenError('not_found', `No route ${request.method} ${path}`));
    if (!isNormalPath(path)) return done(new WardenError('validation_failed', 'The path must be in normal form: no empty, `.` or `..` segments, no encoded `/` or `\\`'));
    const route = findRoute(table, request.method, path);
    request.gatewayRoute = route;
    if (!route) return done(new WardenError('route_not_found', `No gateway route matches ${request.method} ${path}`));
    const rateClass = rateClassOf(route, request.method);
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
    return authHookOf(route, rateClass).call(this, request, reply, done);
  };

  return async function gateway(app: FastifyInstance): Promise<void> {
    // Bodies are streamed to the upstream as they arrive: no parser reads them here.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null));
    app.route({
      method: METHODS,
      url: '/*',
      exposeHeadRoute: false,
      onRequest: gatewayAuth,
      handler: async (request, reply) => {
        const principal = request.principal;
        const environment = principal?.environment ?? 'live';
        const upstream = principal ? table.upstreams[environment] : table.upstreams.live ?? table.upstreams.test;
        if (!upstream) throw new WardenError('environment_forbidden', `This gateway has no upstream for ${environment} credentials`);
        const requestId = randomUUID();
        const identity = principal
          ? await identityHeaders({
            principal, environment, audience: upstream.origin, requestId,
            sign: (typ, claims) => services.accessTokens.signStatement(typ, claims), clock: services.clock,
          })
          : { 'x-warden-request-id': requestId };
        const response = await forwardRequest({
          request, clientResponse: reply.raw, upstream, timeoutMs: table.timeoutMs,
          headers: upstreamRequestHeaders(request, upstream, identity),
        });
        reply.removeHeader('cache-control');
        reply.code(response.statusCode ?? 502);
        reply.headers(clientResponseHeaders(response));
        return reply.send(response);
      },
    });
  };
}
