import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../src/keys/key-codec.js';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Auth, type TestApp } from './helpers/test-app.js';
import { expectProblem, sha256 } from './helpers/assertions.js';

/** Deployment settings that change what the key routes do. */

describe(`WARDEN_KEY_MANAGEMENT=session on ${STORE_KIND}`, () => {
  let t: TestApp;
  let auth: Auth;
  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_KEY_MANAGEMENT: 'session' } });
    auth = { bearer: (await registerOwner(t.app)).session };
  });
  afterAll(async () => t.close());

  it('an API key, even *:*, may read keys but not create, update, revoke or rotate them', async () => {
    const owner = await registerOwner(t.app);
    const auth = { bearer: owner.session };
    const root = await createKey(t.app, auth, { name: 'root', scopes: ['*:*'] });
    const target = await createKey(t.app, auth, { name: 'target', scopes: ['api-keys:read'] });
    for (const asKey of [{ apiKey: root.key }, { bearer: root.key }] as Auth[]) {
      const list = await call(t.app, 'GET', '/v1/keys', { auth: asKey });
      expect(list.statusCode).toBe(200);
      expect(list.json().data.map((k: any) => k.id)).toEqual([target.id, root.id]);
      expect((await call(t.app, 'GET', `/v1/keys/${target.id}`, { auth: asKey })).statusCode).toBe(200);

      for (const base of ['/v1/keys', '/v1/api-keys']) {
        expectProblem(await call(t.app, 'POST', base, { auth: asKey, body: { name: 'nope', scopes: ['api-keys:read'] } }), 403, 'session_required');
        expectProblem(await call(t.app, 'PATCH', `${base}/${target.id}`, { auth: asKey, body: { name: 'nope' } }), 403, 'session_required');
        expectProblem(await call(t.app, 'DELETE', `${base}/${target.id}`, { auth: asKey }), 403, 'session_required');
        expectProblem(await call(t.app, 'POST', `${base}/${target.id}/rotate`, { auth: asKey }), 403, 'session_required');
      }
    }
    const [count] = await t.db.query<{ n: number }>('select count(*)::int as n from api_keys where workspace_id = $1', [owner.workspaceId]);
    expect(count!.n).toBe(2);
    const got = await call(t.app, 'GET', `/v1/keys/${target.id}`, { auth });
    expect(got.json().data).toMatchObject({ name: 'target', revoked_at: null, prefix: target.body.prefix });
    expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: target.key } })).statusCode).toBe(200);
    expect(await t.db.query('select type from audit_events where target_id = $1', [target.id])).toEqual([{ type: 'key.created' }]);
  });

  it('a session still creates, updates, rotates and revokes', async () => {
    const created = await call(t.app, 'POST', '/v1/keys', { auth, body: { name: 'by session', scopes: ['api-keys:read'] } });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data.id;
    expect((await call(t.app, 'PATCH', `/v1/keys/${id}`, { auth, body: { name: 'renamed' } })).statusCode).toBe(200);
    expect((await call(t.app, 'POST', `/v1/keys/${id}/rotate`, { auth })).statusCode).toBe(200);
    expect((await call(t.app, 'DELETE', `/v1/keys/${id}`, { auth })).statusCode).toBe(200);
  });
});

describe(`WARDEN_SCOPES_WRITE_REQUIRES_READ=true on ${STORE_KIND}`, () => {
  let t: TestApp;
  let auth: Auth;
  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_SCOPES_WRITE_REQUIRES_READ: 'true' } });
    auth = { bearer: (await registerOwner(t.app)).session };
  });
  afterAll(async () => t.close());

  it('api-keys:write alone does not allow POST /v1/keys; with api-keys:read it does', async () => {
    const writeOnly = await createKey(t.app, auth, { name: 'write only', scopes: ['api-keys:write'] });
    const refused = await call(t.app, 'POST', '/v1/keys', { auth: { apiKey: writeOnly.key }, body: { name: 'x', scopes: ['api-keys:write'] } });
    expect(expectProblem(refused, 403, 'insufficient_scope').missing_scopes).toEqual(['api-keys:write']);
    expect(refused.headers['www-authenticate']).toContain('error="insufficient_scope"');

    const readWrite = await createKey(t.app, auth, { name: 'read write', scopes: ['api-keys:read', 'api-keys:write'] });
    const ok = await call(t.app, 'POST', '/v1/keys', { auth: { apiKey: readWrite.key }, body: { name: 'child', scopes: ['api-keys:read'] } });
    expect(ok.statusCode, ok.body).toBe(201);

    const star = await createKey(t.app, auth, { name: 'star', scopes: ['api-keys:*'] });
    expect((await call(t.app, 'POST', '/v1/keys', { auth: { apiKey: star.key }, body: { name: 'child', scopes: ['api-keys:read'] } })).statusCode).toBe(201);
  });
});

describe(`WARDEN_KEY_PREFIX=bk, WARDEN_KEY_TYPE=sk on ${STORE_KIND}`, () => {
  let t: TestApp;
  let auth: Auth;
  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_KEY_PREFIX: 'bk', WARDEN_KEY_TYPE: 'sk' } });
    auth = { bearer: (await registerOwner(t.app)).session };
  });
  afterAll(async () => t.close());

  it('issues bk_live_sk_ and bk_test_sk_ keys that work', async () => {
    const live = await createKey(t.app, auth, { name: 'live', scopes: ['api-keys:read'] });
    expect(live.key).toMatch(/^bk_live_sk_[0-9A-Za-z]{38}$/);
    expect(live.body.prefix).toMatch(/^bk_live_sk_[0-9A-Za-z]{4}$/);
    expect(live.key.startsWith(live.body.prefix)).toBe(true);
    expect((await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: live.key } })).statusCode).toBe(200);
    expect((await call(t.app, 'GET', '/v1/keys', { auth: { bearer: live.key } })).statusCode).toBe(200);

    const test = await createKey(t.app, auth, { name: 'test', scopes: ['api-keys:read'], environment: 'test' });
    expect(test.key).toMatch(/^bk_test_sk_[0-9A-Za-z]{38}$/);
    expect(test.body.prefix).toMatch(/^bk_test_sk_[0-9A-Za-z]{4}$/);

    const rotated = await call(t.app, 'POST', `/v1/keys/${live.id}/rotate`, { auth });
    expect(rotated.json().data.key).toMatch(/^bk_live_sk_[0-9A-Za-z]{38}$/);
    expect(rotated.json().data.prefix).toMatch(/^bk_live_sk_[0-9A-Za-z]{4}$/);
  });

  it('a wk_ key, or a bk_ key without the type segment, is invalid_key', async () => {
    const foreign = [generateApiKey({ prefix: 'wk', type: '' }, 'live').key, generateApiKey({ prefix: 'bk', type: '' }, 'live').key];
    for (const key of foreign) {
      const res = await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key } });
      expectProblem(res, 401, 'invalid_key');
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    }
  });
});

describe(`WARDEN_KEY_ENVIRONMENTS=test: a sandbox deployment (${STORE_KIND})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_KEY_ENVIRONMENTS: 'test' } });
  });
  afterAll(async () => t.close());

  it('issues test keys by default and refuses to issue live keys', async () => {
    const owner = await registerOwner(t.app);
    const created = await createKey(t.app, { bearer: owner.session }, { name: 'sandbox', scopes: [] });
    expect(created.key).toMatch(/^wk_test_/);
    expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: created.key } })).statusCode).toBe(200);
    const refused = await call(t.app, 'POST', '/v1/keys', { auth: { bearer: owner.session }, body: { name: 'prod', scopes: [], environment: 'live' } });
    expectProblem(refused, 403, 'environment_forbidden');
    expect((await t.db.query('select id from api_keys where workspace_id = $1', [owner.workspaceId])).length).toBe(1);
  });

  it('refuses a live key found in its store (issued before the deployment became sandbox-only)', async () => {
    const owner = await registerOwner(t.app);
    const live = generateApiKey({ prefix: 'wk', type: '' }, 'live');
    await t.db.query(
      `insert into api_keys (id, workspace_id, name, display_prefix, environment, scopes, created_by_type, created_by_id)
       values ('key_live_legacy', $1, 'legacy', $2, 'live', '{}', 'system', 'test')`,
      [owner.workspaceId, live.displayPrefix],
    );
    await t.db.query(`insert into api_key_secrets (key_hash, key_id, display_prefix) values ($1, 'key_live_legacy', $2)`, [
      sha256(live.key),
      live.displayPrefix,
    ]);
    const response = await call(t.app, 'GET', '/v1/me', { auth: { apiKey: live.key } });
    expectProblem(response, 403, 'environment_forbidden');
  });
});
