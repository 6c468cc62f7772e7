import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { call, createKey, createTestApp, registerOwner, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';

const START_MS = Date.UTC(2034, 6, 1, 12, 0, 0);

describe('rate limits (GCRA per credential + endpoint class, per workspace, per IP on auth endpoints)', () => {
  let t: TestApp;
  let clock: ManualClock;
  let owner: Owner;
  const me = (key: string) => call(t.app, 'GET', '/v1/me', { auth: { apiKey: key } });

  beforeAll(async () => {
    clock = new ManualClock(START_MS);
    t = await createTestApp({
      clock,
      env: {
        WARDEN_RATE_LIMITS: 'on', WARDEN_RATE_LIMIT_STANDARD: '5', WARDEN_RATE_LIMIT_WRITE: '2', WARDEN_RATE_LIMIT_AUTH: '4',
        WARDEN_RATE_LIMIT_WORKSPACE: '1000', TRUSTED_PROXIES: '10.0.0.1',
      },
    });
    owner = await registerOwner(t.app, undefined, { remoteAddress: '198.51.100.1' });
  });
  afterAll(() => t.close());
  // Every test starts with full buckets (the owner's session writes count too).
  beforeEach(() => clock.advanceSeconds(60));

  it('counts a credential down on standard routes with X-RateLimit-* and RateLimit headers, then 429 with Retry-After', async () => {
    const key = (await createKey(t.app, { bearer: owner.session }, { name: 'reader', scopes: [] })).key;
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await me(key));
    expect(answers.slice(0, 5).map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200]);
    expect(answers.slice(0, 5).map((r) => r.headers['x-ratelimit-remaining'])).toEqual(['4', '3', '2', '1', '0']);
    const first = answers[0]!.headers;
    expect(first['x-ratelimit-limit']).toBe('5');
    expect(first['x-ratelimit-reset']).toBe(String(clock.nowMs() / 1000 + 12));
    expect(first['ratelimit-policy']).toBe('"standard";q=5;w=60');
    expect(first.ratelimit).toBe('"standard";r=4;t=12');
    const refused = expectProblem(answers[5]!, 429, 'rate_limited');
    expect(refused.policy).toBe('standard');
    expect(answers[5]!.headers['retry-after']).toBe('12');
    expect(answers[5]!.headers['x-ratelimit-remaining']).toBe('0');
    // One request's worth comes back every 60 s / 5 = 12 s.
    clock.advanceSeconds(11);
    expect((await me(key)).statusCode).toBe(429);
    clock.advanceSeconds(1);
    expect((await me(key)).statusCode).toBe(200);
    expect((await me(key)).statusCode).toBe(429);
  });

  it('a key\'s own rate_limit replaces the class default; writes have their own bucket', async () => {
    const key = (await createKey(t.app, { bearer: owner.session }, { name: 'own limit', scopes: ['api-keys:*'], rate_limit: 2 })).key;
    expect((await me(key)).headers['x-ratelimit-limit']).toBe('2');
    expect((await me(key)).statusCode).toBe(200);
    expect((await me(key)).statusCode).toBe(429);

    const writer = (await createKey(t.app, { bearer: owner.session }, { name: 'writer', scopes: ['api-keys:*'] })).key;
    const create = () => call(t.app, 'POST', '/v1/keys', { auth: { apiKey: writer }, body: { name: 'x', scopes: [] } });
    expect((await create()).statusCode).toBe(201);
    const second = await create();
    expect(second.statusCode).toBe(201);
    expect(second.headers['ratelimit-policy']).toBe('"write";q=2;w=60');
    expectProblem(await create(), 429, 'rate_limited');
    // Reads are a separate budget.
    expect((await me(writer)).statusCode).toBe(200);
    // A refused write created nothing.
    const [row] = await t.db.query<{ n: number }>("select count(*)::int as n from api_keys where name = 'x' and created_by_type = 'api_key'");
    expect(row!.n).toBe(2);
  });

  it('a token exchanged for a key is the key acting: same bucket, same own rate_limit', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'exchanged', scopes: [], rate_limit: 2 });
    const token = (await call(t.app, 'POST', '/auth/login', { body: { api_key: key.key }, remoteAddress: '198.51.100.9' })).json().access_token as string;
    const viaToken = await call(t.app, 'GET', '/v1/me', { auth: { bearer: token } });
    expect(viaToken.statusCode).toBe(200);
    expect(viaToken.headers['x-ratelimit-limit']).toBe('2');
    expect((await me(key.key)).statusCode).toBe(200);
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: token } }), 429, 'rate_limited');
  });

  it('limits public auth endpoints per client IP — X-Forwarded-For only through a trusted proxy', async () => {
    const login = (remoteAddress: string, headers: Record<string, string> = {}) =>
      call(t.app, 'POST', '/auth/login', { body: { email: 'nobody@example.com', password: 'wrong password here' }, remoteAddress, headers });
    for (let i = 0; i < 4; i++) expect((await login('203.0.113.7')).statusCode).toBe(401);
    const refused = expectProblem(await login('203.0.113.7'), 429, 'rate_limited');
    expect(refused.policy).toBe('auth');
    expect((await login('203.0.113.8')).statusCode).toBe(401);
    // Behind the trusted proxy each client has its own budget; an untrusted peer's header is ignored.
    for (let i = 0; i < 4; i++) expect((await login('10.0.0.1', { 'x-forwarded-for': '192.0.2.50' })).statusCode).toBe(401);
    expect((await login('10.0.0.1', { 'x-forwarded-for': '192.0.2.50' })).statusCode).toBe(429);
    expect((await login('10.0.0.1', { 'x-forwarded-for': '192.0.2.51' })).statusCode).toBe(401);
    expect((await login('203.0.113.7', { 'x-forwarded-for': '192.0.2.99' })).statusCode).toBe(429);

    // The OAuth token endpoint answers in its own (RFC 6749) form.
    for (let i = 0; i < 4; i++) await t.app.inject({ method: 'POST', url: '/oauth/token', remoteAddress: '203.0.113.20', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials' });
    const oauth = await t.app.inject({ method: 'POST', url: '/oauth/token', remoteAddress: '203.0.113.20', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials' });
    expect(oauth.statusCode).toBe(429);
    expect(oauth.json()).toEqual({ error: 'rate_limited', error_description: expect.stringMatching(/auth: 4 requests per minute/) });
    expect(oauth.headers['retry-after']).toBe('15');
  });

  it('OAuth introspection counts against the calling client (standard class), not the login endpoints\' per-IP budget', async () => {
    const client = (await call(t.app, 'POST', '/v1/oauth-clients', { auth: { bearer: owner.session }, body: { name: 'rs', scopes: [] } })).json().data;
    const basic = `Basic ${Buffer.from(`${client.client_id}:${client.client_secret}`).toString('base64')}`;
    const form = { 'content-type': 'application/x-www-form-urlencoded', authorization: basic };
    const issued = await t.app.inject({ method: 'POST', url: '/oauth/token', remoteAddress: '203.0.113.40', headers: form, payload: 'grant_type=client_credentials' });
    const token = issued.json().access_token as string;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await t.app.inject({ method: 'POST', url: '/oauth/introspect', remoteAddress: '203.0.113.40', headers: form, payload: `token=${token}` });
      statuses.push(response.statusCode);
      if (i === 0) expect(response.headers['ratelimit-policy']).toBe('"standard";q=5;w=60');
      if (i === 5) expect(response.json()).toEqual({ error: 'rate_limited', error_description: expect.stringMatching(/standard: 5 requests per minute/) });
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('/v1/verify counts the verified key (host API endpoint class), reports the state as data, and spends none of the caller\'s class budgets', async () => {
    const verifier = (await createKey(t.app, { bearer: owner.session }, { name: 'gateway', scopes: ['verify:read'] })).key;
    const customer = (await createKey(t.app, { bearer: owner.session }, { name: 'customer', scopes: [] })).key;
    const verify = (body: Record<string, unknown>) => call(t.app, 'POST', '/v1/verify', { auth: { apiKey: verifier }, body: { key: customer, ...body } });
    const first = (await verify({ endpoint_class: 'write' })).json().data;
    expect(first).toMatchObject({ valid: true, ratelimit: { policy: 'write', limit: 2, remaining: 1, reset: expect.any(Number) } });
    expect((await verify({ endpoint_class: 'write' })).json().data.valid).toBe(true);
    const third = await verify({ endpoint_class: 'write' });
    expect(third.statusCode).toBe(200);
    expect(third.json().data).toMatchObject({ valid: false, code: 'rate_limited', ratelimit: { remaining: 0, retry_after: 30 } });
    // Other classes are separate; `none` only checks.
    expect((await verify({})).json().data).toMatchObject({ valid: true, ratelimit: { policy: 'standard', remaining: 4 } });
    const unchecked = (await verify({ endpoint_class: 'none' })).json().data;
    expect(unchecked.valid).toBe(true);
    expect(unchecked).not.toHaveProperty('ratelimit');
    // The gateway made 5 calls and is not held to its standard limit of 5 (its own verify budget is 60000).
    for (let i = 0; i < 3; i++) expect((await verify({ endpoint_class: 'none' })).statusCode).toBe(200);
  });
});

describe('the workspace budget is shared by all its credentials; off means off', () => {
  let t: TestApp;
  let owner: Owner;
  beforeAll(async () => {
    t = await createTestApp({ clock: new ManualClock(START_MS), env: { WARDEN_RATE_LIMITS: 'on', WARDEN_RATE_LIMIT_STANDARD: '5', WARDEN_RATE_LIMIT_WORKSPACE: '7' } });
    owner = await registerOwner(t.app);
  });
  afterAll(() => t.close());

  it('two keys of one workspace share its 7 requests a minute; the strictest policy answers', async () => {
    const a = (await createKey(t.app, { bearer: owner.session }, { name: 'a', scopes: [] })).key;
    const b = (await createKey(t.app, { bearer: owner.session }, { name: 'b', scopes: [] })).key;
    // registerOwner + createKey already spent 2 of the workspace's budget (session requests).
    const codes = [];
    for (const key of [a, a, b, b, b, b]) codes.push((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: key } })).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { apiKey: a } }), 429, 'rate_limited');
    expect(refused.policy).toBe('workspace');
  });

  it('WARDEN_RATE_LIMITS=off sends no rate-limit headers and never 429', async () => {
    const off = await createTestApp({ env: { WARDEN_RATE_LIMITS: 'off', WARDEN_RATE_LIMIT_STANDARD: '1' } });
    try {
      const o = await registerOwner(off.app);
      const key = (await createKey(off.app, { bearer: o.session }, { name: 'k', scopes: [] })).key;
      for (let i = 0; i < 3; i++) {
        const response = await call(off.app, 'GET', '/v1/me', { auth: { apiKey: key } });
        expect(response.statusCode).toBe(200);
        expect(response.headers).not.toHaveProperty('x-ratelimit-limit');
      }
    } finally {
      await off.close();
    }
  });
});
