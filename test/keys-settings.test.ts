import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateApiKey } from '../src/keys/key-codec.js';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Auth, type TestApp } from './helpers/test-app.js';
import { expectProblem, fieldsOf, sha256 } from './helpers/assertions.js';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { IN_MEMORY } from '../src/store/open-database.js';

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
  const strictApps: FastifyInstance[] = [];
  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_SCOPE_RESOURCES: 'jobs' } });
    auth = { bearer: (await registerOwner(t.app)).session };
  });
  afterAll(async () => {
    for (const app of strictApps) await app.close();
    await t.close();
  });
  /** The same store served with the rule on, as after an operator turned it on. */
  const strict = async (): Promise<FastifyInstance> => {
    const config = loadConfig({ WARDEN_LOG_LEVEL: 'silent', WARDEN_DATA_DIR: IN_MEMORY, WARDEN_RATE_LIMITS: 'off', WARDEN_SCOPE_RESOURCES: 'jobs', WARDEN_SCOPES_WRITE_REQUIRES_READ: 'true' });
    const app = await buildApp({ config: { ...config, databaseUrl: process.env.DATABASE_URL }, db: t.db });
    strictApps.push(app);
    await app.ready();
    return app;
  };

  // Regression (issue 12 §4): missing_scopes named jobs:write, which the key holds, when jobs:read is what it lacks.
  it('a write-only key made before the rule: missing_scopes names the read scope it lacks', async () => {
    const writeOnly = await createKey(t.app, auth, { name: 'write only', scopes: ['api-keys:write', 'jobs:write', 'verify:read'] });
    const app = await strict();
    const refused = await call(app, 'POST', '/v1/keys', { auth: { apiKey: writeOnly.key }, body: { name: 'x', scopes: [] } });
    expect(expectProblem(refused, 403, 'insufficient_scope').missing_scopes).toEqual(['api-keys:read']);
    expect(refused.headers['www-authenticate']).toContain('error="insufficient_scope"');
    const verdict = await call(app, 'POST', '/v1/verify', { auth: { apiKey: writeOnly.key }, body: { key: writeOnly.key, required_scopes: ['jobs:write', 'jobs:*'] } });
    expect(verdict.json().data).toMatchObject({ valid: false, code: 'insufficient_scope', missing_scopes: ['jobs:read'] });
    const nothing = await createKey(t.app, auth, { name: 'nothing', scopes: [] });
    const none = await call(app, 'POST', '/v1/verify', { auth: { apiKey: writeOnly.key }, body: { key: nothing.key, required_scopes: ['jobs:write'] } });
    expect(none.json().data.missing_scopes).toEqual(['jobs:read', 'jobs:write']);
  });

  it('refuses to create (or narrow to) a key whose write scope lacks its read scope: 400 naming the field', async () => {
    const app = await strict();
    const create = (scopes: string[]) => call(app, 'POST', '/v1/keys', { auth, body: { name: 'k', scopes } });
    const refused = expectProblem(await create(['verify:read', 'jobs:write']), 400, 'validation_failed');
    expect(refused.errors).toEqual([{ field: 'scopes[1]', message: expect.stringContaining('"jobs:write" grants nothing without "jobs:read"') }]);
    expectProblem(await create(['*:write', 'jobs:read']), 400, 'validation_failed');
    for (const scopes of [['jobs:read', 'jobs:write'], ['jobs:*'], ['*:read', 'jobs:write'], ['*:*']]) {
      const created = await create(scopes);
      expect(created.statusCode, `${scopes}: ${created.body}`).toBe(201);
    }
    const readWrite = (await create(['api-keys:read', 'api-keys:write'])).json().data;
    const narrowed = await call(app, 'PATCH', `/v1/keys/${readWrite.id}`, { auth, body: { scopes: ['api-keys:write'] } });
    expect(fieldsOf(expectProblem(narrowed, 400, 'validation_failed'))).toEqual(['scopes[0]']);
    // With api-keys:read and :write the key does what the rule allows.
    const ok = await call(app, 'POST', '/v1/keys', { auth: { apiKey: readWrite.key }, body: { name: 'child', scopes: ['api-keys:read'] } });
    expect(ok.statusCode, ok.body).toBe(201);
    const [count] = await t.db.query<{ n: number }>("select count(*)::int as n from api_keys where name = 'k'");
    expect(count!.n).toBe(5);
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
