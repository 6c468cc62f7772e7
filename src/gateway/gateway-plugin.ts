import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthKit } from '../http/auth-hook.js';
import type { Clock } from '../lib/clock.js';
import { WardenError } from '../errors/warden-error.js';
import type { GatewayTable } from './route-table.js';
import { gatewayAuthorizer, type AuthorizeTarget, type PerMinuteByClass } from './gateway-auth.js';
import { IdentityStatements } from './identity.js';
import { DecisionCallers, type AuthenticateService } from './decision-callers.js';
import { clientResponseHeaders, forwardRequest, upstreamRequestHeaders, UpstreamPools } from './forward.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
/** The decision endpoint (nginx `auth_request`, Envoy `ext_authz`): the original path follows it. */
export const DECISIONS_PREFIX = '/v1/decisions';

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query < 0 ? url : url.slice(0, query);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * What a decision request asks about: nginx sends the original method and URI in headers
 * (`X-Original-Method`, `X-Original-URI`; Traefik's `X-Forwarded-Method` / `-Uri` too), Envoy
 * sends the original method with the original path after the prefix.
 */
function decisionTarget(request: FastifyRequest): AuthorizeTarget {
  const method = (header(request, 'x-original-method') ?? header(request, 'x-forwarded-method') ?? request.method).toUpperCase();
  const uri = header(request, 'x-original-uri') ?? header(request, 'x-forwarded-uri');
  return { method, path: pathOf(uri ?? (pathOf(request.url).slice(DECISIONS_PREFIX.length) || '/')) };
}

/**
 * The gateway: every path Warden does not serve itself. Matched against the routes file (first
 * match wins), authenticated, authorised and limited by the same hook as Warden's own routes,
 * then streamed to the upstream of the credential's environment. Beside it, the decision
 * endpoint answers the same question for a proxy that forwards by itself.
 */
export interface GatewayRoutesOptions {
  authKit: AuthKit;
  table: GatewayTable;
  /** `auth: none` routes: requests per minute per client IP of each class. */
  perIpPerMinute: PerMinuteByClass;
  /** Signs the X-Warden-Identity statement with Warden's keys (AccessTokens.signStatement). */
  signStatement: (typ: string, claims: Record<string, unknown>) => Promise<string>;
  clock: Clock;
  /** WARDEN_DECISIONS_REQUIRE_SERVICE_CREDENTIAL=on: how the decision endpoint checks its caller's service credential. */
  decisionCallersAuthenticate?: AuthenticateService | undefined;
}

export async function gatewayRoutes(app: FastifyInstance, options: GatewayRoutesOptions): Promise<void> {
  const { table } = options;
  const authorize = gatewayAuthorizer(options.authKit, table, options.perIpPerMinute);
  const identities = new IdentityStatements(options.signStatement, options.clock);
  const pools = new UpstreamPools(table.timeoutMs);
  const decisionCallers = options.decisionCallersAuthenticate ? new DecisionCallers(options.decisionCallersAuthenticate, options.clock) : null;
  app.addHook('onClose', () => pools.close());

  /** Identity headers for the upstream of the caller's environment (403 environment_forbidden when there is none). */
  const identityFor = async (request: FastifyRequest, requestId: string): Promise<{ upstream: URL; identity: Record<string, string> }> => {
    const principal = request.principal;
    const environment = principal?.environment ?? 'live';
    const upstream = principal ? table.upstreams[environment] : table.upstreams.live ?? table.upstreams.test;
    if (!upstream) throw new WardenError('environment_forbidden', `This gateway has no upstream for ${environment} credentials`);
    const identity = principal
      ? await identities.headers({ principal, environment, audience: upstream.origin, requestId })
      : { 'x-warden-request-id': requestId };
    return { upstream, identity };
  };

  // Bodies are streamed to the upstream as they arrive: no parser reads them here.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, _payload, done) => done(null));
  app.route({
    method: METHODS,
    url: '/*',
    exposeHeadRoute: false,
    // The company's own API, described by its own documents, not Warden's.
    schema: { hide: true },
    onRequest: (request, reply) => authorize(request, reply, { method: request.method, path: pathOf(request.url) }),
    handler: async (request, reply) => {
      const { upstream, identity } = await identityFor(request, request.id);
      await forwardRequest({
        request, clientResponse: reply.raw, pool: pools.of(upstream), upstream, timeoutMs: table.timeoutMs,
        headers: upstreamRequestHeaders(request, upstream, identity),
        onAnswer: (statusCode, upstreamHeaders) => {
          // From here on the answer is written straight to the client's socket (no stream in between);
          // the onResponse hooks (request audit) still run when it finishes.
          reply.hijack();
          // Warden's headers (rate limits, HSTS, the auth step's `Cache-Control: no-store`), then the
          // upstream's: its `Cache-Control` wins — a response to an X-API-Key request is not protected
          // from shared caches as one to Authorization is.
          const headers = reply.getHeaders() as Record<string, string | string[]>;
          Object.assign(headers, clientResponseHeaders(upstreamHeaders));
          // The client's X-Request-Id is the upstream's X-Warden-Request-Id, whatever the upstream answered.
          headers['x-request-id'] = request.id;
          reply.raw.writeHead(statusCode, headers);
          return reply.raw;
        },
      });
    },
  });
  // 200 with the identity headers (and the rate-limit headers) and no body, or Warden's 401/403/404/429.
  for (const url of [DECISIONS_PREFIX, `${DECISIONS_PREFIX}/*`]) {
    app.route({
      method: METHODS,
      url,
      exposeHeadRoute: false,
      schema: url === DECISIONS_PREFIX
        ? {
          tags: ['Verification'],
          summary: 'Gateway decision for nginx auth_request / Envoy ext_authz',
          description: 'Any method. The original request: `X-Original-Method` + `X-Original-URI` (or `X-Forwarded-Method` + `X-Forwarded-Uri`), or the original method on `/v1/decisions/{original path}`. 200 with no body and the `X-Warden-*` identity and rate-limit headers, or 401 / 403 / 404 `route_not_found` / 429, decided by the gateway routes file.',
        }
        : { hide: true },
      onRequest: decisionCallers
        ? async (request, reply) => {
          await decisionCallers.admit(request);
          return authorize(request, reply, decisionTarget(request));
        }
        : (request, reply) => authorize(request, reply, decisionTarget(request)),
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const { identity } = await identityFor(request, request.id);
        return reply.code(200).headers(identity).send();
      },
    });
  }
}
