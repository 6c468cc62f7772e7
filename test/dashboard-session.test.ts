import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, registerOwner, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';
import { startUpstream, writeRoutesFile, type Upstream } from './helpers/upstream.js';

/** Set-Cookie values of a response, by cookie name. */
function cookiesOf(response: { headers: Record<string, unknown> }): Record<string, string> {
  const raw = response.headers['set-cookie'];
  const list = raw === undefined ? [] : Array.isArray(raw) ? raw as string[] : [raw as string];
  return Object.fromEntries(list.map((line) => [line.slice(0, line.indexOf('=')), line]));
}

function valueOf(setCookie: string): string {
  return setCookie.slice(setCookie.indexOf('=') + 1, setCookie.indexOf(';'));
}

async function signIn(t: TestApp, owner: Owner): Promise<{ session: string; csrf: string; cookie: string; body: any }> {
  const response = await call(t.app, 'POST', '/auth/session', { body: { email: owner.email, password: owner.password } });
  expect(response.statusCode).toBe(200);
  const cookies = cookiesOf(response);
  const session = valueOf(cookies.warden_session!);
  const csrf = valueOf(cookies.warden_csrf!);
  return { session, csrf, cookie: `warden_session=${session}; warden_csrf=${csrf}`, body: response.json() };
}

describe('dashboard browser sessions (cookie + CSRF)', () => {
  let t: TestApp;
  let owner: Owner;

  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerOwner(t.app);
  });
  afterAll(async () => t?.close());

  it('sign-in sets the session in an HttpOnly, SameSite=Strict cookie and never answers the token', async () => {
    const response = await call(t.app, 'POST', '/auth/session', { body: { email: owner.email, password: owner.password } });
    expect(response.statusCode).toBe(200);
    const cookies = cookiesOf(response);
    expect(cookies.warden_session).toMatch(/^warden_session=sess_[0-9A-Za-z]{32}; Path=\/; HttpOnly; SameSite=Strict$/);
    // The CSRF cookie is for the page's script: not HttpOnly.
    expect(cookies.warden_csrf).toMatch(/^warden_csrf=[\w-]{43}; Path=\/; SameSite=Strict$/);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(response.body).not.toContain('sess_');
    expect(body).toEqual({ user: expect.objectContaining({ email: owner.email }), workspaces: [expect.objectContaining({ id: owner.workspaceId, role: 'owner' })], csrf_token: valueOf(cookies.warden_csrf!), session_expires_in: expect.any(Number) });
  });

  it('a cross-site form cannot sign a browser in (login CSRF): only a JSON body is taken', async () => {
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const response = await t.app.inject({ method: 'POST', url: '/auth/session', headers: { 'content-type': type }, payload: `email=${owner.email}&password=${owner.password}` });
      expect(response.statusCode, type).toBe(415);
      expect(response.headers['set-cookie']).toBeUndefined();
    }
  });

  it('a wrong password sets no cookie', async () => {
    const response = await call(t.app, 'POST', '/auth/session', { body: { email: owner.email, password: 'wrong password here' } });
    expectProblem(response as any, 401, 'invalid_credentials');
    expect(response.headers['set-cookie']).toBeUndefined();
  });

  it('the cookie is a session credential for reads, with no CSRF token needed', async () => {
    const { cookie } = await signIn(t, owner);
    const me = await call(t.app, 'GET', '/v1/me', { headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json().data).toMatchObject({ principal: { type: 'user', id: owner.userId }, workspace_id: owner.workspaceId, role: 'owner' });
  });

  it('a state-changing request by cookie without X-CSRF-Token is refused 403 csrf_failed, and nothing is written', async () => {
    const { cookie } = await signIn(t, owner);
    const refused = await call(t.app, 'POST', '/v1/keys', { headers: { cookie }, body: { name: 'csrf victim' } });
    const problem = expectProblem(refused as any, 403, 'csrf_failed');
    expect(problem.detail).toMatch(/X-CSRF-Token/);
    const list = await call(t.app, 'GET', '/v1/keys', { headers: { cookie } });
    expect(list.json().data.map((k: { name: string }) => k.name)).not.toContain('csrf victim');
  });

  it('refuses a mismatched token, a token without its cookie, and another session\'s token', async () => {
    const a = await signIn(t, owner);
    const b = await signIn(t, owner);
    const wrong = await call(t.app, 'POST', '/v1/keys', { headers: { cookie: a.cookie, 'x-csrf-token': a.csrf.slice(0, -1) + (a.csrf.endsWith('A') ? 'B' : 'A') }, body: { name: 'x' } });
    expectProblem(wrong as any, 403, 'csrf_failed');
    const noCookie = await call(t.app, 'POST', '/v1/keys', { headers: { cookie: `warden_session=${a.session}`, 'x-csrf-token': a.csrf }, body: { name: 'x' } });
    expectProblem(noCookie as any, 403, 'csrf_failed');
    // A planted pair (cookie and header agree) that is not this session's own token.
    const planted = await call(t.app, 'POST', '/v1/keys', { headers: { cookie: `warden_session=${a.session}; warden_csrf=${b.csrf}`, 'x-csrf-token': b.csrf }, body: { name: 'x' } });
    expectProblem(planted as any, 403, 'csrf_failed');
  });

  it('accepts the matching token: the key is created by the cookie session', async () => {
    const { cookie, csrf } = await signIn(t, owner);
    const created = await call(t.app, 'POST', '/v1/keys', { headers: { cookie, 'x-csrf-token': csrf }, body: { name: 'from the dashboard', scopes: ['events:read'] } });
    expect(created.statusCode).toBe(201);
    expect(created.json().data.key).toMatch(/^wk_live_/);
  });

  it('Authorization: Bearer sess_… is unaffected (no CSRF token; a stray cookie is ignored)', async () => {
    const bearer = await call(t.app, 'POST', '/v1/keys', { auth: { bearer: owner.session }, body: { name: 'script', scopes: ['events:read'] } });
    expect(bearer.statusCode).toBe(201);
    const withCookie = await call(t.app, 'POST', '/v1/keys', { auth: { bearer: owner.session }, headers: { cookie: 'warden_session=sess_stale; warden_csrf=x' }, body: { name: 'script 2', scopes: ['events:read'] } });
    expect(withCookie.statusCode).toBe(201);
  });

  it('a cookie that holds no session token is no credential', async () => {
    const response = await call(t.app, 'GET', '/v1/me', { headers: { cookie: 'warden_session=wk_live_notasession; other=1' } });
    expectProblem(response as any, 401, 'authentication_required');
  });

  it('sign-out needs the CSRF token, revokes the session and clears both cookies', async () => {
    const { cookie, csrf, session } = await signIn(t, owner);
    expectProblem(await call(t.app, 'DELETE', '/auth/session', { headers: { cookie } }) as any, 403, 'csrf_failed');
    const out = await call(t.app, 'DELETE', '/auth/session', { headers: { cookie, 'x-csrf-token': csrf } });
    expect(out.statusCode).toBe(204);
    const cookies = cookiesOf(out);
    expect(cookies.warden_session).toMatch(/^warden_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT$/);
    expect(cookies.warden_csrf).toMatch(/^warden_csrf=; Path=\/; SameSite=Strict; Max-Age=0/);
    expectProblem(await call(t.app, 'GET', '/v1/me', { headers: { cookie } }) as any, 401, 'invalid_token');
    // The session itself is over, whichever way it is presented.
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: session } }) as any, 401, 'invalid_token');
    const events = await call(t.app, 'GET', '/v1/events?type=session.revoked', { auth: { bearer: owner.session } });
    expect(events.json().data.length).toBeGreaterThan(0);
  });
});

describe('dashboard cookies on an https deployment', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp({ env: { WARDEN_PUBLIC_URL: 'https://auth.example.com' } }); });
  afterAll(async () => t?.close());

  it('are Secure', async () => {
    const owner = await registerOwner(t.app);
    const response = await call(t.app, 'POST', '/auth/session', { body: { email: owner.email, password: owner.password } });
    const cookies = cookiesOf(response);
    expect(cookies.warden_session).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    expect(cookies.warden_csrf).toMatch(/; SameSite=Strict; Secure$/);
  });
});

describe('serving the dashboard', () => {
  let built: TestApp;
  let missing: TestApp;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'warden-web-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Warden</title><script type="module" src="/dashboard/assets/app-1a2b.js"></script>');
    writeFileSync(join(dir, 'assets', 'app-1a2b.js'), 'console.log(1)');
    writeFileSync(join(dir, 'assets', 'app-1a2b.js.gz'), gzipSync('console.log(1)'));
    built = await createTestApp({ env: { WARDEN_DASHBOARD_DIR: dir } });
    missing = await createTestApp({ env: { WARDEN_DASHBOARD_DIR: join(dir, 'nowhere') } });
  });
  afterAll(async () => {
    await built?.close();
    await missing?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers index.html at /dashboard and for every app path under it, with a strict CSP', async () => {
    for (const path of ['/dashboard', '/dashboard/', '/dashboard/keys', '/dashboard/audit/live']) {
      const page = await call(built.app, 'GET', path);
      expect(page.statusCode, path).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.body).toContain('<title>Warden</title>');
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(page.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('serves hashed assets with a long cache lifetime, and 404 for unknown ones', async () => {
    const asset = await call(built.app, 'GET', '/dashboard/assets/app-1a2b.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe('console.log(1)');
    expect((await call(built.app, 'GET', '/dashboard/assets/nope.js')).statusCode).toBe(404);
  });

  it('sends the pre-compressed file to a browser that accepts it', async () => {
    const asset = await built.app.inject({ method: 'GET', url: '/dashboard/assets/app-1a2b.js', headers: { 'accept-encoding': 'gzip' } });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(asset.rawPayload).toString()).toBe('console.log(1)');
  });

  it('without a build, says how to make one', async () => {
    const page = await call(missing.app, 'GET', '/dashboard');
    const problem = expectProblem(page as any, 404, 'dashboard_not_built');
    expect(problem.detail).toMatch(/npm run build/);
    expect((await call(missing.app, 'GET', '/v1/me')).statusCode).toBe(401);
  });
});

describe('live events for a cookie session', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => t?.close());

  it('a stream ticket is issued to the cookie session (with its CSRF token) and opens the stream', async () => {
    const owner = await registerOwner(t.app);
    const { cookie, csrf } = await signIn(t, owner);
    expectProblem(await call(t.app, 'POST', '/v1/events/tickets', { headers: { cookie } }) as any, 403, 'csrf_failed');
    const issued = await call(t.app, 'POST', '/v1/events/tickets', { headers: { cookie, 'x-csrf-token': csrf } });
    expect(issued.statusCode).toBe(201);
    expect(issued.json().ticket).toMatch(/^st_/);
  });
});

describe('the gateway and the dashboard\'s cookies', () => {
  let t: TestApp;
  let upstream: Upstream;
  beforeAll(async () => {
    upstream = await startUpstream('live');
    const routes = `upstreams:\n  live: ${upstream.url}\n  test: ${upstream.url}\nroutes:\n  - match: ANY /v1/deals/**\n    scopes: [deals:read, deals:write]\n`;
    t = await createTestApp({ env: { WARDEN_SCOPE_RESOURCES: 'deals', WARDEN_GATEWAY_CONFIG: writeRoutesFile(routes) } });
  });
  afterAll(async () => {
    await t?.close();
    await upstream?.close();
  });

  it('a cookie session passes the gateway (CSRF for writes), and the upstream never sees Warden\'s cookies', async () => {
    const owner = await registerOwner(t.app);
    const { cookie, csrf, session } = await signIn(t, owner);
    const read = await call(t.app, 'GET', '/v1/deals/7', { headers: { cookie: `theme=dark; ${cookie}; cart=3` } });
    expect(read.statusCode).toBe(200);
    expectProblem(await call(t.app, 'POST', '/v1/deals/7', { headers: { cookie }, body: {} }) as any, 403, 'csrf_failed');
    const write = await call(t.app, 'POST', '/v1/deals/7', { headers: { cookie, 'x-csrf-token': csrf }, body: {} });
    expect(write.statusCode).toBe(200);
    const [first, second] = upstream.seen;
    expect(first!.headers.cookie).toBe('theme=dark; cart=3');
    expect(second!.headers.cookie).toBeUndefined();
    for (const seen of upstream.seen) {
      expect(JSON.stringify(seen.headers)).not.toContain(session);
      expect(seen.headers.authorization).toBeUndefined();
    }
  });
});
