import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { ServiceCredentials } from '../src/auth/service-credentials.js';
import { systemClock } from '../src/lib/clock.js';
import { call, createKey, createTestApp, registerOwner, type CreatedKey, type Owner, type TestApp } from './helpers/test-app.js';
import { startUpstream, writeRoutesFile, type Upstream } from './helpers/upstream.js';

/**
 * The decision endpoint (issue 14) for nginx `auth_request` and Envoy `ext_authz`: the same routes
 * file decides; 200 with the identity headers and no body, or 401/403/404/429. Nothing is forwarded.
 */

let t: TestApp;
let upstream: Upstream;
let owner: Owner;
let reader: CreatedKey;
let writer: CreatedKey;

beforeAll(async () => {
  upstream = await startUpstream('never-called');
  t = await createTestApp({
    env: {
      WARDEN_SCOPE_RESOURCES: 'deals', WARDEN_RATE_LIMITS: 'on', WARDEN_RATE_LIMIT_STANDARD: '100', WARDEN_RATE_LIMIT_WRITE: '100',
      WARDEN_RATE_LIMIT_AUTH: '1000', WARDEN_RATE_LIMIT_WORKSPACE: '100000',
      WARDEN_GATEWAY_CONFIG: writeRoutesFile(`
upstreams: { live: ${upstream.url}, test: http://sandbox.internal:9002 }
routes:
  - match: GET /v1/deals/**
    scopes: [deals:read]
  - match: POST /v1/deals/**
    scopes: [deals:read, deals:write]
  - match: GET /v1/status
    auth: none
`),
    },
  });
  owner = await registerOwner(t.app);
  reader = await createKey(t.app, { bearer: owner.session }, { name: 'r', scopes: ['deals:read'], environment: 'live' });
  writer = await createKey(t.app, { bearer: owner.session }, { name: 'w', scopes: ['deals:read', 'deals:write'], environment: 'test' });
});

afterAll(async () => {
  await t?.close();
  await upstream?.close();
});

const nginx = (method: string, uri: string, headers: Record<string, string> = {}) =>
  call(t.app, 'GET', '/v1/decisions', { headers: { 'x-original-method': method, 'x-original-uri': uri, ...headers } });

describe('decision endpoint', () => {
  it('nginx auth_request: 200, no body, identity and rate-limit headers for an allowed request', async () => {
    const response = await nginx('GET', '/v1/deals/42?expand=notes', { authorization: `Bearer ${reader.key}` });
    expect(response.statusCode).toBe(200);
    expect(response.body).toBe('');
    expect(response.headers['x-warden-principal-type']).toBe('api_key');
    expect(response.headers['x-warden-principal-id']).toBe(reader.id);
    expect(response.headers['x-warden-workspace-id']).toBe(owner.workspaceId);
    expect(response.headers['x-warden-environment']).toBe('live');
    expect(response.headers['x-warden-scopes']).toBe('deals:read');
    expect(response.headers['x-ratelimit-limit']).toBe('100');
    expect(response.headers['ratelimit-policy']).toBe('"standard";q=100;w=60');
    const jwks = (await call(t.app, 'GET', '/.well-known/jwks.json')).json();
    const { payload } = await jwtVerify(response.headers['x-warden-identity'] as string, createLocalJWKSet(jwks), { audience: upstream.url, typ: 'warden-identity+jwt' });
    expect(payload.sub).toBe(reader.id);
    expect(upstream.seen).toHaveLength(0);
  });

  it('Envoy ext_authz: the original method and the original path after the prefix', async () => {
    const response = await call(t.app, 'POST', '/v1/decisions/v1/deals/42', { auth: { apiKey: writer.key } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-warden-environment']).toBe('test');
    expect(response.headers['ratelimit-policy']).toBe('"write";q=100;w=60');
    const jwks = (await call(t.app, 'GET', '/.well-known/jwks.json')).json();
    const { payload } = await jwtVerify(response.headers['x-warden-identity'] as string, createLocalJWKSet(jwks), { audience: 'http://sandbox.internal:9002' });
    expect(payload.environment).toBe('test');
  });

  it('401 without or with a bad credential, 403 for a missing scope, 404 route_not_found, 400 for a path not in normal form', async () => {
    const none = await nginx('GET', '/v1/deals/1');
    expect(none.statusCode).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="warden"');
    expect((await nginx('GET', '/v1/deals/1', { authorization: 'Bearer bk_nope' })).statusCode).toBe(401);
    const scope = await nginx('POST', '/v1/deals/1', { authorization: `Bearer ${reader.key}` });
    expect(scope.statusCode).toBe(403);
    expect(scope.json()).toMatchObject({ code: 'insufficient_scope', missing_scopes: ['deals:write'] });
    const unmatched = await nginx('GET', '/v1/accounts', { authorization: `Bearer ${reader.key}` });
    expect(unmatched.statusCode).toBe(404);
    expect(unmatched.json().code).toBe('route_not_found');
    expect((await nginx('GET', '/v1/deals/%2e%2e/x', { authorization: `Bearer ${reader.key}` })).statusCode).toBe(400);
    expect((await nginx('GET', '/v1/keys', { authorization: `Bearer ${reader.key}` })).statusCode).toBe(404);
    expect(upstream.seen).toHaveLength(0);
  });

  it('is described in /openapi.json; the gateway\'s catch-all (the company\'s own API) is not', async () => {
    const paths = Object.keys((await call(t.app, 'GET', '/openapi.json')).json().paths);
    expect(paths).toContain('/v1/decisions');
    expect(paths.filter((path) => path.includes('*'))).toEqual([]);
  });

  it('auth: none routes are allowed without a credential, with no identity', async () => {
    const response = await nginx('GET', '/v1/status');
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-warden-request-id']).toBeDefined();
    expect(response.headers['x-warden-identity']).toBeUndefined();
  });

  it('429 with Retry-After once the credential\'s class budget is spent', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'limited', scopes: ['deals:read'], environment: 'live', rate_limit: 2 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await nginx('GET', '/v1/deals/1', { authorization: `Bearer ${key.key}` })).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await nginx('GET', '/v1/deals/1', { authorization: `Bearer ${key.key}` });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a credential whose environment has no upstream is refused: 403 environment_forbidden', async () => {
    const liveOnly = await createTestApp({
      env: { WARDEN_SCOPE_RESOURCES: 'deals', WARDEN_GATEWAY_CONFIG: writeRoutesFile(`upstreams: { live: ${upstream.url} }\nroutes:\n  - match: GET /v1/deals/**\n    scopes: [deals:read]\n`) },
    });
    try {
      const someone = await registerOwner(liveOnly.app);
      const testKey = await createKey(liveOnly.app, { bearer: someone.session }, { name: 't', scopes: ['deals:read'], environment: 'test' });
      for (const url of ['/v1/deals/1', '/v1/decisions/v1/deals/1']) {
        const response = await call(liveOnly.app, 'GET', url, { auth: { bearer: testKey.key } });
        expect(response.statusCode, url).toBe(403);
        expect(response.json().code).toBe('environment_forbidden');
      }
      expect(upstream.seen).toHaveLength(0);
    } finally {
      await liveOnly.close();
    }
  });

  it('a deployment-level service credential is not an end user: 401 at the decision endpoint and at the gateway, nothing forwarded', async () => {
    const service = await new ServiceCredentials({ db: t.db, clock: systemClock, keyPrefix: 'wk' })
      .create('nginx', { actor: { type: 'system', id: 'cli' }, ip: null, userAgent: 'test', method: null, path: null });
    for (const headers of [{ authorization: `Bearer ${service.secret}` }, { 'x-api-key': service.secret }] as Record<string, string>[]) {
      const decision = await nginx('GET', '/v1/deals/1', headers);
      expect(decision.statusCode).toBe(401);
      expect(decision.headers['www-authenticate']).toMatch(/^Bearer /);
      expect(decision.headers['x-warden-principal-id']).toBeUndefined();
      const forwarded = await call(t.app, 'GET', '/v1/deals/1', { headers });
      expect(forwarded.statusCode).toBe(401);
      expect(forwarded.json().code).toBe('invalid_key');
      expect(decision.json().code).toBe('invalid_key');
    }
    expect(upstream.seen).toHaveLength(0);
  });

  it('WARDEN_DECISIONS_REQUIRE_SERVICE_CREDENTIAL=on: only a caller with a service credential in X-Warden-Service-Credential gets decisions', async () => {
    const guarded = await createTestApp({
      env: {
        WARDEN_SCOPE_RESOURCES: 'deals', WARDEN_DECISIONS_REQUIRE_SERVICE_CREDENTIAL: 'on',
        WARDEN_GATEWAY_CONFIG: writeRoutesFile(`upstreams: { live: ${upstream.url} }\nroutes:\n  - match: GET /v1/deals/**\n    scopes: [deals:read]\n`),
      },
    });
    try {
      const someone = await registerOwner(guarded.app);
      const key = await createKey(guarded.app, { bearer: someone.session }, { name: 'k', scopes: ['deals:read'], environment: 'live' });
      const proxy = await new ServiceCredentials({ db: guarded.db, clock: systemClock, keyPrefix: 'wk' })
        .create('nginx', { actor: { type: 'system', id: 'cli' }, ip: null, userAgent: 'test', method: null, path: null });
      const ask = (headers: Record<string, string>) =>
        call(guarded.app, 'GET', '/v1/decisions', { headers: { 'x-original-method': 'GET', 'x-original-uri': '/v1/deals/1', ...headers } });
      for (const caller of [{}, { 'x-warden-service-credential': 'wk_service_' + 'x'.repeat(43) }, { 'x-warden-service-credential': key.key }] as Record<string, string>[]) {
        const refused = await ask({ ...caller, authorization: `Bearer ${key.key}` });
        expect(refused.statusCode).toBe(401);
        expect(refused.json().code).toBe('service_credential_required');
        expect(refused.headers['x-warden-identity']).toBeUndefined();
      }
      const allowed = await ask({ 'x-warden-service-credential': proxy.secret, authorization: `Bearer ${key.key}` });
      expect(allowed.statusCode).toBe(200);
      expect(allowed.headers['x-warden-principal-id']).toBe(key.id);
      // The proxy's credential vouches for the caller, not for the end user.
      const anonymous = await ask({ 'x-warden-service-credential': proxy.secret });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().code).toBe('authentication_required');
    } finally {
      await guarded.close();
    }
  });
});
