import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { generateApiKey } from '../src/keys/key-codec.js';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Auth, type CreatedKey, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem, mistype } from './helpers/assertions.js';

/** A well-formed key (right prefix, right checksum) that was never issued. */
const unknownKey = (): string => generateApiKey({ prefix: 'wk', type: '' }, 'live').key;

describe(`POST /v1/verify (${STORE_KIND})`, () => {
  const START = Date.UTC(2030, 5, 1, 9, 0, 0);
  const clock = new ManualClock(START);
  let t: TestApp;
  let owner: Owner;
  let session: Auth;
  let caller: Auth;
  let subject: CreatedKey;
  const expiresAt = new Date(START + 30 * 86_400_000).toISOString();

  const verify = (body: unknown, auth: Auth = caller) => call(t.app, 'POST', '/v1/verify', { auth, body });
  const verified = async (body: unknown, auth: Auth = caller): Promise<Record<string, any>> => {
    const response = await verify(body, auth);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().data;
  };

  beforeAll(async () => {
    t = await createTestApp({ clock });
    owner = await registerOwner(t.app);
    session = { bearer: owner.session };
    caller = { apiKey: (await createKey(t.app, session, { name: 'verifier', scopes: ['verify:read'] })).key };
    subject = await createKey(t.app, session, {
      name: 'payments backend',
      scopes: ['api-keys:read', 'events:read'],
      environment: 'test',
      expires_at: expiresAt,
      rate_limit: 120,
      metadata: { team: 'payments', tier: 2 },
    });
  });
  afterAll(async () => t?.close());

  it('answers a valid key with valid:true and its details', async () => {
    const response = await verify({ key: subject.key });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.json()).toEqual({
      data: {
        valid: true,
        key_id: subject.id,
        name: 'payments backend',
        workspace_id: owner.workspaceId,
        environment: 'test',
        scopes: ['api-keys:read', 'events:read'],
        rate_limit: 120,
        expires_at: expiresAt,
        metadata: { team: 'payments', tier: 2 },
      },
    });
  });

  it('accepts callers holding verify:*, *:* or a user session', async () => {
    for (const scopes of [['verify:*'], ['*:*']]) {
      const auth = { bearer: (await createKey(t.app, session, { name: scopes[0]!, scopes })).key };
      expect((await verified({ key: subject.key }, auth)).valid, scopes[0]).toBe(true);
    }
    expect((await verified({ key: subject.key }, session)).valid).toBe(true);
  });

  it('answers an unknown well-formed key with invalid_key (200, no details)', async () => {
    expect(await verified({ key: unknownKey() })).toEqual({ valid: false, code: 'invalid_key' });
  });

  it('answers a mistyped key and a non-key string with invalid_key', async () => {
    expect(await verified({ key: mistype(subject.key) })).toEqual({ valid: false, code: 'invalid_key' });
    expect(await verified({ key: 'not a key at all' })).toEqual({ valid: false, code: 'invalid_key' });
    expect(await verified({ key: '' })).toEqual({ valid: false, code: 'invalid_key' });
  });

  it('answers a revoked key with key_revoked', async () => {
    const key = await createKey(t.app, session, { name: 'to revoke', scopes: ['events:read'] });
    expect((await verified({ key: key.key })).valid).toBe(true);
    expect((await call(t.app, 'DELETE', `/v1/keys/${key.id}`, { auth: session })).statusCode).toBe(200);
    const data = await verified({ key: key.key });
    expect(data).toMatchObject({ valid: false, code: 'key_revoked', key_id: key.id });
  });

  it('answers a rotated-away secret with key_revoked and the new secret with valid', async () => {
    const key = await createKey(t.app, session, { name: 'to rotate', scopes: ['events:read'] });
    const rotated = await call(t.app, 'POST', `/v1/keys/${key.id}/rotate`, { auth: session, body: {} });
    expect(rotated.statusCode, rotated.body).toBe(200);
    expect(await verified({ key: key.key })).toMatchObject({ valid: false, code: 'key_revoked', key_id: key.id });
    expect(await verified({ key: rotated.json().data.key })).toMatchObject({ valid: true, key_id: key.id });
  });

  it('answers an expired key with key_expired', async () => {
    const key = await createKey(t.app, session, {
      name: 'short lived',
      scopes: ['events:read'],
      expires_at: new Date(clock.nowMs() + 10_000).toISOString(),
    });
    expect((await verified({ key: key.key })).valid).toBe(true);
    clock.advanceSeconds(11);
    expect(await verified({ key: key.key })).toMatchObject({ valid: false, code: 'key_expired', key_id: key.id });
  });

  it('reports required_scopes the key does not hold as insufficient_scope with missing_scopes', async () => {
    const data = await verified({ key: subject.key, required_scopes: ['api-keys:read', 'api-keys:write', 'usage:read'] });
    expect(data).toMatchObject({ valid: false, code: 'insufficient_scope', missing_scopes: ['api-keys:write', 'usage:read'], key_id: subject.id });
  });

  it('answers valid when every required scope is held (wildcards included)', async () => {
    expect((await verified({ key: subject.key, required_scopes: ['api-keys:read', 'events:read'] })).valid).toBe(true);
    expect((await verified({ key: subject.key, required_scopes: [] })).valid).toBe(true);
    const wide = await createKey(t.app, session, { name: 'wide', scopes: ['events:*'] });
    expect(await verified({ key: wide.key, required_scopes: ['events:read', 'events:write', 'events:*'] })).toMatchObject({ valid: true });
  });

  describe('allowed_ips', () => {
    let restricted: CreatedKey;
    beforeAll(async () => {
      restricted = await createKey(t.app, session, { name: 'office', scopes: ['events:read'], allowed_ips: ['203.0.113.0/24', '2001:db8::/32'] });
    });

    it('answers an ip outside allowed_ips with ip_not_allowed', async () => {
      expect(await verified({ key: restricted.key, ip: '198.51.100.7' })).toMatchObject({ valid: false, code: 'ip_not_allowed', key_id: restricted.id });
    });

    it('answers ip_not_allowed when the key has allowed_ips and no ip is given', async () => {
      expect(await verified({ key: restricted.key })).toMatchObject({ valid: false, code: 'ip_not_allowed' });
    });

    it('answers valid for an ip inside allowed_ips (IPv4 and IPv6)', async () => {
      expect(await verified({ key: restricted.key, ip: '203.0.113.42' })).toMatchObject({ valid: true, key_id: restricted.id });
      expect(await verified({ key: restricted.key, ip: '2001:db8::1' })).toMatchObject({ valid: true });
    });

    it('ignores ip for a key without allowed_ips', async () => {
      expect((await verified({ key: subject.key, ip: '198.51.100.7' })).valid).toBe(true);
    });
  });

  describe('keys of another workspace', () => {
    let stranger: Owner;
    beforeAll(async () => {
      stranger = await registerOwner(t.app);
    });

    it('answers a valid key of another workspace with a bare invalid_key', async () => {
      const foreign = await createKey(t.app, { bearer: stranger.session }, { name: 'foreign', scopes: ['events:read'], metadata: { secret: 'x' } });
      const data = await verified({ key: foreign.key, required_scopes: ['events:read'] });
      expect(data).toEqual({ valid: false, code: 'invalid_key' });
    });

    it('answers a revoked or ip-restricted key of another workspace with a bare invalid_key', async () => {
      const strangerSession = { bearer: stranger.session };
      const revoked = await createKey(t.app, strangerSession, { name: 'foreign revoked', scopes: [] });
      await call(t.app, 'DELETE', `/v1/keys/${revoked.id}`, { auth: strangerSession });
      expect(await verified({ key: revoked.key })).toEqual({ valid: false, code: 'invalid_key' });
      const restricted = await createKey(t.app, strangerSession, { name: 'foreign office', scopes: [], allowed_ips: ['203.0.113.0/24'] });
      expect(await verified({ key: restricted.key, ip: '198.51.100.1' })).toEqual({ valid: false, code: 'invalid_key' });
    });
  });

  describe('bad requests', () => {
    it('rejects malformed required_scopes with 400 validation_failed naming the entry', async () => {
      const body = expectProblem(await verify({ key: subject.key, required_scopes: ['events:read', 'events'] }), 400, 'validation_failed');
      expect(body.errors).toEqual([expect.objectContaining({ field: 'required_scopes[1]' })]);
      expectProblem(await verify({ key: subject.key, required_scopes: ['events:delete'] }), 400, 'validation_failed');
      expectProblem(await verify({ key: subject.key, required_scopes: [''] }), 400, 'validation_failed');
    });

    it('rejects required_scopes naming an unknown resource', async () => {
      const body = expectProblem(await verify({ key: subject.key, required_scopes: ['deals:read'] }), 400, 'validation_failed');
      expect(body.errors[0].field).toBe('required_scopes[0]');
    });

    it('rejects a body without key with 400 validation_failed naming key', async () => {
      const body = expectProblem(await verify({ required_scopes: ['events:read'] }), 400, 'validation_failed');
      expect(body.errors.map((e: { field: string }) => e.field)).toContain('key');
    });

    it('rejects unknown fields, a non-scalar key and a missing body', async () => {
      expectProblem(await verify({ key: subject.key, token: 'x' }), 400, 'validation_failed');
      expectProblem(await verify({ key: { value: subject.key } }), 400, 'validation_failed');
      expectProblem(await call(t.app, 'POST', '/v1/verify', { auth: caller }), 400, 'validation_failed');
    });
  });
});

describe(`POST /v1/verify with a broken store (${STORE_KIND})`, () => {
  let t: TestApp;
  let caller: Auth;
  let schema: string | undefined;

  beforeAll(async () => {
    t = await createTestApp();
    const owner = await registerOwner(t.app);
    caller = { apiKey: (await createKey(t.app, { bearer: owner.session }, { name: 'verifier', scopes: ['verify:read'] })).key };
    // The caller's own key is now cached, so only the verified key needs the store.
    const warm = await call(t.app, 'POST', '/v1/verify', { auth: caller, body: { key: unknownKey() } });
    expect(warm.statusCode).toBe(200);
    if (STORE_KIND === 'postgres') schema = (await t.db.query<{ schema: string }>('select current_schema() as schema'))[0]!.schema;
  });

  afterAll(async () => {
    // The store is already closed: closing the app may complain about it; clean up regardless.
    await t?.close().catch(() => undefined);
    if (schema && process.env.DATABASE_URL) {
      const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
      await client.connect();
      try {
        await client.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await client.end();
      }
    }
  });

  it('fails closed: an uncached key answers 503 store_unavailable with Retry-After', async () => {
    await t.db.close();
    const response = await call(t.app, 'POST', '/v1/verify', { auth: caller, body: { key: unknownKey() } });
    const body = expectProblem(response, 503, 'store_unavailable');
    expect(body).not.toHaveProperty('valid');
    expect(response.headers['retry-after']).toBe('5');
  });
});
