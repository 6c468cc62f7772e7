import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type TestApp } from './helpers/test-app.js';

/** Bad input gets a clear 4xx problem — never a 500, a stack trace, a hang or a half-written row. */

const BODIES: unknown[] = [
  null, 0, -1, 1e308, true, 'text', '', [], [1, 2], {}, { name: null }, { name: 42 }, { name: ['x'] },
  { name: 'x'.repeat(10_000), scopes: [] }, { name: 'k', scopes: 'api-keys:read' }, { name: 'k', scopes: [null] },
  { name: 'k', scopes: [{}] }, { name: 'k', scopes: ['x'.repeat(5000)] }, { name: 'k', scopes: [], expires_at: 'tomorrow' },
  { name: 'k', scopes: [], expires_at: 1234567890 }, { name: 'k', scopes: [], rate_limit: 'fast' }, { name: 'k', scopes: [], rate_limit: 1.5 },
  { name: 'k', scopes: [], allowed_ips: ['10.0.0.0/99'] }, { name: 'k', scopes: [], allowed_ips: '10.0.0.1' }, { name: 'k', scopes: [], metadata: [] },
  { name: 'k', scopes: [], metadata: 'x' }, { name: 'k', scopes: [], environment: 'prod' }, { name: '\u0000\uffff\ud800', scopes: [] },
  { email: 'a@b.c', password: null }, { email: ['a@b.c'], password: 'longenough' }, { email: 'a@b.c', password: 'x'.repeat(5000) },
  { key: null }, { key: 123 }, { key: 'wk_live_' + 'A'.repeat(38) }, { key: 'x', required_scopes: 'a:b' }, { grace_period_seconds: -5 },
  { grace_period_seconds: '60' }, { grace_period_seconds: 1e12 }, { name: 'k', scopes: [], metadata: { a: '\ud800' } },
  { name: 'k\ud800', scopes: [] }, { __proto__: { admin: true }, name: 'k', scopes: [] },
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}, "name": "k", "scopes": []}'),
  { name: 'a', scopes: [], public_key: { kty: 'OKP' } }, { name: 'a', scopes: [], public_key: 5 }, { name: 'a', scopes: [], public_key: { kty: 'OKP', crv: 'Ed25519', x: 'é'.repeat(43) } },
  { name: 'a', scopes: [], token_ttl_seconds: 'long' }, { name: 'a', scopes: [], max_token_ttl_seconds: -1 }, { agent_id: null }, { agent_id: 'agt_x'.repeat(30) },
  { agent_id: 'agt_0000000000000000000000', challenge: 'x', signature: 'é' }, { agent_id: 'agt_0000000000000000000000', challenge: '\u0000', signature: 'AAAA', expires_in: 'soon' },
  { api_key: null }, { api_key: 'wk_live_' + 'A'.repeat(38), session_id: '' }, { api_key: ['x'] },
];

const RAW_BODIES = ['{', '{"name": "k",', 'nul', '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]', '\u0000', '{"a":1}{"b":2}'];

describe(`bad input never yields a 5xx (${STORE_KIND})`, () => {
  let t: TestApp;
  let session: string;
  let keyId: string;
  let routes: Array<{ method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; auth: boolean }>;

  beforeAll(async () => {
    t = await createTestApp();
    const owner = await registerOwner(t.app);
    session = owner.session;
    keyId = (await createKey(t.app, { bearer: session }, { name: 'target', scopes: [] })).id;
    const clientId = (await call(t.app, 'POST', '/v1/oauth-clients', { auth: { bearer: session }, body: { name: 'target', scopes: [] } })).json().data.client_id;
    const agentId = (await call(t.app, 'POST', '/v1/agents', { auth: { bearer: session }, body: { name: 'target', scopes: [], public_key: 'A'.repeat(43) } })).json().data?.id ?? 'agt_none';
    routes = [
      { method: 'POST', url: '/auth/register', auth: false },
      { method: 'POST', url: '/auth/login', auth: false },
      { method: 'POST', url: '/auth/password/change', auth: true },
      { method: 'POST', url: '/v1/keys', auth: true },
      { method: 'PATCH', url: `/v1/keys/${keyId}`, auth: true },
      { method: 'POST', url: `/v1/keys/${keyId}/rotate`, auth: true },
      { method: 'POST', url: '/v1/verify', auth: true },
      { method: 'POST', url: '/v1/oauth-clients', auth: true },
      { method: 'PATCH', url: `/v1/oauth-clients/${clientId}`, auth: true },
      { method: 'POST', url: `/v1/oauth-clients/${clientId}/rotate-secret`, auth: true },
      { method: 'POST', url: '/v1/agents', auth: true },
      { method: 'PATCH', url: `/v1/agents/${agentId}`, auth: true },
      { method: 'POST', url: '/auth/agent/challenge', auth: false },
      { method: 'POST', url: '/auth/agent/token', auth: false },
    ];
  });
  afterAll(async () => t.close());

  it('answers every malformed JSON body with a 4xx problem', async () => {
    for (const route of routes) {
      for (const body of BODIES) {
        const response = await call(t.app, route.method, route.url, {
          auth: route.auth ? { bearer: session } : undefined,
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json' },
        });
        const where = `${route.method} ${route.url} ${JSON.stringify(body)?.slice(0, 80)}`;
        expect(response.statusCode, where).toBeLessThan(500);
        if (response.statusCode >= 400) {
          expect(response.headers['content-type'], where).toMatch(/^application\/problem\+json/);
          expect(response.body, where).not.toMatch(/\n\s+at /);
        }
      }
      for (const raw of RAW_BODIES) {
        const response = await call(t.app, route.method, route.url, {
          auth: route.auth ? { bearer: session } : undefined,
          body: raw,
          headers: { 'content-type': 'application/json' },
        });
        expect(response.statusCode, `${route.method} ${route.url} raw ${JSON.stringify(raw)}`).toBeGreaterThanOrEqual(400);
        expect(response.statusCode).toBeLessThan(500);
      }
    }
    // Whatever was accepted or refused, nothing was half-written: every key has its secret row.
    const orphans = await t.db.query('select k.id from api_keys k left join api_key_secrets s on s.key_id = k.id where s.key_id is null');
    expect(orphans).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined(); // no prototype pollution
  });

  it('answers malformed paths, queries and headers with a 4xx', async () => {
    const cases: Array<[method: 'GET' | 'DELETE' | 'POST', url: string, headers?: Record<string, string>]> = [
      ['GET', `/v1/keys/${'x'.repeat(500)}`],
      ['GET', '/v1/keys/%00'],
      ['GET', '/v1/keys/%E0%A4%A'],
      ['GET', '/v1/keys?limit=-1'],
      ['GET', '/v1/keys?limit=abc'],
      ['GET', '/v1/keys?limit=1&limit=2'],
      ['GET', '/v1/keys?revoked=maybe'],
      ['GET', '/v1/keys?environment=prod'],
      ['GET', '/v1/keys?cursor=%%%'],
      ['GET', '/v1/keys?unknown=1'],
      ['DELETE', '/v1/keys/key_doesnotexist'],
      ['GET', '/v1/me', { authorization: 'Bearer ' + 'x'.repeat(8000) }],
      ['GET', '/v1/me', { authorization: 'Bearer' }],
      ['GET', '/v1/me', { authorization: 'Bearer a b c' }],
      ['GET', '/v1/me', { 'x-api-key': '' }],
      ['GET', '/v1/me', { authorization: `Bearer ${'sess_'.padEnd(37, 'é')}` }],
      ['GET', '/v1/me', { authorization: `Bearer ${session}`, 'x-workspace-id': 'x'.repeat(300) }],
      ['POST', '/v1/keys', { 'content-type': 'application/x-www-form-urlencoded' }],
      ['POST', '/v1/keys', { 'content-type': 'multipart/form-data; boundary=x' }],
    ];
    for (const [method, url, headers] of cases) {
      const response = await call(t.app, method, url, { auth: headers?.authorization || headers?.['x-api-key'] !== undefined ? undefined : { bearer: session }, headers });
      expect(response.statusCode, `${method} ${url} ${JSON.stringify(headers)?.slice(0, 60)}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, `${method} ${url}`).toBeLessThan(500);
      expect(response.headers['content-type'], `${method} ${url}`).toMatch(/^application\/problem\+json/);
    }
  });

  it('answers garbage on the OAuth endpoints in RFC 6749 form, never a 5xx', async () => {
    const forms = ['', '=', '&&&', 'grant_type', 'grant_type=client_credentials&client_id=%E0%A4%A', 'grant_type=%00', 'token=' + 'x'.repeat(10_000),
      'grant_type=client_credentials&scope=' + '*:* '.repeat(500), 'client_id=a&client_secret=b&grant_type=client_credentials&client_id=c'];
    const headerSets: Record<string, string>[] = [
      {}, { authorization: 'Basic' }, { authorization: 'Basic %%%' }, { authorization: `Basic ${Buffer.from('%E0%A4%A:x').toString('base64')}` },
      { authorization: `Basic ${Buffer.from(':').toString('base64')}` }, { authorization: 'Bearer x' },
    ];
    for (const url of ['/oauth/token', '/oauth/introspect', '/oauth/revoke']) {
      for (const payload of forms) {
        for (const headers of headerSets) {
          const response = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, payload });
          const where = `${url} ${payload.slice(0, 40)} ${JSON.stringify(headers)}`;
          expect(response.statusCode, where).toBeGreaterThanOrEqual(400);
          expect(response.statusCode, where).toBeLessThan(500);
          expect(response.json(), where).toEqual({ error: expect.stringMatching(/^(invalid_request|invalid_client)$/), error_description: expect.any(String) });
        }
      }
      const huge = await t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'a='.padEnd(20_000, 'x') });
      expect(huge.statusCode).toBe(400);
      expect(huge.json().error).toBe('invalid_request');
    }
  });

  it('refuses a body over 64 KiB with 413', async () => {
    const response = await call(t.app, 'POST', '/v1/keys', {
      auth: { bearer: session },
      body: JSON.stringify({ name: 'k', scopes: [], metadata: { blob: 'x'.repeat(70_000) } }),
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().code).toBe('payload_too_large');
  });
});
