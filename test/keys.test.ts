import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem, sha256 } from './helpers/assertions.js';

/** Creation of API keys: the answer, what is stored, validation, and who may mint what. */

const KEY_FIELDS = [
  'id', 'name', 'prefix', 'environment', 'scopes', 'rate_limit', 'allowed_ips', 'metadata',
  'created_at', 'expires_at', 'last_used_at', 'revoked_at',
] as const;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

async function countKeys(t: TestApp, workspaceId: string): Promise<number> {
  const [row] = await t.db.query<{ n: number }>('select count(*)::int as n from api_keys where workspace_id = $1', [workspaceId]);
  return row!.n;
}

describe(`POST /v1/keys on ${STORE_KIND}`, () => {
  let t: TestApp;
  let owner: Owner;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerOwner(t.app);
  });
  afterAll(async () => t.close());

  it('answers 201 with the whole key object, the plaintext once, Location and no-store', async () => {
    const res = await call(t.app, 'POST', '/v1/keys', {
      auth: { bearer: owner.session },
      body: {
        name: 'Production Server',
        scopes: ['api-keys:read', 'verify:read'],
        rate_limit: 120,
        allowed_ips: ['10.0.0.0/8', '2001:db8::/32'],
        metadata: { team: 'payments', tier: 2 },
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['cache-control']).toBe('no-store');
    const data = res.json().data;
    for (const field of [...KEY_FIELDS, 'key', 'warning']) expect(data).toHaveProperty(field);
    expect(data.id).toMatch(/^key_[0-9A-Za-z]{22}$/);
    expect(res.headers.location).toBe(`/v1/keys/${data.id}`);
    expect(data).toMatchObject({
      name: 'Production Server',
      environment: 'live',
      scopes: ['api-keys:read', 'verify:read'],
      rate_limit: 120,
      allowed_ips: ['10.0.0.0/8', '2001:db8::/32'],
      metadata: { team: 'payments', tier: 2 },
      expires_at: null,
      last_used_at: null,
      revoked_at: null,
    });
    expect(data.created_at).toMatch(ISO);
    expect(data.key).toMatch(/^wk_live_[0-9A-Za-z]{38}$/);
    expect(data.prefix).toMatch(/^wk_live_[0-9A-Za-z]{4}$/);
    expect(data.key.startsWith(data.prefix)).toBe(true);
    expect(typeof data.warning).toBe('string');
    expect(data.warning.length).toBeGreaterThan(0);

    // GET (one and list) shows the same object, never the plaintext.
    const one = await call(t.app, 'GET', `/v1/keys/${data.id}`, { auth: { bearer: owner.session } });
    expect(one.statusCode).toBe(200);
    const { key, warning, ...view } = data;
    expect(one.json().data).toEqual(view);
    expect(one.json().data).not.toHaveProperty('key');
    expect(one.body).not.toContain(key);
    const list = await call(t.app, 'GET', '/v1/keys', { auth: { bearer: owner.session } });
    expect(list.statusCode).toBe(200);
    expect(list.json().data.find((k: any) => k.id === data.id)).toEqual(view);
    expect(list.body).not.toContain(key);
    void warning;
  });

  it('Location is the key URL under the path used, whatever the query string', async () => {
    const body = { name: 'located', scopes: ['api-keys:read'] };
    const slash = await call(t.app, 'POST', '/v1/keys/', { auth: { bearer: owner.session }, body });
    expect(slash.statusCode, slash.body).toBe(201);
    expect(slash.headers.location).toBe(`/v1/keys/${slash.json().data.id}`);
    const alias = await call(t.app, 'POST', '/v1/api-keys', { auth: { bearer: owner.session }, body });
    expect(alias.headers.location).toBe(`/v1/api-keys/${alias.json().data.id}`);
    const query = await call(t.app, 'POST', '/v1/keys?source=ci', { auth: { bearer: owner.session }, body });
    expect(query.statusCode, query.body).toBe(201);
    expect(query.headers.location).toBe(`/v1/keys/${query.json().data.id}`);
  });

  it('defaults to the live environment and makes a working key', async () => {
    const created = await createKey(t.app, { bearer: owner.session }, { name: 'default env', scopes: ['api-keys:read'] });
    expect(created.body.environment).toBe('live');
    expect(created.key).toMatch(/^wk_live_[0-9A-Za-z]{38}$/);
    const me = await call(t.app, 'GET', '/v1/me', { auth: { apiKey: created.key } });
    expect(me.statusCode).toBe(200);
    expect(me.json().data).toMatchObject({ principal: { type: 'api_key', id: created.id }, workspace_id: owner.workspaceId, environment: 'live' });
    const bearer = await call(t.app, 'GET', '/v1/keys', { auth: { bearer: created.key } });
    expect(bearer.statusCode).toBe(200);
  });

  it('issues wk_test_ keys for environment test', async () => {
    const created = await createKey(t.app, { bearer: owner.session }, { name: 'sandbox', scopes: ['api-keys:read'], environment: 'test' });
    expect(created.body.environment).toBe('test');
    expect(created.key).toMatch(/^wk_test_[0-9A-Za-z]{38}$/);
    expect(created.body.prefix).toMatch(/^wk_test_[0-9A-Za-z]{4}$/);
    expect(created.key.startsWith(created.body.prefix)).toBe(true);
    const me = await call(t.app, 'GET', '/v1/me', { auth: { apiKey: created.key } });
    expect(me.json().data.environment).toBe('test');
  });

  it('stores only the SHA-256 of the key, never the plaintext', async () => {
    const created = await createKey(t.app, { bearer: owner.session }, { name: 'hashed', scopes: ['api-keys:read'], metadata: { a: 1 } });
    const secretPart = created.key.slice('wk_live_'.length);
    const keys = await t.db.query('select * from api_keys where id = $1', [created.id]);
    const secrets = await t.db.query<{ key_hash: string; display_prefix: string; retired_at: Date | null }>(
      'select * from api_key_secrets where key_id = $1', [created.id],
    );
    const audit = await t.db.query('select * from audit_events where target_id = $1', [created.id]);
    expect(keys).toHaveLength(1);
    expect(secrets).toHaveLength(1);
    expect(secrets[0]!.key_hash).toBe(sha256(created.key));
    expect(secrets[0]!.display_prefix).toBe(created.body.prefix);
    expect(secrets[0]!.retired_at).toBeNull();
    for (const row of [...keys, ...secrets, ...audit]) {
      for (const value of Object.values(row as Record<string, unknown>)) {
        const text = value instanceof Date ? value.toISOString() : JSON.stringify(value) ?? '';
        expect(text).not.toContain(created.key);
        expect(text).not.toContain(secretPart);
      }
    }
  });

  it('rejects a well-formed key it never issued and a key with a broken checksum', async () => {
    const created = await createKey(t.app, { bearer: owner.session }, { name: 'typo', scopes: ['api-keys:read'] });
    const last = created.key.at(-1)!;
    const typo = created.key.slice(0, -1) + (last === 'a' ? 'b' : 'a');
    const res = await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: typo } });
    expectProblem(res, 401, 'invalid_key');
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  describe('validation', () => {
    let v: Owner;
    beforeAll(async () => {
      v = await registerOwner(t.app);
    });

    const valid = { name: 'ok', scopes: ['api-keys:read'] };
    const past = new Date(Date.now() - 60_000).toISOString();
    const cases: [string, Record<string, unknown>, string][] = [
      ['missing name', { scopes: ['api-keys:read'] }, 'name'],
      ['empty name', { ...valid, name: '' }, 'name'],
      ['blank name', { ...valid, name: '   ' }, 'name'],
      ['missing scopes', { name: 'ok' }, 'scopes'],
      ['malformed scope', { ...valid, scopes: ['deals'] }, 'scopes[0]'],
      ['unknown resource', { ...valid, scopes: ['foo:read'] }, 'scopes[0]'],
      ['unknown resource after a good one', { ...valid, scopes: ['api-keys:read', 'foo:read'] }, 'scopes[1]'],
      ['unknown field', { ...valid, colour: 'red' }, 'colour'],
      ['expires_at in the past', { ...valid, expires_at: past }, 'expires_at'],
      ['expires_at not a date-time', { ...valid, expires_at: 'next tuesday' }, 'expires_at'],
      ['rate_limit 0', { ...valid, rate_limit: 0 }, 'rate_limit'],
      ['allowed_ips not an IP', { ...valid, allowed_ips: ['not-an-ip'] }, 'allowed_ips[0]'],
      ['metadata over 4 KiB', { ...valid, metadata: { blob: 'x'.repeat(5000) } }, 'metadata'],
      ['unknown environment', { ...valid, environment: 'staging' }, 'environment'],
    ];

    it.each(cases)('%s → 400 validation_failed naming the field, nothing stored', async (_label, body, field) => {
      const before = await countKeys(t, v.workspaceId);
      const res = await call(t.app, 'POST', '/v1/keys', { auth: { bearer: v.session }, body });
      const problem = expectProblem(res, 400, 'validation_failed');
      expect(Array.isArray(problem.errors)).toBe(true);
      expect(problem.errors.map((e: { field: string }) => e.field)).toContain(field);
      expect(await countKeys(t, v.workspaceId)).toBe(before);
    });

    it('a malformed JSON body → 400 invalid_json, nothing stored', async () => {
      const before = await countKeys(t, v.workspaceId);
      const res = await call(t.app, 'POST', '/v1/keys', {
        auth: { bearer: v.session },
        headers: { 'content-type': 'application/json' },
        body: '{"name": "broken", "scopes": [',
      });
      expectProblem(res, 400, 'invalid_json');
      expect(await countKeys(t, v.workspaceId)).toBe(before);
    });

    it.each([
      ['text/plain', '{"name": "x", "scopes": ["api-keys:read"]}'],
      ['application/xml', '<key><name>x</name></key>'],
      ['application/x-www-form-urlencoded', 'name=x&scopes=api-keys:read'],
    ])('content-type %s → 415 unsupported_media_type, nothing stored', async (contentType, payload) => {
      const before = await countKeys(t, v.workspaceId);
      const res = await call(t.app, 'POST', '/v1/keys', {
        auth: { bearer: v.session },
        headers: { 'content-type': contentType },
        body: payload,
      });
      expectProblem(res, 415, 'unsupported_media_type');
      expect(await countKeys(t, v.workspaceId)).toBe(before);
    });

    it('an anonymous caller gets 401 before any validation', async () => {
      const res = await call(t.app, 'POST', '/v1/keys', { body: { colour: 'red' } });
      expectProblem(res, 401, 'authentication_required');
      expect(res.headers['www-authenticate']).toMatch(/^Bearer realm=/);
    });
  });
});

describe(`key creation ceilings on ${STORE_KIND}`, () => {
  let t: TestApp;
  let owner: Owner;
  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_SCOPE_RESOURCES: 'deals,documents' } });
    owner = await registerOwner(t.app);
  });
  afterAll(async () => t.close());

  it("accepts seed 000's curl body from a session", async () => {
    const res = await call(t.app, 'POST', '/v1/keys', {
      auth: { bearer: owner.session },
      headers: { 'content-type': 'application/json' },
      body: '{"name": "Production Server", "scopes": ["deals:read", "deals:write", "documents:write"]}',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().data).toMatchObject({
      name: 'Production Server',
      scopes: ['deals:read', 'deals:write', 'documents:write'],
      environment: 'live',
    });
    expect(res.json().data.key).toMatch(/^wk_live_[0-9A-Za-z]{38}$/);
  });

  it('a key cannot mint scopes it does not hold (403 insufficient_scope), only its own', async () => {
    const creator = await createKey(t.app, { bearer: owner.session }, { name: 'creator', scopes: ['api-keys:*', 'verify:read'] });
    const before = await countKeys(t, owner.workspaceId);
    for (const scope of ['*:*', 'deals:read', 'verify:*']) {
      const res = await call(t.app, 'POST', '/v1/keys', { auth: { apiKey: creator.key }, body: { name: 'too wide', scopes: ['verify:read', scope] } });
      const problem = expectProblem(res, 403, 'insufficient_scope');
      expect(problem.missing_scopes).toEqual([scope]);
      expect(res.headers['www-authenticate']).toContain('error="insufficient_scope"');
    }
    expect(await countKeys(t, owner.workspaceId)).toBe(before);

    const ok = await call(t.app, 'POST', '/v1/keys', { auth: { apiKey: creator.key }, body: { name: 'narrow', scopes: ['verify:read'] } });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().data.scopes).toEqual(['verify:read']);
    const alsoOk = await call(t.app, 'POST', '/v1/keys', { auth: { apiKey: creator.key }, body: { name: 'keys', scopes: ['api-keys:read', 'api-keys:write'] } });
    expect(alsoOk.statusCode, alsoOk.body).toBe(201);
  });

  it('a test key cannot create a live key (403 environment_forbidden); its keys default to test', async () => {
    const testKey = await createKey(t.app, { bearer: owner.session }, { name: 'sandbox admin', scopes: ['api-keys:*'], environment: 'test' });
    const before = await countKeys(t, owner.workspaceId);
    const live = await call(t.app, 'POST', '/v1/keys', { auth: { apiKey: testKey.key }, body: { name: 'live', scopes: ['api-keys:read'], environment: 'live' } });
    expectProblem(live, 403, 'environment_forbidden');
    expect(await countKeys(t, owner.workspaceId)).toBe(before);

    const child = await call(t.app, 'POST', '/v1/keys', { auth: { apiKey: testKey.key }, body: { name: 'child', scopes: ['api-keys:read'] } });
    expect(child.statusCode, child.body).toBe(201);
    expect(child.json().data.environment).toBe('test');
    expect(child.json().data.key).toMatch(/^wk_test_/);
  });
});
