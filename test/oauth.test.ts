import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as client from 'openid-client';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { ManualClock } from '../src/lib/clock.js';
import { call, createKey, createTestApp, registerOwner, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem, fieldsOf, sha256 } from './helpers/assertions.js';

const form = (fields: Record<string, string>): string => new URLSearchParams(fields).toString();
const basic = (id: string, secret: string): string => `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

interface CreatedClient {
  client_id: string;
  client_secret: string;
}

describe('OAuth2 client credentials (RFC 6749 §4.4), introspection, revocation, metadata', () => {
  let t: TestApp;
  let clock: ManualClock;
  let owner: Owner;
  let admin: { bearer: string };

  const token = (body: Record<string, string>, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url: '/oauth/token', headers: { ...FORM, ...headers }, payload: form(body) });
  const newClient = async (body: Record<string, unknown>): Promise<CreatedClient> => {
    const response = await call(t.app, 'POST', '/v1/oauth-clients', { auth: admin, body });
    expect(response.statusCode, response.body).toBe(201);
    return response.json().data;
  };

  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2034, 4, 1, 9, 0, 0));
    t = await createTestApp({ clock, env: { WARDEN_SCOPE_RESOURCES: 'deals,documents', WARDEN_PUBLIC_URL: 'https://warden.bank.example' } });
    owner = await registerOwner(t.app);
    admin = { bearer: owner.session };
  });
  afterAll(() => t.close());

  it('creates a client: public cli_ id, cs_ secret shown once and stored as SHA-256, audited', async () => {
    const response = await call(t.app, 'POST', '/v1/oauth-clients', { auth: admin, body: { name: 'ledger sync', scopes: ['deals:read', 'documents:*'] } });
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const data = response.json().data;
    expect(data).toMatchObject({
      client_id: expect.stringMatching(/^cli_[0-9A-Za-z]{22}$/),
      client_secret: expect.stringMatching(/^cs_[0-9A-Za-z]{38}$/),
      name: 'ledger sync',
      environment: 'live',
      scopes: ['deals:read', 'documents:*'],
      token_ttl_seconds: 3600,
      warning: expect.stringMatching(/never be shown again/),
    });
    expect(response.headers.location).toBe(`/v1/oauth-clients/${data.client_id}`);
    const [row] = await t.db.query<{ secret_hash: string }>('select secret_hash from oauth_clients where id = $1', [data.client_id]);
    expect(row!.secret_hash).toBe(sha256(data.client_secret));
    const got = (await call(t.app, 'GET', `/v1/oauth-clients/${data.client_id}`, { auth: admin })).json().data;
    expect(got).not.toHaveProperty('client_secret');
    expect(got.secret_prefix).toBe(data.client_secret.slice(0, 7));
    const list = (await call(t.app, 'GET', '/v1/oauth-clients', { auth: admin })).json();
    expect(list.data.map((c: { client_id: string }) => c.client_id)).toContain(data.client_id);
    const [audit] = await t.db.query<{ type: string }>("select type from audit_events where target_id = $1", [data.client_id]);
    expect(audit!.type).toBe('client.created');
  });

  it('issues a JWT with client_secret_basic and client_secret_post: RFC 6749 answer, RFC 9068 claims, no-store', async () => {
    const c = await newClient({ name: 'erp', scopes: ['deals:read', 'deals:write'] });
    for (const [headers, body] of [
      [{ authorization: basic(c.client_id, c.client_secret) }, { grant_type: 'client_credentials' }],
      [{}, { grant_type: 'client_credentials', client_id: c.client_id, client_secret: c.client_secret }],
    ] as const) {
      const response = await token(body, headers);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      expect(response.headers.pragma).toBe('no-cache');
      const answer = response.json();
      expect(answer).toEqual({ access_token: expect.stringMatching(/^eyJ/), token_type: 'Bearer', expires_in: 3600, scope: 'deals:read deals:write' });
      expect(decodeProtectedHeader(answer.access_token)).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt' });
      const claims = decodeJwt(answer.access_token);
      expect(claims).toMatchObject({
        iss: 'https://warden.bank.example', aud: 'https://warden.bank.example', sub: c.client_id, client_id: c.client_id,
        scope: 'deals:read deals:write', workspace_id: owner.workspaceId, environment: 'live',
        sid: expect.stringMatching(/^grt_/), jti: expect.any(String),
      });
      expect(claims.exp! - claims.iat!).toBe(3600);
      expect(answer).not.toHaveProperty('refresh_token');
      const me = await call(t.app, 'GET', '/v1/me', { auth: { bearer: answer.access_token } });
      expect(me.json().data).toMatchObject({ principal: { type: 'client', id: c.client_id }, workspace_id: owner.workspaceId, scopes: ['deals:read', 'deals:write'] });
    }
  });

  it('every token issued is in the audit trail as the client\'s request', async () => {
    const c = await newClient({ name: 'audited', scopes: ['deals:read'] });
    await token({ grant_type: 'client_credentials' }, { authorization: basic(c.client_id, c.client_secret) });
    await token({ grant_type: 'client_credentials' }, { authorization: basic(c.client_id, 'cs_wrong') });
    await t.app.warden.flush();
    const rows = await t.db.query<{ type: string; path: string; status: number; endpoint_class: string; workspace_id: string }>(
      "select type, path, status, endpoint_class, workspace_id from audit_log where actor_type = 'client' and actor_id = $1", [c.client_id]);
    expect(rows).toEqual([{ type: 'request', path: '/oauth/token', status: 200, endpoint_class: 'auth', workspace_id: owner.workspaceId }]);
  });

  it('narrows to the requested scope; a scope outside the ceiling is invalid_scope', async () => {
    const c = await newClient({ name: 'narrow', scopes: ['deals:*', 'documents:read'] });
    const auth = { authorization: basic(c.client_id, c.client_secret) };
    const narrowed = await token({ grant_type: 'client_credentials', scope: 'deals:read documents:read' }, auth);
    expect(narrowed.json().scope).toBe('deals:read documents:read');
    const me = await call(t.app, 'GET', '/v1/me', { auth: { bearer: narrowed.json().access_token } });
    expect(me.json().data.scopes).toEqual(['deals:read', 'documents:read']);
    for (const scope of ['documents:write', 'api-keys:read', '*:*', 'nonsense']) {
      const refused = await token({ grant_type: 'client_credentials', scope }, auth);
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toEqual({ error: 'invalid_scope', error_description: expect.any(String) });
    }
  });

  it('answers RFC 6749 §5.2 errors: invalid_client (401 + WWW-Authenticate: Basic), invalid_request, unsupported_grant_type', async () => {
    const c = await newClient({ name: 'errors', scopes: ['deals:read'] });
    const cases: [Record<string, string>, Record<string, string>, number, string][] = [
      [{ grant_type: 'client_credentials' }, { authorization: basic(c.client_id, `${c.client_secret.slice(0, -1)}${c.client_secret.endsWith('x') ? 'y' : 'x'}`) }, 401, 'invalid_client'],
      [{ grant_type: 'client_credentials' }, { authorization: basic('cli_unknown', c.client_secret) }, 401, 'invalid_client'],
      [{ grant_type: 'client_credentials' }, { authorization: 'Basic !!!' }, 401, 'invalid_client'],
      [{ grant_type: 'client_credentials' }, {}, 401, 'invalid_client'],
      [{ grant_type: 'client_credentials', client_id: c.client_id, client_secret: 'cs_wrong' }, {}, 401, 'invalid_client'],
      [{ client_id: c.client_id, client_secret: c.client_secret }, {}, 400, 'invalid_request'],
      [{ grant_type: 'client_credentials', client_secret: c.client_secret }, { authorization: basic(c.client_id, c.client_secret) }, 400, 'invalid_request'],
      [{ grant_type: 'client_credentials', client_secret: c.client_secret }, {}, 400, 'invalid_request'],
      [{ grant_type: 'password', username: 'u', password: 'p' }, { authorization: basic(c.client_id, c.client_secret) }, 400, 'unsupported_grant_type'],
      [{ grant_type: 'authorization_code', code: 'x' }, { authorization: basic(c.client_id, c.client_secret) }, 400, 'unsupported_grant_type'],
    ];
    for (const [body, headers, status, error] of cases) {
      const response = await token(body, headers);
      expect(response.statusCode, `${JSON.stringify(body)} → ${response.body}`).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      expect(response.json()).toEqual({ error, error_description: expect.any(String) });
      expect(response.headers['cache-control']).toBe('no-store');
      if (status === 401) expect(response.headers['www-authenticate']).toBe('Basic realm="warden"');
    }
    // Repeated parameters, JSON bodies and GET are refused too.
    const repeated = await t.app.inject({ method: 'POST', url: '/oauth/token', headers: { ...FORM, authorization: basic(c.client_id, c.client_secret) }, payload: 'grant_type=client_credentials&grant_type=client_credentials' });
    expect(repeated.json().error).toBe('invalid_request');
    const json = await call(t.app, 'POST', '/oauth/token', { body: { grant_type: 'client_credentials' }, headers: { authorization: basic(c.client_id, c.client_secret) } });
    expect(json.statusCode).toBe(400);
    expect(json.json().error).toBe('invalid_request');
    const text = await t.app.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'text/plain' }, payload: 'grant_type=client_credentials' });
    expect(text.json().error).toBe('invalid_request');
    for (const url of ['/oauth/token', '/oauth/introspect', '/oauth/revoke']) {
      const get = await t.app.inject({ method: 'GET', url: `${url}?grant_type=client_credentials` });
      expect(get.statusCode).toBe(405);
      expect(get.headers.allow).toBe('POST');
      expect(get.json()).toEqual({ error: 'invalid_request', error_description: `${url} accepts POST only` });
    }
  });

  it('deleting the client, rotating its secret without overlap, or changing its scopes ends its tokens at once', async () => {
    const grant = async (c: CreatedClient, secret = c.client_secret) =>
      (await token({ grant_type: 'client_credentials' }, { authorization: basic(c.client_id, secret) })).json().access_token as string;
    const meStatus = async (bearer: string) => (await call(t.app, 'GET', '/v1/me', { auth: { bearer } })).statusCode;

    const deleted = await newClient({ name: 'd', scopes: ['deals:read'] });
    const deletedToken = await grant(deleted);
    expect((await call(t.app, 'DELETE', `/v1/oauth-clients/${deleted.client_id}`, { auth: admin })).statusCode).toBe(204);
    expect(await meStatus(deletedToken)).toBe(401);
    expect((await token({ grant_type: 'client_credentials' }, { authorization: basic(deleted.client_id, deleted.client_secret) })).statusCode).toBe(401);
    expectProblem(await call(t.app, 'GET', `/v1/oauth-clients/${deleted.client_id}`, { auth: admin }), 404, 'not_found');

    const hard = await newClient({ name: 'hard', scopes: ['deals:read'] });
    const hardToken = await grant(hard);
    const hardRotation = (await call(t.app, 'POST', `/v1/oauth-clients/${hard.client_id}/rotate-secret`, { auth: admin })).json().data;
    expect(hardRotation.client_secret).toMatch(/^cs_/);
    expect(await meStatus(hardToken)).toBe(401);
    expect((await token({ grant_type: 'client_credentials' }, { authorization: basic(hard.client_id, hard.client_secret) })).statusCode).toBe(401);
    expect(await meStatus(await grant(hard, hardRotation.client_secret))).toBe(200);

    const soft = await newClient({ name: 'soft', scopes: ['deals:read'] });
    const softToken = await grant(soft);
    const softRotation = (await call(t.app, 'POST', `/v1/oauth-clients/${soft.client_id}/rotate-secret`, { auth: admin, body: { grace_period_seconds: 300 } })).json().data;
    expect(softRotation.previous_secret_expires_at).toBe(new Date(clock.nowMs() + 300_000).toISOString());
    expect(await meStatus(softToken)).toBe(200);
    expect(await meStatus(await grant(soft))).toBe(200); // old secret, inside the overlap
    clock.advanceSeconds(301);
    expect((await token({ grant_type: 'client_credentials' }, { authorization: basic(soft.client_id, soft.client_secret) })).statusCode).toBe(401);
    expect(await meStatus(await grant(soft, softRotation.client_secret))).toBe(200);

    const rescoped = await newClient({ name: 'rescoped', scopes: ['deals:read', 'documents:read'] });
    const rescopedToken = await grant(rescoped);
    const patched = await call(t.app, 'PATCH', `/v1/oauth-clients/${rescoped.client_id}`, { auth: admin, body: { scopes: ['deals:read'], name: 'renamed' } });
    expect(patched.json().data).toMatchObject({ name: 'renamed', scopes: ['deals:read'] });
    expect(await meStatus(rescopedToken)).toBe(401);
    const renamedOnly = await grant(rescoped);
    await call(t.app, 'PATCH', `/v1/oauth-clients/${rescoped.client_id}`, { auth: admin, body: { name: 'again' } });
    expect(await meStatus(renamedOnly)).toBe(200);
  });

  it('management refuses scopes the caller lacks, bad input and a too-long token lifetime', async () => {
    const viewerKey = await createKey(t.app, admin, { name: 'limited', scopes: ['oauth-clients:write', 'oauth-clients:read', 'deals:read'] });
    expectProblem(await call(t.app, 'POST', '/v1/oauth-clients', { auth: { bearer: viewerKey.key }, body: { name: 'x', scopes: ['deals:write'] } }), 403, 'insufficient_scope');
    expect((await call(t.app, 'POST', '/v1/oauth-clients', { auth: { bearer: viewerKey.key }, body: { name: 'x', scopes: ['deals:read'] } })).statusCode).toBe(201);
    const readOnly = await createKey(t.app, admin, { name: 'ro', scopes: ['oauth-clients:read'] });
    expectProblem(await call(t.app, 'POST', '/v1/oauth-clients', { auth: { bearer: readOnly.key }, body: { name: 'x', scopes: [] } }), 403, 'insufficient_scope');
    expect(fieldsOf(expectProblem(await call(t.app, 'POST', '/v1/oauth-clients', { auth: admin, body: { name: 'x', scopes: ['bogus:read'] } }), 400, 'validation_failed'))).toEqual(['scopes[0]']);
    expect(fieldsOf(expectProblem(await call(t.app, 'POST', '/v1/oauth-clients', { auth: admin, body: { name: 'x', scopes: [], token_ttl_seconds: 90_000 } }), 400, 'validation_failed'))).toEqual(['token_ttl_seconds']);
    expectProblem(await call(t.app, 'POST', '/v1/oauth-clients', { auth: admin, body: { scopes: [] } }), 400, 'validation_failed');
    expectProblem(await call(t.app, 'GET', '/v1/oauth-clients/cli_nope', { auth: admin }), 404, 'not_found');
    expectProblem(await call(t.app, 'GET', '/v1/oauth-clients', { auth: null }), 401, 'authentication_required');
    const other = await registerOwner(t.app);
    const mine = await newClient({ name: 'mine', scopes: [] });
    expectProblem(await call(t.app, 'GET', `/v1/oauth-clients/${mine.client_id}`, { auth: { bearer: other.session } }), 404, 'not_found');
  });

  it('introspection (RFC 7662): active for live tokens of the client\'s workspace, {active:false} otherwise', async () => {
    const c = await newClient({ name: 'rs', scopes: ['deals:read'] });
    const auth = { authorization: basic(c.client_id, c.client_secret) };
    const issued = (await token({ grant_type: 'client_credentials' }, auth)).json().access_token;
    const introspect = (tokenValue: string, headers: Record<string, string> = auth) =>
      t.app.inject({ method: 'POST', url: '/oauth/introspect', headers: { ...FORM, ...headers }, payload: form({ token: tokenValue }) });
    const active = await introspect(issued);
    expect(active.statusCode).toBe(200);
    expect(active.json()).toMatchObject({ active: true, client_id: c.client_id, sub: c.client_id, scope: 'deals:read', token_type: 'Bearer', principal_type: 'client', workspace_id: owner.workspaceId });
    // A user's access token of the same workspace is active too; another workspace's is not.
    const login = (await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } })).json();
    expect((await introspect(login.access_token)).json()).toMatchObject({ active: true, sub: owner.userId, principal_type: 'user' });
    const stranger = await registerOwner(t.app);
    const strangerLogin = (await call(t.app, 'POST', '/auth/login', { body: { email: stranger.email, password: stranger.password } })).json();
    expect((await introspect(strangerLogin.access_token)).json()).toEqual({ active: false });
    // A signature character well inside the signature (the last one carries padding bits).
    const at = issued.length - 10;
    const tampered = issued.slice(0, at) + (issued[at] === 'A' ? 'B' : 'A') + issued.slice(at + 1);
    for (const junk of ['garbage', owner.session, tampered]) expect((await introspect(junk)).json()).toEqual({ active: false });
    expect((await introspect(issued, { authorization: basic(c.client_id, 'cs_wrong') })).statusCode).toBe(401);
    clock.advanceSeconds(3601);
    expect((await introspect(issued)).json()).toEqual({ active: false });
  });

  it('introspection of a valid token the verified-token cache no longer holds is active (regression: it answered active:false)', async () => {
    const c = await newClient({ name: 'rs-evicted', scopes: ['deals:read'] });
    const auth = { authorization: basic(c.client_id, c.client_secret) };
    const issued = (await token({ grant_type: 'client_credentials' }, auth)).json().access_token;
    const tokens = t.app.warden.accessTokens;
    // As if the LRU evicted every entry the moment it was written (a busy instance, a small cache).
    const cached = tokens.cached;
    tokens.cached = () => undefined;
    try {
      const answer = await t.app.inject({ method: 'POST', url: '/oauth/introspect', headers: { ...FORM, ...auth }, payload: form({ token: issued }) });
      expect(answer.statusCode).toBe(200);
      expect(answer.json()).toMatchObject({ active: true, client_id: c.client_id, scope: 'deals:read' });
    } finally {
      tokens.cached = cached;
    }
  });

  it('revocation (RFC 7009): the client\'s own token is refused until its exp; anything else is a quiet 200', async () => {
    const c = await newClient({ name: 'rev', scopes: ['deals:read'] });
    const other = await newClient({ name: 'other', scopes: ['deals:read'] });
    const auth = { authorization: basic(c.client_id, c.client_secret) };
    const [a, b] = [(await token({ grant_type: 'client_credentials' }, auth)).json().access_token, (await token({ grant_type: 'client_credentials' }, auth)).json().access_token];
    const revoke = (value: string, headers: Record<string, string> = auth) => t.app.inject({ method: 'POST', url: '/oauth/revoke', headers: { ...FORM, ...headers }, payload: form({ token: value, token_type_hint: 'access_token' }) });
    // Another client cannot revoke it.
    expect((await revoke(a, { authorization: basic(other.client_id, other.client_secret) })).statusCode).toBe(200);
    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: a } })).statusCode).toBe(200);
    const revoked = await revoke(a);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.body).toBe('');
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: a } }), 401, 'invalid_token');
    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: b } })).statusCode).toBe(200);
    const [row] = await t.db.query<{ expires_at: Date }>('select expires_at from revoked_tokens where jti = $1', [decodeJwt(a).jti]);
    expect(row!.expires_at.getTime()).toBe(decodeJwt(a).exp! * 1000);
    for (const junk of ['unknown', a]) expect((await revoke(junk)).statusCode).toBe(200);
    expect((await revoke(a, {})).statusCode).toBe(401);
    // A restart reloads the list from the store.
    await t.app.warden.denyList.reload();
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: a } }), 401, 'invalid_token');
  });

  it('publishes RFC 8414 metadata', async () => {
    const meta = (await call(t.app, 'GET', '/.well-known/oauth-authorization-server')).json();
    expect(meta).toMatchObject({
      issuer: 'https://warden.bank.example',
      token_endpoint: 'https://warden.bank.example/oauth/token',
      jwks_uri: 'https://warden.bank.example/.well-known/jwks.json',
      introspection_endpoint: 'https://warden.bank.example/oauth/introspect',
      revocation_endpoint: 'https://warden.bank.example/oauth/revoke',
      grant_types_supported: ['client_credentials'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    });
    expect(meta.scopes_supported).toContain('deals:read');
  });
});

/** A free loopback port, so the issuer URL can name it before the server starts. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('third-party clients over real HTTP: openid-client discovery + grant, jose remote JWKS', () => {
  let t: TestApp;
  let issuer: string;
  let creds: CreatedClient;

  beforeAll(async () => {
    const port = await freePort();
    issuer = `http://127.0.0.1:${port}`;
    t = await createTestApp({ env: { WARDEN_SCOPE_RESOURCES: 'deals', WARDEN_PUBLIC_URL: issuer } });
    await t.app.listen({ host: '127.0.0.1', port });
    const owner = await registerOwner(t.app);
    creds = (await call(t.app, 'POST', '/v1/oauth-clients', { auth: { bearer: owner.session }, body: { name: 'third party', scopes: ['deals:read', 'deals:write'] } })).json().data;
  });
  afterAll(() => t.close());

  for (const [method, auth] of [['client_secret_basic', () => client.ClientSecretBasic(creds.client_secret)], ['client_secret_post', () => client.ClientSecretPost(creds.client_secret)]] as const) {
    it(`openid-client discovers the metadata and runs clientCredentialsGrant (${method}); jose verifies the token against the JWKS`, async () => {
      const config = await client.discovery(new URL(issuer), creds.client_id, undefined, auth(), {
        algorithm: 'oauth2',
        execute: [client.allowInsecureRequests],
        timeout: 10,
      });
      expect(config.serverMetadata().token_endpoint).toBe(`${issuer}/oauth/token`);
      const tokens = await client.clientCredentialsGrant(config, { scope: 'deals:read' });
      expect(tokens.token_type).toBe('bearer');
      expect(tokens.expires_in).toBe(3600);
      expect(tokens.scope).toBe('deals:read');

      // A resource server that never calls Warden: keys from the JWKS, claims checked locally.
      const jwks = createRemoteJWKSet(new URL(`${issuer}/.well-known/jwks.json`), { timeoutDuration: 10_000 });
      const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, { issuer, audience: issuer, typ: 'at+jwt', algorithms: ['EdDSA'] });
      expect(protectedHeader.alg).toBe('EdDSA');
      expect(payload).toMatchObject({ sub: creds.client_id, client_id: creds.client_id, scope: 'deals:read' });

      const introspection = await client.tokenIntrospection(config, tokens.access_token);
      expect(introspection).toMatchObject({ active: true, client_id: creds.client_id, scope: 'deals:read' });
      await client.tokenRevocation(config, tokens.access_token);
      expect((await client.tokenIntrospection(config, tokens.access_token)).active).toBe(false);
    });
  }

  it('the seed\'s curl: form-encoded client_id + client_secret, then the bearer token on the API', async () => {
    const response = await fetch(`${issuer}/oauth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${creds.client_id}&client_secret=${creds.client_secret}`,
      signal: AbortSignal.timeout(10_000),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; expires_in: number; token_type: string };
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(3600);
    const me = await fetch(`${issuer}/v1/me`, { headers: { Authorization: `Bearer ${body.access_token}` }, signal: AbortSignal.timeout(10_000) });
    expect(me.status).toBe(200);
  });
});
