import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Auth, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';

/** Listing, reading, updating and revoking keys; the /v1/api-keys alias; workspace isolation. */

async function auditRows(t: TestApp, keyId: string, type?: string): Promise<any[]> {
  return t.db.query(
    `select * from audit_events where target_id = $1${type ? ' and type = $2' : ''} order by id`,
    type ? [keyId, type] : [keyId],
  );
}

describe(`GET /v1/keys on ${STORE_KIND}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('lists newest first and pages with limit and next_cursor', async () => {
    const owner = await registerOwner(t.app);
    const auth = { bearer: owner.session };
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await createKey(t.app, auth, { name: `k${i}`, scopes: ['api-keys:read'] })).id);
    const newestFirst = [...ids].reverse();

    const all = await call(t.app, 'GET', '/v1/keys', { auth });
    expect(all.statusCode).toBe(200);
    expect(all.headers['cache-control']).toBe('no-store');
    expect(all.json().data.map((k: any) => k.id)).toEqual(newestFirst);
    expect(all.json().next_cursor).toBeNull();

    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/v1/keys?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await call(t.app, 'GET', url, { auth });
      expect(page.statusCode, page.body).toBe(200);
      pages.push(page.json().data.map((k: any) => k.id));
      cursor = page.json().next_cursor;
      if (cursor !== null) expect(typeof cursor).toBe('string');
    } while (cursor !== null && pages.length < 10);
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual(newestFirst);
    expect(new Set(pages.flat()).size).toBe(5);
  });

  it('filters by environment and revoked', async () => {
    const owner = await registerOwner(t.app);
    const auth = { bearer: owner.session };
    const live1 = await createKey(t.app, auth, { name: 'live1', scopes: ['api-keys:read'] });
    const live2 = await createKey(t.app, auth, { name: 'live2', scopes: ['api-keys:read'] });
    const test1 = await createKey(t.app, auth, { name: 'test1', scopes: ['api-keys:read'], environment: 'test' });
    expect((await call(t.app, 'DELETE', `/v1/keys/${live2.id}`, { auth })).statusCode).toBe(200);

    const ids = async (query: string): Promise<string[]> => {
      const res = await call(t.app, 'GET', `/v1/keys?${query}`, { auth });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().data.map((k: any) => k.id);
    };
    expect(await ids('environment=test')).toEqual([test1.id]);
    expect(await ids('environment=live')).toEqual([live2.id, live1.id]);
    expect(await ids('revoked=true')).toEqual([live2.id]);
    expect(await ids('revoked=false')).toEqual([test1.id, live1.id]);
    expect(await ids('environment=live&revoked=false')).toEqual([live1.id]);
  });

  it.each([
    ['cursor=not-a-cursor', 'cursor'],
    [`cursor=${Buffer.from('usr_0000000000000000000000').toString('base64url')}`, 'cursor'],
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=two', 'limit'],
    ['environment=staging', 'environment'],
    ['revoked=maybe', 'revoked'],
  ])('?%s → 400 validation_failed naming %s', async (query, field) => {
    const owner = await registerOwner(t.app);
    const res = await call(t.app, 'GET', `/v1/keys?${query}`, { auth: { bearer: owner.session } });
    const problem = expectProblem(res, 400, 'validation_failed');
    expect(problem.errors.map((e: any) => e.field)).toContain(field);
  });

  it("lists, gets and changes only the caller's workspace's keys", async () => {
    const first = await registerOwner(t.app);
    const second = await registerOwner(t.app);
    const firstKey = await createKey(t.app, { bearer: first.session }, { name: 'first', scopes: ['api-keys:read'] });
    const secondAdmin = await createKey(t.app, { bearer: second.session }, { name: 'second admin', scopes: ['api-keys:*'] });

    for (const auth of [{ bearer: second.session }, { apiKey: secondAdmin.key }] as Auth[]) {
      const list = await call(t.app, 'GET', '/v1/keys', { auth });
      expect(list.statusCode).toBe(200);
      expect(list.json().data.map((k: any) => k.id)).toEqual([secondAdmin.id]);
      // A cursor naming the other workspace's key does not leak it either.
      const cursor = Buffer.from(firstKey.id).toString('base64url');
      const paged = await call(t.app, 'GET', `/v1/keys?cursor=${cursor}`, { auth });
      expect(paged.json().data.map((k: any) => k.id)).not.toContain(firstKey.id);

      expectProblem(await call(t.app, 'GET', `/v1/keys/${firstKey.id}`, { auth }), 404, 'not_found');
      expectProblem(await call(t.app, 'PATCH', `/v1/keys/${firstKey.id}`, { auth, body: { name: 'hijacked' } }), 404, 'not_found');
      expectProblem(await call(t.app, 'POST', `/v1/keys/${firstKey.id}/rotate`, { auth }), 404, 'not_found');
      expectProblem(await call(t.app, 'DELETE', `/v1/keys/${firstKey.id}`, { auth }), 404, 'not_found');
    }
    const still = await call(t.app, 'GET', `/v1/keys/${firstKey.id}`, { auth: { bearer: first.session } });
    expect(still.json().data).toMatchObject({ name: 'first', revoked_at: null, prefix: firstKey.body.prefix });
    expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: firstKey.key } })).statusCode).toBe(200);
    expect(await auditRows(t, firstKey.id)).toHaveLength(1); // key.created only
  });

  it('GET /v1/keys/{id} answers 200 for a key, 404 not_found for an unknown id', async () => {
    const owner = await registerOwner(t.app);
    const auth = { bearer: owner.session };
    const created = await createKey(t.app, auth, { name: 'one', scopes: ['api-keys:read'] });
    const res = await call(t.app, 'GET', `/v1/keys/${created.id}`, { auth });
    expect(res.statusCode).toBe(200);
    expect(res.json().data.id).toBe(created.id);
    expectProblem(await call(t.app, 'GET', '/v1/keys/key_0000000000000000000000', { auth }), 404, 'not_found');
    expectProblem(await call(t.app, 'GET', '/v1/keys/nope', { auth }), 404, 'not_found');
  });
});

describe(`PATCH and DELETE /v1/keys/{id} on ${STORE_KIND}`, () => {
  let t: TestApp;
  let owner: Owner;
  let auth: Auth;
  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_SCOPE_RESOURCES: 'deals' } });
    owner = await registerOwner(t.app);
    auth = { bearer: owner.session };
  });
  afterAll(async () => t.close());

  it('renames and replaces metadata, writing one key.updated audit row', async () => {
    const created = await createKey(t.app, auth, { name: 'before', scopes: ['api-keys:read'], metadata: { a: 1, b: 2 } });
    const res = await call(t.app, 'PATCH', `/v1/keys/${created.id}`, { auth, body: { name: 'after', metadata: { c: 3 } } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const { key, warning, ...view } = created.body;
    void key; void warning;
    expect(res.json().data).toEqual({ ...view, name: 'after', metadata: { c: 3 } });
    expect(res.json().data).not.toHaveProperty('key');
    const got = await call(t.app, 'GET', `/v1/keys/${created.id}`, { auth });
    expect(got.json().data).toMatchObject({ name: 'after', metadata: { c: 3 }, scopes: ['api-keys:read'] });

    const rows = await auditRows(t, created.id, 'key.updated');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_type: 'user', actor_id: owner.userId, workspace_id: owner.workspaceId, target_type: 'api_key' });
  });

  it('narrowing scopes takes effect at once (cache invalidated)', async () => {
    const key = await createKey(t.app, auth, { name: 'admin', scopes: ['api-keys:*'] });
    const asKey = { apiKey: key.key };
    // Use it first so it is cached with its wide scopes.
    expect((await call(t.app, 'GET', '/v1/keys', { auth: asKey })).statusCode).toBe(200);
    const made = await call(t.app, 'POST', '/v1/keys', { auth: asKey, body: { name: 'child', scopes: ['api-keys:read'] } });
    expect(made.statusCode, made.body).toBe(201);

    const res = await call(t.app, 'PATCH', `/v1/keys/${key.id}`, { auth, body: { scopes: ['api-keys:read'] } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().data.scopes).toEqual(['api-keys:read']);

    expect((await call(t.app, 'GET', '/v1/keys', { auth: asKey })).statusCode).toBe(200);
    const refused = await call(t.app, 'POST', '/v1/keys', { auth: asKey, body: { name: 'child2', scopes: ['api-keys:read'] } });
    const problem = expectProblem(refused, 403, 'insufficient_scope');
    expect(problem.missing_scopes).toEqual(['api-keys:write']);
    expect(refused.headers['www-authenticate']).toContain('error="insufficient_scope"');
  });

  it('narrowing deals:* to deals:read is what /v1/verify then reports', async () => {
    const key = await createKey(t.app, auth, { name: 'deals', scopes: ['deals:*'] });
    const verify = async (required: string[]) =>
      (await call(t.app, 'POST', '/v1/verify', { auth, body: { key: key.key, required_scopes: required } })).json().data;
    expect(await verify(['deals:write'])).toMatchObject({ valid: true, key_id: key.id });
    expect((await call(t.app, 'PATCH', `/v1/keys/${key.id}`, { auth, body: { scopes: ['deals:read'] } })).statusCode).toBe(200);
    expect(await verify(['deals:read'])).toMatchObject({ valid: true, scopes: ['deals:read'] });
    expect(await verify(['deals:write'])).toMatchObject({ valid: false, code: 'insufficient_scope', missing_scopes: ['deals:write'] });
  });

  it('widening scopes → 400 scope_not_narrowing, nothing changed or audited', async () => {
    const key = await createKey(t.app, auth, { name: 'narrow', scopes: ['api-keys:read'] });
    for (const scopes of [['api-keys:*'], ['api-keys:read', 'deals:read'], ['*:read']]) {
      const res = await call(t.app, 'PATCH', `/v1/keys/${key.id}`, { auth, body: { scopes } });
      const problem = expectProblem(res, 400, 'scope_not_narrowing');
      expect(problem.errors.map((e: any) => e.field)).toContain('scopes');
    }
    const got = await call(t.app, 'GET', `/v1/keys/${key.id}`, { auth });
    expect(got.json().data.scopes).toEqual(['api-keys:read']);
    expect(await auditRows(t, key.id, 'key.updated')).toHaveLength(0);
  });

  it('a key cannot narrow another key to scopes it does not hold itself', async () => {
    const admin = await createKey(t.app, auth, { name: 'keys admin', scopes: ['api-keys:*'] });
    const wide = await createKey(t.app, auth, { name: 'wide', scopes: ['*:*'] });
    const res = await call(t.app, 'PATCH', `/v1/keys/${wide.id}`, { auth: { apiKey: admin.key }, body: { scopes: ['deals:read'] } });
    // Refused before the new scopes are even looked at: the key it would change is wider than itself.
    expect(expectProblem(res, 403, 'insufficient_scope').missing_scopes).toEqual(['*:*']);
    expect((await call(t.app, 'GET', `/v1/keys/${wide.id}`, { auth })).json().data.scopes).toEqual(['*:*']);
  });

  it('issue 12: an api-keys:write key cannot narrow, rename or revoke a key wider than itself (as for clients and agents)', async () => {
    const admin = await createKey(t.app, auth, { name: 'keys admin 2', scopes: ['api-keys:*', 'deals:read'] });
    const wide = await createKey(t.app, auth, { name: 'wider', scopes: ['deals:read', 'events:read'] });
    const asAdmin = { apiKey: admin.key };
    // Narrowing to scopes the admin holds was let through: it still changes a key holding events:read.
    const narrowed = await call(t.app, 'PATCH', `/v1/keys/${wide.id}`, { auth: asAdmin, body: { scopes: ['deals:read'] } });
    expect(expectProblem(narrowed, 403, 'insufficient_scope').missing_scopes).toEqual(['events:read']);
    expectProblem(await call(t.app, 'PATCH', `/v1/keys/${wide.id}`, { auth: asAdmin, body: { name: 'renamed' } }), 403, 'insufficient_scope');
    const revoked = await call(t.app, 'DELETE', `/v1/keys/${wide.id}`, { auth: asAdmin });
    expect(expectProblem(revoked, 403, 'insufficient_scope').missing_scopes).toEqual(['events:read']);
    const after = (await call(t.app, 'GET', `/v1/keys/${wide.id}`, { auth })).json().data;
    expect(after).toMatchObject({ name: 'wider', scopes: ['deals:read', 'events:read'], revoked_at: null });
    expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: wide.key } })).statusCode).toBe(200);
    expect(await auditRows(t, wide.id, 'key.updated')).toHaveLength(0);
    expect(await auditRows(t, wide.id, 'key.revoked')).toHaveLength(0);
    // A key it covers, it may still narrow and revoke.
    const narrow = await createKey(t.app, auth, { name: 'covered', scopes: ['deals:read', 'api-keys:read'] });
    expect((await call(t.app, 'PATCH', `/v1/keys/${narrow.id}`, { auth: asAdmin, body: { scopes: ['deals:read'] } })).statusCode).toBe(200);
    expect((await call(t.app, 'DELETE', `/v1/keys/${narrow.id}`, { auth: asAdmin })).statusCode).toBe(200);
  });

  it.each([
    ['an empty body', {}],
    ['an unknown field', { colour: 'red' }],
    ['a blank name', { name: ' ' }],
    ['an unknown resource', { scopes: ['foo:read'] }],
  ])('PATCH with %s → 400 validation_failed', async (_label, body) => {
    const key = await createKey(t.app, auth, { name: 'stays', scopes: ['api-keys:read'] });
    expectProblem(await call(t.app, 'PATCH', `/v1/keys/${key.id}`, { auth, body }), 400, 'validation_failed');
    expect((await call(t.app, 'GET', `/v1/keys/${key.id}`, { auth })).json().data).toMatchObject({ name: 'stays', scopes: ['api-keys:read'] });
    expect(await auditRows(t, key.id, 'key.updated')).toHaveLength(0);
  });

  it('DELETE revokes at once and is idempotent, auditing once', async () => {
    const key = await createKey(t.app, auth, { name: 'doomed', scopes: ['api-keys:read'] });
    expect((await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key.key } })).statusCode).toBe(200); // cached

    const first = await call(t.app, 'DELETE', `/v1/keys/${key.id}`, { auth });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    const revokedAt = first.json().data.revoked_at;
    expect(revokedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(first.json().data).not.toHaveProperty('key');

    const used = await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key.key } });
    expectProblem(used, 401, 'key_revoked');
    expect(used.headers['www-authenticate']).toContain('error="invalid_token"');
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: key.key } }), 401, 'key_revoked');

    const second = await call(t.app, 'DELETE', `/v1/keys/${key.id}`, { auth });
    expect(second.statusCode).toBe(200);
    expect(second.json().data.revoked_at).toBe(revokedAt);
    expect((await call(t.app, 'GET', `/v1/keys/${key.id}`, { auth })).json().data.revoked_at).toBe(revokedAt);

    const rows = await auditRows(t, key.id, 'key.revoked');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor_type: 'user', actor_id: owner.userId, workspace_id: owner.workspaceId });
  });

  it('DELETE of an unknown key → 404 not_found', async () => {
    expectProblem(await call(t.app, 'DELETE', '/v1/keys/key_0000000000000000000000', { auth }), 404, 'not_found');
  });

  it('create, rotate, update and revoke each write exactly one audit row naming the calling key', async () => {
    const admin = await createKey(t.app, auth, { name: 'audit admin', scopes: ['api-keys:*'] });
    const asAdmin = { apiKey: admin.key };
    const created = await createKey(t.app, asAdmin, { name: 'audited', scopes: ['api-keys:read'] });
    expect((await call(t.app, 'POST', `/v1/keys/${created.id}/rotate`, { auth: asAdmin })).statusCode).toBe(200);
    expect((await call(t.app, 'PATCH', `/v1/keys/${created.id}`, { auth: asAdmin, body: { name: 'renamed' } })).statusCode).toBe(200);
    expect((await call(t.app, 'DELETE', `/v1/keys/${created.id}`, { auth: asAdmin })).statusCode).toBe(200);

    const rows = await auditRows(t, created.id);
    expect(rows.map((r) => r.type).sort()).toEqual(['key.created', 'key.revoked', 'key.rotated', 'key.updated']);
    for (const row of rows) {
      expect(row).toMatchObject({
        actor_type: 'api_key', actor_id: admin.id, target_type: 'api_key', target_id: created.id, workspace_id: owner.workspaceId,
      });
    }
    const byUser = await auditRows(t, admin.id, 'key.created');
    expect(byUser).toHaveLength(1);
    expect(byUser[0]).toMatchObject({ actor_type: 'user', actor_id: owner.userId, workspace_id: owner.workspaceId });
  });
});

describe(`/v1/api-keys alias on ${STORE_KIND}`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('supports create, list, get, update, rotate and revoke', async () => {
    const owner = await registerOwner(t.app);
    const auth = { bearer: owner.session };
    const created = await call(t.app, 'POST', '/v1/api-keys', { auth, body: { name: 'via alias', scopes: ['api-keys:read'] } });
    expect(created.statusCode, created.body).toBe(201);
    const data = created.json().data;
    expect(created.headers.location).toBe(`/v1/api-keys/${data.id}`);
    expect(data.key).toMatch(/^wk_live_[0-9A-Za-z]{38}$/);

    const list = await call(t.app, 'GET', '/v1/api-keys', { auth });
    expect(list.statusCode).toBe(200);
    expect(list.json().data.map((k: any) => k.id)).toEqual([data.id]);
    const one = await call(t.app, 'GET', `/v1/api-keys/${data.id}`, { auth });
    expect(one.statusCode).toBe(200);
    expect(one.json().data).not.toHaveProperty('key');
    // Same resource under both paths.
    expect((await call(t.app, 'GET', `/v1/keys/${data.id}`, { auth })).json().data).toEqual(one.json().data);

    const patched = await call(t.app, 'PATCH', `/v1/api-keys/${data.id}`, { auth, body: { name: 'renamed' } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().data.name).toBe('renamed');

    const rotated = await call(t.app, 'POST', `/v1/api-keys/${data.id}/rotate`, { auth });
    expect(rotated.statusCode, rotated.body).toBe(200);
    const newKey = rotated.json().data.key;
    expectProblem(await call(t.app, 'GET', '/v1/api-keys', { auth: { apiKey: data.key } }), 401, 'key_revoked');
    expect((await call(t.app, 'GET', '/v1/api-keys', { auth: { apiKey: newKey } })).statusCode).toBe(200);

    const revoked = await call(t.app, 'DELETE', `/v1/api-keys/${data.id}`, { auth });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().data.revoked_at).not.toBeNull();
    expectProblem(await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: newKey } }), 401, 'key_revoked');
    expectProblem(await call(t.app, 'GET', '/v1/api-keys/key_0000000000000000000000', { auth }), 404, 'not_found');
  });
});
