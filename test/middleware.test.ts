import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceCredentials } from '../src/auth/service-credentials.js';
import { systemClock } from '../src/lib/clock.js';
import { call, createKey, createTestApp, registerOwner, type Owner, type TestApp } from './helpers/test-app.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';
import { expressApp, fastifyApp, honoApp, until, type ProtectedApp } from './helpers/middleware-apps.js';
import type { WardenMiddlewareOptions } from '../sdk/src/middleware/warden-verifier.js';

/**
 * Issue 17: `requireScopes` for the company's own services (sdk/src/middleware), against a real
 * Warden over HTTP. Each framework answers the same: the principal on success, Warden's
 * problem+json and headers on 401/403/429, revocation reaching its cache, 503 when Warden is down.
 */

let t: TestApp;
let base: string;
let owner: Owner;
let serviceSecret: string;
let deadBase: string;
const verifyCalls = { count: 0 };
const CONTEXT = { actor: { type: 'system' as const, id: 'cli' }, ip: null, userAgent: 'test', method: null, path: null };

/** The real fetch, counting the calls of /v1/verify (how a test tells a cached answer from a fresh one). */
const countingFetch: typeof fetch = (input, init) => {
  if (String(input).endsWith('/v1/verify')) verifyCalls.count++;
  return fetch(input, init);
};

const options = (): WardenMiddlewareOptions => ({ baseUrl: base, serviceCredential: serviceSecret, fetch: countingFetch, timeoutMs: 2000 });

/** A port nothing listens on: Warden is down. */
async function deadPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  t = await createTestApp({
    env: { WARDEN_SCOPE_RESOURCES: 'deals', WARDEN_RATE_LIMITS: 'on', WARDEN_RATE_LIMIT_STANDARD: '100000', WARDEN_RATE_LIMIT_WRITE: '100000', WARDEN_RATE_LIMIT_AUTH: '100000', WARDEN_SSE_HEARTBEAT_SECONDS: '1' },
  });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as net.AddressInfo).port}`;
  owner = await registerOwner(t.app);
  serviceSecret = (await new ServiceCredentials({ db: t.db, clock: systemClock, keyPrefix: t.config.keyPrefix }).create('deals-api', CONTEXT)).secret;
  deadBase = `http://127.0.0.1:${await deadPort()}`;
});

afterAll(async () => {
  await t?.close();
});

const newKey = (body: Record<string, unknown>) => createKey(t.app, { bearer: owner.session }, { name: 'svc', environment: 'live', ...body });

describe.each([
  ['fastify', fastifyApp],
  ['express', expressApp],
  ['hono', honoApp],
] as const)('requireScopes in %s', (_name, build) => {
  let api: ProtectedApp;

  beforeAll(async () => {
    api = await build(options(), { baseUrl: deadBase, serviceCredential: serviceSecret, timeoutMs: 500 });
    expect(await api.verifier.ready(5000)).toBe(true);
  });
  afterAll(async () => {
    await api?.close();
  });

  it('lets a credential with the scope through, with its principal and rate-limit headers', async () => {
    const key = await newKey({ scopes: ['deals:read'] });
    const answer = await api.request('GET', '/deals', { 'x-api-key': key.key });
    expect(answer.status).toBe(200);
    expect(answer.body.principal).toMatchObject({ type: 'api_key', id: key.id, workspaceId: owner.workspaceId, environment: 'live', scopes: ['deals:read'], sessionId: null, grantId: null });
    expect(answer.headers['x-ratelimit-limit']).toMatch(/^\d+$/);
    expect(answer.headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
    const bearer = await api.request('GET', '/deals', { authorization: `Bearer ${key.key}` });
    expect(bearer.status).toBe(200);
    expect(bearer.body.principal.id).toBe(key.id);
    // A user session with X-Workspace-ID, verified across workspaces by the service credential.
    const session = await api.request('GET', '/deals', { authorization: `Bearer ${owner.session}`, 'x-workspace-id': owner.workspaceId });
    expect(session.status).toBe(200);
    expect(session.body.principal).toMatchObject({ type: 'user', id: owner.userId, workspaceId: owner.workspaceId });
  });

  it('answers 401 with problem+json and WWW-Authenticate for a missing, unknown or revoked credential', async () => {
    const missing = await api.request('GET', '/deals');
    expect(missing.status).toBe(401);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.body).toMatchObject({ status: 401, code: 'authentication_required', type: 'urn:warden:error:authentication_required' });
    expect(missing.headers['www-authenticate']).toBe('Bearer realm="warden"');

    const unknown = await api.request('GET', '/deals', { 'x-api-key': `${t.config.keyPrefix}_live_${'a'.repeat(40)}` });
    expect(unknown.status).toBe(401);
    expect(unknown.body.code).toBe('invalid_key');
    expect(unknown.headers['www-authenticate']).toContain('error="invalid_token"');

    const bad = await api.request('GET', '/deals', { authorization: 'Basic abc' });
    expect(bad.status).toBe(401);
    expect(bad.body.code).toBe('invalid_token');
  });

  it('answers 403 insufficient_scope with the missing scopes', async () => {
    const key = await newKey({ scopes: ['deals:read'] });
    const answer = await api.request('POST', '/deals', { 'x-api-key': key.key });
    expect(answer.status).toBe(403);
    expect(answer.body).toMatchObject({ code: 'insufficient_scope', missing_scopes: ['deals:write'] });
    expect(answer.headers['www-authenticate']).toMatch(/^Bearer realm="warden", error="insufficient_scope", .*scope="deals:write"$/);
  });

  it('answers 429 with Retry-After and X-RateLimit-* once the key\'s own limit is spent (cached hits included)', async () => {
    const key = await newKey({ scopes: ['deals:read'], rate_limit: 2 });
    const statuses: number[] = [];
    let limited;
    for (let i = 0; i < 8 && !limited; i++) {
      const answer = await api.request('GET', '/deals', { 'x-api-key': key.key });
      statuses.push(answer.status);
      if (answer.status === 429) limited = answer;
    }
    expect(limited, `statuses ${statuses.join(',')}`).toBeDefined();
    expect(limited!.body).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(limited!.headers['x-ratelimit-limit']).toBe('2');
    expect(limited!.headers['x-ratelimit-remaining']).toBe('0');
    // Two allowed by Warden, at most one more from the cache's local budget of Warden's "remaining".
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(3);
  });

  it('serves a repeat from its cache, and refuses a revoked key once Warden\'s invalidation arrives', async () => {
    const key = await newKey({ scopes: ['deals:read'] });
    expect((await api.request('GET', '/deals', { 'x-api-key': key.key })).status).toBe(200);
    const before = verifyCalls.count;
    expect((await api.request('GET', '/deals', { 'x-api-key': key.key })).status).toBe(200);
    expect(verifyCalls.count).toBe(before);
    expect((await call(t.app, 'DELETE', `/v1/keys/${key.id}`, { auth: { bearer: owner.session } })).statusCode).toBe(200);
    let last = 0;
    expect(await until(async () => (last = (await api.request('GET', '/deals', { 'x-api-key': key.key })).status) === 401, 2000)).toBe(true);
    const refused = await api.request('GET', '/deals', { 'x-api-key': key.key });
    expect(refused.body.code).toBe('key_revoked');
    expect(last).toBe(401);
  });

  it('fails closed: Warden down → 503 warden_unavailable, never let through', async () => {
    const key = await newKey({ scopes: ['deals:read'] });
    const answer = await api.request('GET', '/down', { 'x-api-key': key.key });
    expect(answer.status).toBe(503);
    expect(answer.headers['content-type']).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 503, code: 'warden_unavailable' });
    expect(answer.headers['retry-after']).toBe('1');
  });
});

describe('Fastify middleware: tokens, time-outs and the invalidation stream', () => {
  let api: Awaited<ReturnType<typeof fastifyApp>>;
  let proxy: TcpProxy;

  beforeAll(async () => {
    proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(base).port) });
    // The stream goes through the proxy (which the tests break); verification goes straight to Warden.
    const routed: typeof fetch = (input, init) => countingFetch(String(input).includes('/v1/invalidations/stream') ? proxy.urlFor(String(input)) : input, init);
    api = await fastifyApp({ ...options(), fetch: routed }, { baseUrl: proxy.urlFor(base), serviceCredential: serviceSecret, timeoutMs: 300, accessTokens: false });
    expect(await api.verifier.ready(5000)).toBe(true);
  });
  afterAll(async () => {
    await api?.close();
    await proxy?.close();
  });

  it('per-route config.wardenScopes through the plugin', async () => {
    const key = await newKey({ scopes: ['deals:read'] });
    expect((await api.request('GET', '/by-config', { 'x-api-key': key.key })).body.principal.id).toBe(key.id);
    expect((await api.request('GET', '/by-config')).status).toBe(401);
  });

  it('concurrent requests with one credential share one call to Warden', async () => {
    const key = await newKey({ scopes: ['deals:read'] });
    const before = verifyCalls.count;
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.request('GET', '/deals', { 'x-api-key': key.key })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    expect(verifyCalls.count - before).toBe(1);
  });

  it('checks access tokens against the JWKS (a forged one never reaches Warden) and drops them when their session ends', async () => {
    const login = (await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } })).json();
    const token: string = login.access_token;
    const first = await api.request('GET', '/deals', { authorization: `Bearer ${token}` });
    expect(first.status).toBe(200);
    expect(first.body.principal).toMatchObject({ type: 'user', id: owner.userId, workspaceId: owner.workspaceId });
    expect(first.body.principal.sessionId).toMatch(/^ses_/);

    const before = verifyCalls.count;
    const [header, payload] = token.split('.');
    const forged = await api.request('GET', '/deals', { authorization: `Bearer ${header}.${payload}.${'A'.repeat(86)}` });
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('invalid_token');
    expect((await api.request('GET', '/deals', { authorization: `Bearer ${token}` })).status).toBe(200);
    expect(verifyCalls.count).toBe(before);

    expect((await call(t.app, 'POST', '/auth/logout', { auth: { bearer: login.token } })).statusCode).toBeLessThan(300);
    expect(await until(async () => (await api.request('GET', '/deals', { authorization: `Bearer ${token}` })).status === 401, 2000)).toBe(true);
  });

  it('Warden not answering in time → 503 within the time-out', async () => {
    proxy.setMode('blackhole');
    try {
      const key = await newKey({ scopes: ['deals:read'] });
      const answer = await api.request('GET', '/down', { 'x-api-key': key.key });
      expect(answer.status).toBe(503);
      expect(answer.body.code).toBe('warden_unavailable');
    } finally {
      proxy.setMode('forward');
    }
  });

  it('a dropped stream empties the cache: a key revoked meanwhile is refused, not served stale', async () => {
    expect(await until(() => api.verifier.caching, 5000)).toBe(true);
    const key = await newKey({ scopes: ['deals:read'] });
    expect((await api.request('GET', '/deals', { 'x-api-key': key.key })).status).toBe(200);
    expect(api.verifier.cache.size).toBeGreaterThan(0);

    proxy.setMode('refuse');
    proxy.cutAll();
    expect(await until(() => !api.verifier.caching, 2000)).toBe(true);
    expect(api.verifier.cache.size).toBe(0);
    // Revoked while the middleware cannot hear of it.
    expect((await call(t.app, 'DELETE', `/v1/keys/${key.id}`, { auth: { bearer: owner.session } })).statusCode).toBe(200);
    const refused = await api.request('GET', '/deals', { 'x-api-key': key.key });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('key_revoked');

    proxy.setMode('forward');
    expect(await until(() => api.verifier.caching, 8000)).toBe(true);
  });

  it('a stream gone silent (no heartbeat) counts as dropped', async () => {
    expect(await until(() => api.verifier.caching, 8000)).toBe(true);
    const key = await newKey({ scopes: ['deals:read'] });
    expect((await api.request('GET', '/deals', { 'x-api-key': key.key })).status).toBe(200);
    proxy.setMode('blackhole');
    try {
      // Heartbeat 1 s: silence for 2.5 beats ends the stream.
      expect(await until(() => !api.verifier.caching, 6000)).toBe(true);
      expect(api.verifier.cache.size).toBe(0);
    } finally {
      proxy.setMode('forward');
      proxy.cutAll();
    }
    expect(await until(() => api.verifier.caching, 8000)).toBe(true);
  });
});
