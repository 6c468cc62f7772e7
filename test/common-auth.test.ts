import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Auth, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem, mistype } from './helpers/assertions.js';

/**
 * The "common auth" suite: every protected route answers the same way to a missing, garbled,
 * revoked, expired, under-scoped or wrong-workspace credential.
 */

/** One character of the random part changed: the CRC32 checksum no longer matches. */

interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** `{id}` is replaced by the id of a real key (default), OAuth client or agent. */
  path: string;
  target?: Target;
  body?: (ctx: { verifyKey: string }) => unknown;
  /** The scope the route needs; null for none. */
  scope: string | null;
  /** Status a fully privileged credential gets (past the gate: a 4xx here is the route's own answer to the control's input). */
  ok: number;
  /** The control uses a fresh user's session; an API key gets `forKeys` (default 403 session_required). */
  session?: true;
  /** What any API key gets past the gate on a `session` route (its own rule, e.g. naming the member). */
  forKeys?: { status: number; code: string };
  /** The answer is an endless text/event-stream: the control is test/event-stream.test.ts's. */
  stream?: true;
}

const keyRoutes = (prefix: string): RouteCase[] => [
  { method: 'POST', path: prefix, body: () => ({ name: 'gate check', scopes: [] }), scope: 'api-keys:write', ok: 201 },
  { method: 'GET', path: prefix, scope: 'api-keys:read', ok: 200 },
  { method: 'GET', path: `${prefix}/{id}`, scope: 'api-keys:read', ok: 200 },
  { method: 'PATCH', path: `${prefix}/{id}`, body: () => ({ name: 'renamed' }), scope: 'api-keys:write', ok: 200 },
  { method: 'DELETE', path: `${prefix}/{id}`, scope: 'api-keys:write', ok: 200 },
  { method: 'POST', path: `${prefix}/{id}/rotate`, body: () => ({}), scope: 'api-keys:write', ok: 200 },
];

type Target = 'key' | 'client' | 'agent';
const agentPublicKey = (): string => (generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }) as { x: string }).x;

const manageRoutes = (prefix: string, resource: string, target: Target, create: () => unknown, rotate: string | null): RouteCase[] => [
  { method: 'POST', path: prefix, body: create, scope: `${resource}:write`, ok: 201 },
  { method: 'GET', path: prefix, scope: `${resource}:read`, ok: 200 },
  { method: 'GET', path: `${prefix}/{id}`, target, scope: `${resource}:read`, ok: 200 },
  { method: 'PATCH', path: `${prefix}/{id}`, target, body: () => ({ name: 'renamed' }), scope: `${resource}:write`, ok: 200 },
  { method: 'DELETE', path: `${prefix}/{id}`, target, scope: `${resource}:write`, ok: target === 'client' ? 204 : 200 },
  ...(rotate ? [{ method: 'POST' as const, path: `${prefix}/{id}/${rotate}`, target, body: () => ({}), scope: `${resource}:write`, ok: 200 }] : []),
];

const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/v1/me', scope: null, ok: 200 },
  { method: 'POST', path: '/auth/logout', scope: null, ok: 204 },
  { method: 'POST', path: '/v1/verify', body: ({ verifyKey }) => ({ key: verifyKey }), scope: 'verify:read', ok: 200 },
  ...keyRoutes('/v1/keys'),
  ...keyRoutes('/v1/api-keys'),
  { method: 'GET', path: '/v1/events', scope: 'events:read', ok: 200 },
  { method: 'GET', path: '/v1/events/verify', scope: 'events:read', ok: 200 },
  { method: 'GET', path: '/v1/events/head', scope: 'events:read', ok: 200 },
  { method: 'GET', path: '/v1/usage', scope: 'usage:read', ok: 200 },
  { method: 'POST', path: '/v1/events', body: () => ({ type: 'deal.updated', data: { deal_id: 'd_1' } }), scope: 'events:write', ok: 201 },
  { method: 'POST', path: '/v1/events/tickets', scope: 'events:read', ok: 201 },
  { method: 'GET', path: '/v1/events/stream', scope: 'events:read', ok: 200, stream: true },
  // A key (with workspaces:write) manages members' sessions by naming them: ?user_id=, a session id.
  { method: 'GET', path: '/v1/sessions', scope: null, ok: 200, session: true, forKeys: { status: 400, code: 'validation_failed' } },
  { method: 'DELETE', path: '/v1/sessions/ses_doesnotexist', scope: null, ok: 404, session: true, forKeys: { status: 404, code: 'not_found' } },
  { method: 'POST', path: '/auth/password/change', body: () => ({ current_password: 'not the password', new_password: 'another long passphrase 42' }), scope: null, ok: 401, session: true },
  { method: 'GET', path: '/auth/2fa', scope: null, ok: 200, session: true },
  { method: 'POST', path: '/auth/2fa/setup', scope: null, ok: 200, session: true },
  { method: 'POST', path: '/auth/2fa/enable', body: () => ({ code: '000000' }), scope: null, ok: 409, session: true },
  { method: 'POST', path: '/auth/2fa/disable', body: () => ({ code: '000000' }), scope: null, ok: 409, session: true },
  { method: 'GET', path: '/v1/workspaces', scope: null, ok: 200 },
  { method: 'POST', path: '/v1/workspaces', body: () => ({ name: 'gate check' }), scope: null, ok: 201, session: true },
  { method: 'GET', path: '/v1/workspaces/{ws}/members', scope: 'workspaces:read', ok: 200 },
  { method: 'POST', path: '/v1/workspaces/{ws}/invitations', body: () => ({ email: 'gate-check@example.com', role: 'viewer' }), scope: 'workspaces:write', ok: 201 },
  { method: 'GET', path: '/v1/workspaces/{ws}/invitations', scope: 'workspaces:read', ok: 200 },
  { method: 'DELETE', path: '/v1/workspaces/{ws}/invitations/ivt_doesnotexist', scope: 'workspaces:write', ok: 404 },
  { method: 'POST', path: '/v1/invitations/accept', body: () => ({ token: 'inv_doesnotexist' }), scope: null, ok: 400, session: true },
  { method: 'PATCH', path: '/v1/workspaces/{ws}/members/usr_doesnotexist', body: () => ({ role: 'viewer' }), scope: 'workspaces:write', ok: 404 },
  { method: 'DELETE', path: '/v1/workspaces/{ws}/members/usr_doesnotexist', scope: 'workspaces:write', ok: 404 },
  ...manageRoutes('/v1/oauth-clients', 'oauth-clients', 'client', () => ({ name: 'gate check', scopes: [] }), 'rotate-secret'),
  ...manageRoutes('/v1/agents', 'agents', 'agent', () => ({ name: 'gate check', scopes: [], public_key: agentPublicKey() }), null),
];

describe(`common auth on every protected route (${STORE_KIND})`, () => {
  const clock = new ManualClock(Date.UTC(2030, 0, 15, 12, 0, 0));
  let t: TestApp;
  let owner: Owner;
  let other: Owner;
  const targets = {} as Record<Target, string>;
  const keys = {} as Record<'full' | 'revoked' | 'expired' | 'verifyOnly' | 'apiKeysReadOnly' | 'noScopes', string>;

  const send = (route: RouteCase, auth: Auth, options: { headers?: Record<string, string>; id?: string; workspaceId?: string } = {}) =>
    call(t.app, route.method, route.path.replace('{id}', options.id ?? targets[route.target ?? 'key']).replace('{ws}', options.workspaceId ?? owner.workspaceId), {
      auth,
      ...(route.body ? { body: route.body({ verifyKey: keys.full }) } : {}),
      ...(options.headers ? { headers: options.headers } : {}),
    });

  beforeAll(async () => {
    t = await createTestApp({ clock });
    owner = await registerOwner(t.app);
    other = await registerOwner(t.app);
    const session = { bearer: owner.session };
    for (const target of ['key', 'client', 'agent'] as const) targets[target] = await createTarget(target);
    keys.full = (await createKey(t.app, session, { name: 'full', scopes: ['*:*'] })).key;
    keys.verifyOnly = (await createKey(t.app, session, { name: 'verify only', scopes: ['verify:read'] })).key;
    keys.apiKeysReadOnly = (await createKey(t.app, session, { name: 'api-keys read', scopes: ['api-keys:read'] })).key;
    keys.noScopes = (await createKey(t.app, session, { name: 'no scopes', scopes: [] })).key;

    // Revoked: used once (so it is cached), then revoked; revocation must reach the cache.
    const revoked = await createKey(t.app, session, { name: 'revoked', scopes: ['*:*'] });
    expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: revoked.key } })).statusCode).toBe(200);
    expect((await call(t.app, 'DELETE', `/v1/keys/${revoked.id}`, { auth: session })).statusCode).toBe(200);
    keys.revoked = revoked.key;

    // Expired: valid for 10 s of the manual clock, then the clock moves 11 s.
    const expiring = await createKey(t.app, session, {
      name: 'expiring',
      scopes: ['*:*'],
      expires_at: new Date(clock.nowMs() + 10_000).toISOString(),
    });
    expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: expiring.key } })).statusCode).toBe(200);
    clock.advanceSeconds(11);
    keys.expired = expiring.key;
  });
  afterAll(async () => t?.close());

  async function createTarget(target: Target): Promise<string> {
    const session = { bearer: owner.session };
    if (target === 'key') return (await createKey(t.app, session, { name: 'target', scopes: ['api-keys:read'] })).id;
    if (target === 'client') {
      return (await call(t.app, 'POST', '/v1/oauth-clients', { auth: session, body: { name: 'target', scopes: [] } })).json().data.client_id;
    }
    return (await call(t.app, 'POST', '/v1/agents', { auth: session, body: { name: 'target', scopes: [], public_key: agentPublicKey() } })).json().data.id;
  }

  it('covers every route the OpenAPI document marks as protected (a new protected route must join ROUTES)', () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, { security?: unknown[] }>> };
    const sameRoute = (template: string, path: string): boolean => {
      const a = template.split('/');
      const b = path.split('/');
      return a.length === b.length && a.every((segment, i) => segment === b[i] || /^\{.+\}$/.test(segment));
    };
    const protectedRoutes = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations).filter(([, operation]) => (operation.security?.length ?? 0) > 0).map(([method]) => ({ method: method.toUpperCase(), path })));
    expect(protectedRoutes.length).toBeGreaterThan(40);
    // Routes only a deployment-level service credential opens have their own gate, tested in their files.
    const serviceOnly = new Set(['GET /v1/invalidations/stream']); // test/invalidation-stream.test.ts
    const missing = protectedRoutes
      .filter((route) => !serviceOnly.has(`${route.method} ${route.path}`))
      .filter((route) => !ROUTES.some((c) => c.method === route.method && sameRoute(route.path, c.path)));
    expect(missing).toEqual([]);
  });

  describe.each(ROUTES.map((route) => ({ ...route, name: `${route.method} ${route.path}` })))('$name', (route) => {
    it.skipIf(route.stream)('control: a privileged credential naming its own workspace passes the gate', async () => {
      let auth: Auth;
      let id: string | undefined;
      if (route.session) {
        // A user of its own, so what the control does (2FA, a new workspace) touches no other test.
        const fresh = await registerOwner(t.app);
        const response = await send(route, { bearer: fresh.session }, { headers: { 'x-workspace-id': fresh.workspaceId }, workspaceId: fresh.workspaceId });
        expect(response.statusCode, response.body).toBe(route.ok);
        return;
      }
      if (route.path === '/auth/logout') {
        // A fresh session, so logging it out does not end the one the other tests use.
        const login = await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } });
        auth = { bearer: login.json().token };
      } else {
        auth = { apiKey: keys.full };
        if (route.path.includes('{id}')) id = await createTarget(route.target ?? 'key');
      }
      const response = await send(route, auth, { headers: { 'x-workspace-id': owner.workspaceId }, ...(id ? { id } : {}) });
      expect(response.statusCode, response.body).toBe(route.ok);
    });

    it('(a) no credential → 401 authentication_required with a bare challenge', async () => {
      const response = await send(route, null);
      expectProblem(response, 401, 'authentication_required');
      expect(response.headers['www-authenticate']).toBe('Bearer realm="warden"');
    });

    it('(b) a garbage bearer → 401 invalid_token; a garbage X-API-Key → 401 invalid_key', async () => {
      const bearer = await send(route, { bearer: 'garbage' });
      expectProblem(bearer, 401, 'invalid_token');
      expect(bearer.headers['www-authenticate']).toMatch(/^Bearer realm="warden", /);
      expect(bearer.headers['www-authenticate']).toContain('error="invalid_token"');

      const apiKey = await send(route, { apiKey: 'nope' });
      expectProblem(apiKey, 401, 'invalid_key');
      expect(apiKey.headers['www-authenticate']).toContain('error="invalid_token"');
    });

    it('(c) a real key with one character changed → 401 invalid_key', async () => {
      const wrong = mistype(keys.full);
      expect(wrong).not.toBe(keys.full);
      expectProblem(await send(route, { apiKey: wrong }), 401, 'invalid_key');
      expectProblem(await send(route, { bearer: wrong }), 401, 'invalid_key');
    });

    it('(d) a revoked key → 401 key_revoked', async () => {
      const response = await send(route, { apiKey: keys.revoked });
      expectProblem(response, 401, 'key_revoked');
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    });

    it('(e) an expired key → 401 key_expired', async () => {
      const response = await send(route, { bearer: keys.expired });
      expectProblem(response, 401, 'key_expired');
      expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
    });

    if (route.session) {
      const forKeys = route.forKeys ?? { status: 403, code: 'session_required' };
      it(`(f) an API key, however wide → ${forKeys.status} ${forKeys.code}`, async () => {
        expectProblem(await send(route, { apiKey: keys.full }), forKeys.status, forKeys.code);
      });
    } else if (route.scope === null) {
      it('(f) needs no scope: a key with no scopes gets past the scope check', async () => {
        const response = await send(route, { apiKey: keys.noScopes });
        if (route.path === '/auth/logout') {
          // Logout needs no scope, but only a session can log out.
          expectProblem(response, 403, 'session_required');
        } else {
          expect(response.statusCode, response.body).toBe(200);
        }
      });
    } else {
      it(`(f) a key without ${route.scope} → 403 insufficient_scope`, async () => {
        const wrongKey = route.scope!.startsWith('api-keys:') ? keys.verifyOnly : keys.apiKeysReadOnly;
        const response = await send(route, { apiKey: wrongKey });
        const body = expectProblem(response, 403, 'insufficient_scope');
        expect(body.missing_scopes).toEqual([route.scope]);
        const challenge = response.headers['www-authenticate'];
        expect(challenge).toContain('error="insufficient_scope"');
        expect(challenge).toContain(`scope="${route.scope}"`);
      });
    }

    it('(g) X-Workspace-ID of another workspace → 403 workspace_forbidden, for a key and for a session', async () => {
      const viaKey = await send(route, { apiKey: keys.full }, { headers: { 'x-workspace-id': other.workspaceId } });
      expectProblem(viaKey, 403, 'workspace_forbidden');
      const viaSession = await send(route, { bearer: owner.session }, { headers: { 'x-workspace-id': other.workspaceId } });
      expectProblem(viaSession, 403, 'workspace_forbidden');
      // The session is still alive (a refused POST /auth/logout must not have ended it).
      expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: owner.session } })).statusCode).toBe(200);
    });

    it('(h) a malformed Authorization header → 401 invalid_token', async () => {
      const basic = await send(route, { headers: { authorization: 'Basic abc' } });
      expectProblem(basic, 401, 'invalid_token');
      expect(basic.headers['www-authenticate']).toContain('error="invalid_request"');
      const empty = await send(route, { headers: { authorization: 'Bearer' } });
      expectProblem(empty, 401, 'invalid_token');
    });
  });
});
