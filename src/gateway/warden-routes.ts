import { patternOverlapsRoute, type RoutePattern } from './route-pattern.js';

/**
 * Warden's own routes, `METHODS /path` in Fastify's syntax (`:name` one segment, a final `*` the
 * rest; `ANY` every method; Warden answers HEAD wherever it answers GET). A gateway route that one
 * request could match together with one of these would shadow it: a start-up error. Listed here,
 * not read from the running app, so `warden gateway check` knows them without starting Warden;
 * test/gateway-config.test.ts checks every route Warden registers is covered.
 */
export const WARDEN_ROUTES: readonly string[] = [
  'POST /auth/register', 'POST /auth/login', 'POST /auth/refresh', 'POST /auth/logout',
  'POST /auth/password/change', 'POST /auth/password/forgot', 'POST /auth/password/reset',
  'GET /auth/2fa', 'POST /auth/2fa/setup', 'POST /auth/2fa/enable', 'POST /auth/2fa/disable',
  'POST /auth/agent/challenge', 'POST /auth/agent/token',
  // The dashboard's cookie session (sign in, sign out).
  'POST,DELETE /auth/session',
  // The OAuth endpoints answer every method (405-style errors in RFC 6749 form).
  'ANY /oauth/token', 'ANY /oauth/introspect', 'ANY /oauth/revoke',
  'GET /.well-known/jwks.json', 'GET /.well-known/oauth-authorization-server',
  'GET /v1/me',
  'GET /v1/sessions', 'DELETE /v1/sessions/:id',
  'GET,POST /v1/workspaces', 'GET /v1/workspaces/:id/members', 'PATCH,DELETE /v1/workspaces/:id/members/:userId',
  'GET,POST /v1/workspaces/:id/invitations', 'DELETE /v1/workspaces/:id/invitations/:invitationId', 'POST /v1/invitations/accept',
  'POST /v1/verify',
  'GET,POST /v1/oauth-clients', 'GET,PATCH,DELETE /v1/oauth-clients/:id', 'POST /v1/oauth-clients/:id/rotate-secret',
  'GET,POST /v1/agents', 'GET,PATCH,DELETE /v1/agents/:id',
  'GET,POST /v1/keys', 'GET,PATCH,DELETE /v1/keys/:id', 'POST /v1/keys/:id/rotate',
  'GET,POST /v1/api-keys', 'GET,PATCH,DELETE /v1/api-keys/:id', 'POST /v1/api-keys/:id/rotate',
  'GET,POST /v1/events', 'POST /v1/events/tickets', 'GET /v1/events/stream', 'GET /v1/events/verify', 'GET /v1/events/head',
  'GET /v1/usage',
  'GET /v1/invalidations/stream',
  'GET /healthz', 'GET /readyz', 'GET /metrics', 'GET /openapi.json',
  'GET /docs', 'GET /docs/*',
  'ANY /dashboard', 'ANY /dashboard/*',
  // The gateway's decision endpoint (nginx auth_request, Envoy ext_authz).
  'ANY /v1/decisions', 'ANY /v1/decisions/*',
];

interface WardenRoute {
  /** Upper-case; null for ANY. GET includes HEAD. */
  methods: ReadonlySet<string> | null;
  path: string;
}

function parseWardenRoute(entry: string): WardenRoute {
  const [methodText, path] = entry.split(' ') as [string, string];
  if (methodText === 'ANY') return { methods: null, path };
  const methods = new Set(methodText.split(','));
  if (methods.has('GET')) methods.add('HEAD');
  return { methods, path };
}

const PARSED: readonly WardenRoute[] = WARDEN_ROUTES.map(parseWardenRoute);
const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** The first of Warden's own routes the gateway pattern would shadow (`GET /v1/keys`), or null. */
export function shadowedWardenRoute(pattern: RoutePattern): string | null {
  for (const route of PARSED) {
    for (const method of route.methods ?? ALL_METHODS) {
      if (patternOverlapsRoute(pattern, method, route.path)) return `${method} ${route.path}`;
    }
  }
  return null;
}

/** Does Warden serve `method` at this route path (Fastify syntax, as registered)? For the coverage test. */
export function wardenRouteCovers(method: string, path: string): boolean {
  const normal = (p: string): string => p.replace(/:[^/]+/g, ':');
  return PARSED.some((route) => (route.methods === null || route.methods.has(method)) &&
    (normal(route.path) === normal(path) || (route.path.endsWith('/*') && normal(path).startsWith(normal(route.path.slice(0, -1))))));
}
