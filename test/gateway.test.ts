import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { call, createKey, createTestApp, registerOwner, type Owner, type TestApp } from './helpers/test-app.js';
import { startUpstream, writeRoutesFile, type Upstream } from './helpers/upstream.js';

/**
 * The gateway (issue 14) against real upstream servers on loopback: Warden listens on a port and
 * forwards to them; the upstreams count what reaches them.
 */

let t: TestApp;
let live: Upstream;
let sandbox: Upstream;
let owner: Owner;
let base: string;

const routes = (liveUrl: string, testUrl: string): string => `
upstreams:
  live: ${liveUrl}
  test: ${testUrl}
timeout_ms: 30000
routes:
  - match: GET /v1/deals/**
    scopes: [deals:read]
  - match: POST,PATCH /v1/deals/**
    scopes: [deals:read, deals:write]
    rate_class: write
  - match: GET /v1/status
    auth: none
  - match: ANY /v1/echo/*
    scopes: [deals:read]
  - match: PUT /v1/keys
    scopes: [deals:write]
`;

beforeAll(async () => {
  live = await startUpstream('live');
  sandbox = await startUpstream('test');
  t = await createTestApp({ env: { WARDEN_KEY_PREFIX: 'bk', WARDEN_SCOPE_RESOURCES: 'deals,documents', WARDEN_GATEWAY_CONFIG: writeRoutesFile(routes(live.url, sandbox.url)) } });
  await t.app.listen({ host: '127.0.0.1', port: 0 });
  base = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  owner = await registerOwner(t.app);
});

afterAll(async () => {
  await t?.close();
  await live?.close();
  await sandbox?.close();
});

const hits = (upstream: Upstream, path: string): number => upstream.seen.filter((s) => s.url.startsWith(path)).length;

describe('gateway: authenticate, authorise, forward', () => {
  it('one request id end to end: a safe X-Request-Id goes through, an unsafe one is replaced before the upstream sees it', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'ids', scopes: ['deals:read'], environment: 'live' });
    for (const [sent, kept] of [['trace-1.a_B', true], ['bad id; x', false]] as const) {
      const response = await fetch(`${base}/v1/deals/7`, { headers: { authorization: `Bearer ${key.key}`, 'x-request-id': sent } });
      expect(response.status).toBe(200);
      const seen = live.seen.at(-1)!;
      const id = response.headers.get('x-request-id')!;
      expect(id === sent).toBe(kept);
      expect(id).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
      expect(seen.headers['x-request-id']).toBe(id);
      expect(seen.headers['x-warden-request-id']).toBe(id);
    }
  });

  it('forwards a scoped live key to the live upstream with the identity headers, and X-Warden-Identity verifies with the JWKS', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'deals', scopes: ['deals:read'], environment: 'live' });
    const response = await fetch(`${base}/v1/deals/42?x=1`, { headers: { authorization: `Bearer ${key.key}`, 'x-request-note': 'kept' } });
    expect(response.status).toBe(200);
    expect((await response.json()) as any).toEqual({ upstream: 'live', method: 'GET', url: '/v1/deals/42?x=1', body_bytes: 0 });
    expect(response.headers.get('x-upstream')).toBe('live');
    expect(response.headers.get('cache-control')).toBe('no-store'); // the upstream set none
    expect(response.headers.get('x-ratelimit-limit')).toBeNull(); // limits are off in this app
    const seen = live.seen.at(-1)!;
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers['x-api-key']).toBeUndefined();
    expect(seen.headers['x-request-note']).toBe('kept');
    expect(seen.headers['x-warden-principal-type']).toBe('api_key');
    expect(seen.headers['x-warden-principal-id']).toBe(key.id);
    expect(seen.headers['x-warden-workspace-id']).toBe(owner.workspaceId);
    expect(seen.headers['x-warden-environment']).toBe('live');
    expect(seen.headers['x-warden-scopes']).toBe('deals:read');
    // The upstream's X-Warden-Request-Id is the client's X-Request-Id.
    expect(seen.headers['x-warden-request-id']).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    expect(response.headers.get('x-request-id')).toBe(seen.headers['x-warden-request-id']);
    expect(seen.headers['x-request-id']).toBe(seen.headers['x-warden-request-id']);
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(seen.headers['x-forwarded-proto']).toBe('http');
    expect(seen.headers['x-forwarded-host']).toBe(new URL(base).host);
    expect(seen.headers.host).toBe(new URL(live.url).host);

    const jwks = (await call(t.app, 'GET', '/.well-known/jwks.json')).json();
    const { payload, protectedHeader } = await jwtVerify(seen.headers['x-warden-identity'] as string, createLocalJWKSet(jwks), {
      issuer: 'http://127.0.0.1:8080', audience: live.url, typ: 'warden-identity+jwt',
    });
    expect(protectedHeader.alg).toBe('EdDSA');
    expect(payload).toMatchObject({ sub: key.id, principal_type: 'api_key', workspace_id: owner.workspaceId, environment: 'live', scope: 'deals:read' });
    expect(payload.jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(60);
    // An identity statement is no access token: Warden refuses it as a bearer credential.
    const asBearer = await call(t.app, 'GET', '/v1/me', { auth: { bearer: seen.headers['x-warden-identity'] as string } });
    expect(asBearer.statusCode).toBe(401);
  });

  it('sends test keys to the sandbox upstream only', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'sandbox', scopes: ['deals:read'], environment: 'test' });
    const before = hits(live, '/v1/deals/sandbox');
    const response = await fetch(`${base}/v1/deals/sandbox`, { headers: { 'x-api-key': key.key } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).upstream).toBe('test');
    expect(sandbox.seen.at(-1)!.headers['x-warden-environment']).toBe('test');
    expect(hits(live, '/v1/deals/sandbox')).toBe(before);
  });

  it('forwards a user session (it has no environment) to live, as a user principal', async () => {
    const response = await fetch(`${base}/v1/deals/by-session`, { headers: { authorization: `Bearer ${owner.session}`, 'x-workspace-id': owner.workspaceId } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).upstream).toBe('live');
    const seen = live.seen.at(-1)!;
    expect(seen.headers['x-warden-principal-type']).toBe('user');
    expect(seen.headers['x-warden-principal-id']).toBe(owner.userId);
    expect(seen.headers['x-warden-environment']).toBe('live');
  });

  it('refuses a missing scope (403 insufficient_scope) and bad or revoked credentials (401) without calling the upstream', async () => {
    const readOnly = await createKey(t.app, { bearer: owner.session }, { name: 'ro', scopes: ['deals:read'], environment: 'live' });
    const before = live.seen.length + sandbox.seen.length;
    const write = await fetch(`${base}/v1/deals/1`, { method: 'POST', headers: { authorization: `Bearer ${readOnly.key}`, 'content-type': 'application/json' }, body: '{}' });
    expect(write.status).toBe(403);
    expect((await write.json()) as any).toMatchObject({ code: 'insufficient_scope', missing_scopes: ['deals:write'] });

    const none = await fetch(`${base}/v1/deals/1`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="warden"');
    const bad = await fetch(`${base}/v1/deals/1`, { headers: { authorization: 'Bearer bk_live_notakeyatall' } });
    expect(bad.status).toBe(401);

    expect((await call(t.app, 'DELETE', `/v1/keys/${readOnly.id}`, { auth: { bearer: owner.session } })).statusCode).toBe(200);
    const revoked = await fetch(`${base}/v1/deals/1`, { headers: { authorization: `Bearer ${readOnly.key}` } });
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as any).code).toBe('key_revoked');
    expect(live.seen.length + sandbox.seen.length).toBe(before);
  });

  it('answers 404 route_not_found for unmatched paths and methods, never forwarding; Warden\'s own routes keep their answers', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'nf', scopes: ['deals:read'], environment: 'live' });
    const before = live.seen.length;
    for (const [method, path] of [['GET', '/v1/accounts'], ['DELETE', '/v1/deals/1'], ['GET', '/'], ['PUT', '/v1/status']] as const) {
      const response = await fetch(`${base}${path}`, { method, headers: { authorization: `Bearer ${key.key}` } });
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(((await response.json()) as any).code).toBe('route_not_found');
    }
    // Under Warden's paths, what Warden does not serve is the gateway's: no route here matches it.
    const own = await fetch(`${base}/v1/keys/x/y/z`, { headers: { authorization: `Bearer ${key.key}` } });
    expect(own.status).toBe(404);
    expect(((await own.json()) as any).code).toBe('route_not_found');
    const list = await fetch(`${base}/v1/keys`, { headers: { authorization: `Bearer ${key.key}` } });
    expect(list.status).toBe(403); // Warden's own GET /v1/keys: this key lacks api-keys:read
    const me = await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${key.key}` } });
    expect(me.status).toBe(200);
    expect(live.seen.length).toBe(before);
  });

  it('forwards a method Warden does not serve on one of its paths when a route names it (PUT /v1/keys)', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'put', scopes: ['deals:write'], environment: 'live' });
    const response = await fetch(`${base}/v1/keys`, { method: 'PUT', headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' }, body: '{}' });
    expect(response.status).toBe(200);
    expect(live.seen.at(-1)).toMatchObject({ method: 'PUT', url: '/v1/keys' });
  });

  it('HEAD follows GET; auth: none routes are forwarded without a credential and without identity', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'head', scopes: ['deals:read'], environment: 'live' });
    const head = await fetch(`${base}/v1/deals/7`, { method: 'HEAD', headers: { authorization: `Bearer ${key.key}` } });
    expect(head.status).toBe(200);
    expect(live.seen.at(-1)!.method).toBe('HEAD');

    const status = await fetch(`${base}/v1/status`, { headers: { authorization: 'Bearer whatever', 'x-warden-principal-id': 'key_spoofed' } });
    expect(status.status).toBe(200);
    const seen = live.seen.at(-1)!;
    expect(seen.url).toBe('/v1/status');
    expect(seen.headers.authorization).toBeUndefined();
    expect(seen.headers['x-warden-principal-id']).toBeUndefined();
    expect(seen.headers['x-warden-identity']).toBeUndefined();
  });

  it('strips spoofed X-Warden-* headers and a client X-Forwarded-For from an untrusted peer', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'spoof', scopes: ['deals:read'], environment: 'test' });
    const response = await fetch(`${base}/v1/deals/spoof`, {
      headers: {
        authorization: `Bearer ${key.key}`,
        'x-warden-principal-id': 'key_spoofed', 'x-warden-environment': 'live', 'x-warden-scopes': '*:*',
        'x-warden-identity': 'forged', 'x-warden-anything': 'x', 'x-forwarded-for': '10.9.9.9',
      },
    });
    expect(response.status).toBe(200);
    const seen = sandbox.seen.at(-1)!;
    expect(seen.headers['x-warden-principal-id']).toBe(key.id);
    expect(seen.headers['x-warden-environment']).toBe('test');
    expect(seen.headers['x-warden-scopes']).toBe('deals:read');
    expect(seen.headers['x-warden-identity']).not.toBe('forged');
    expect(seen.headers['x-warden-anything']).toBeUndefined();
    expect(seen.headers['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('forwards a body with no Content-Type, or an unusual one, untouched', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'ct', scopes: ['deals:read', 'deals:write'], environment: 'live' });
    for (const contentType of [undefined, 'application/vnd.bank+xml; charset=utf-8']) {
      const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${base}/v1/deals/raw`, { method: 'POST', headers: { authorization: `Bearer ${key.key}`, 'content-length': '5', ...(contentType ? { 'content-type': contentType } : {}) } }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        });
        req.on('error', reject);
        req.end('hello');
      });
      expect(answer.status, String(contentType)).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ method: 'POST', body_bytes: 5 });
      expect(live.seen.at(-1)!.headers['content-type']).toBe(contentType);
    }
  });

  it('drops hop-by-hop headers both ways, including those Connection names', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'hop', scopes: ['deals:read'], environment: 'live' });
    const answer = await new Promise<{ status: number; headers: Record<string, unknown> }>((resolve, reject) => {
      const req = httpRequest(`${base}/v1/echo/hop`, { headers: { authorization: `Bearer ${key.key}`, connection: 'keep-alive, x-private-hop', 'x-private-hop': 'secret', 'keep-alive': 'timeout=5', te: 'trailers' } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(answer.status).toBe(200);
    const seen = live.seen.at(-1)!;
    expect(seen.headers['x-private-hop']).toBeUndefined();
    expect(seen.headers.te).toBeUndefined();
    expect(seen.headers['keep-alive']).toBeUndefined();
  });

  it('refuses paths not in normal form (dot segments, encoded slashes, empty segments) with 400, never forwarding', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'dots', scopes: ['deals:read'], environment: 'live' });
    const before = live.seen.length;
    const raw = (path: string): Promise<{ status: number; body: string }> => new Promise((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: new URL(base).port, path, headers: { authorization: `Bearer ${key.key}` } }, (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });
    for (const path of ['/v1/deals/../status', '/v1/deals/%2e%2E/x', '/v1/deals/./1', '/v1/deals//1', '/v1/deals/a%2Fb', '/v1/deals/a%5cb', '/v1/deals/a\\b']) {
      const answer = await raw(path);
      expect(answer.status, path).toBe(400);
      expect(JSON.parse(answer.body).code, path).toBe('validation_failed');
    }
    expect((await raw('/v1/deals/a%20b?q=%2e%2e')).status).toBe(200);
    expect(live.seen.length).toBe(before + 1);
    expect(live.seen.at(-1)!.url).toBe('/v1/deals/a%20b?q=%2e%2e');
  });

  it('records a request event for each forwarded request with the route, the upstream\'s status and the latency', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'audit', scopes: ['deals:read'], environment: 'live' });
    expect((await fetch(`${base}/v1/deals/audited?status=418`, { headers: { authorization: `Bearer ${key.key}` } })).status).toBe(418);
    await t.app.warden.flush();
    const events = await call(t.app, 'GET', `/v1/events?type=request&api_key_id=${key.id}`, { auth: { bearer: owner.session } });
    expect(events.statusCode).toBe(200);
    const rows = events.json().data;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      type: 'request', actor: { type: 'api_key', id: key.id }, method: 'GET', path: '/v1/deals/audited?status=418', status: 418,
      endpoint_class: 'standard', route: 'GET /v1/deals/**', data: { route: 'GET /v1/deals/**' },
    });
    expect(rows[0].latency_ms).toBeGreaterThanOrEqual(0);
    // Warden's own requests carry no route.
    expect((await fetch(`${base}/v1/me`, { headers: { authorization: `Bearer ${key.key}` } })).status).toBe(200);
    await t.app.warden.flush();
    const second = await call(t.app, 'GET', `/v1/events?type=request&api_key_id=${key.id}`, { auth: { bearer: owner.session } });
    const ownEvent = second.json().data.find((e: { path: string }) => e.path === '/v1/me');
    expect(ownEvent).toMatchObject({ route: null, status: 200 });
    expect(ownEvent.data).not.toHaveProperty('route');
    const usage = await call(t.app, 'GET', `/v1/usage?granularity=day&api_key_id=${key.id}`, { auth: { bearer: owner.session } });
    expect(usage.statusCode).toBe(200);
    expect(usage.json().totals).toEqual({ requests: 2 });
  });
});
