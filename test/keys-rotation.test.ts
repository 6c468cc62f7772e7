import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Auth, type CreatedKey, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem, sha256, type Response } from './helpers/assertions.js';

/** POST /v1/keys/{id}/rotate: with and without a grace period, on a frozen clock. */

const START = Date.UTC(2030, 5, 1, 8, 0, 0);

describe(`key rotation on ${STORE_KIND}`, () => {
  let t: TestApp;
  let clock: ManualClock;
  let owner: Owner;
  let auth: Auth;
  beforeAll(async () => {
    clock = new ManualClock(START);
    t = await createTestApp({ clock });
    owner = await registerOwner(t.app);
    auth = { bearer: owner.session };
  });
  afterAll(async () => t.close());

  /** 200 or the problem code the key gets on an authenticated route. */
  const status = async (key: string): Promise<number | string> => {
    const res = await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key } });
    if (res.statusCode === 200) return 200;
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    return res.json().code;
  };

  const fresh = async (name: string): Promise<CreatedKey> => {
    const key = await createKey(t.app, auth, { name, scopes: ['api-keys:read'] });
    expect(await status(key.key)).toBe(200); // now cached: rotation must invalidate it
    return key;
  };

  const expectRotated = (res: Response, old: CreatedKey, graceSeconds: number, nowMs: number): any => {
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const data = res.json().data;
    expect(data.id).toBe(old.id);
    expect(data.key).toMatch(/^wk_live_[0-9A-Za-z]{38}$/);
    expect(data.key).not.toBe(old.key);
    expect(data.prefix).toMatch(/^wk_live_[0-9A-Za-z]{4}$/);
    expect(data.prefix).not.toBe(old.body.prefix);
    expect(data.key.startsWith(data.prefix)).toBe(true);
    expect(typeof data.warning).toBe('string');
    expect(data.previous_key_expires_at).toBe(new Date(nowMs + graceSeconds * 1000).toISOString());
    expect(data).toMatchObject({ name: old.body.name, scopes: old.body.scopes, environment: 'live', revoked_at: null });
    return data;
  };

  it("without a body (seed 000's curl): the old key dies at once, the new one works", async () => {
    const old = await fresh('no body');
    const now = clock.nowMs();
    const res = await call(t.app, 'POST', `/v1/keys/${old.id}/rotate`, { auth });
    const data = expectRotated(res, old, 0, now);

    const refused = await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: old.key } });
    expectProblem(refused, 401, 'key_revoked');
    expect(refused.headers['www-authenticate']).toContain('error="invalid_token"');
    expect(await status(data.key)).toBe(200);

    const got = await call(t.app, 'GET', `/v1/keys/${old.id}`, { auth });
    expect(got.json().data).toMatchObject({ prefix: data.prefix, revoked_at: null });
    expect(got.json().data).not.toHaveProperty('key');

    const secrets = await t.db.query<{ key_hash: string; retired_at: Date | null }>(
      'select key_hash, retired_at from api_key_secrets where key_id = $1', [old.id],
    );
    const byHash = new Map(secrets.map((s) => [s.key_hash, s.retired_at]));
    expect(secrets).toHaveLength(2);
    expect(byHash.get(sha256(old.key))?.getTime()).toBe(now);
    expect(byHash.get(sha256(data.key))).toBeNull();
    expect(JSON.stringify(secrets)).not.toContain(data.key);
  });

  it('with Content-Type: application/json and an empty body: same as no body', async () => {
    const old = await fresh('empty body');
    const now = clock.nowMs();
    const res = await call(t.app, 'POST', `/v1/keys/${old.id}/rotate`, { auth, headers: { 'content-type': 'application/json' }, body: '' });
    const data = expectRotated(res, old, 0, now);
    expect(await status(old.key)).toBe('key_revoked');
    expect(await status(data.key)).toBe(200);
  });

  it('with grace_period_seconds: 3600 both work until the grace ends, then only the new one', async () => {
    const old = await fresh('graceful');
    const now = clock.nowMs();
    const res = await call(t.app, 'POST', `/v1/keys/${old.id}/rotate`, { auth, body: { grace_period_seconds: 3600 } });
    const data = expectRotated(res, old, 3600, now);
    expect(await status(old.key)).toBe(200);
    expect(await status(data.key)).toBe(200);

    clock.advanceSeconds(3599);
    expect(await status(old.key)).toBe(200);
    expect(await status(data.key)).toBe(200);
    clock.advanceSeconds(1);
    expect(await status(old.key)).toBe('key_revoked');
    expect(await status(data.key)).toBe(200);
  });

  it('revoking during the grace period kills the old and the new secret at once', async () => {
    const old = await fresh('revoked in grace');
    const res = await call(t.app, 'POST', `/v1/keys/${old.id}/rotate`, { auth, body: { grace_period_seconds: 3600 } });
    const next = res.json().data.key;
    expect(await status(old.key)).toBe(200);
    expect(await status(next)).toBe(200);
    expect((await call(t.app, 'DELETE', `/v1/keys/${old.id}`, { auth })).statusCode).toBe(200);
    expect(await status(old.key)).toBe('key_revoked');
    expect(await status(next)).toBe('key_revoked');
  });

  it('rotating again within the grace never extends the first old secret', async () => {
    const a = await fresh('twice');
    const t0 = clock.nowMs();
    const first = await call(t.app, 'POST', `/v1/keys/${a.id}/rotate`, { auth, body: { grace_period_seconds: 3600 } });
    const b = first.json().data.key as string;
    clock.advanceSeconds(600);
    const second = await call(t.app, 'POST', `/v1/keys/${a.id}/rotate`, { auth, body: { grace_period_seconds: 7200 } });
    expect(second.statusCode, second.body).toBe(200);
    const c = second.json().data.key as string;
    expect(second.json().data.previous_key_expires_at).toBe(new Date(t0 + 600_000 + 7_200_000).toISOString());
    for (const key of [a.key, b, c]) expect(await status(key)).toBe(200);

    clock.set(t0 + 3_600_000 - 1);
    expect(await status(a.key)).toBe(200);
    clock.set(t0 + 3_600_000); // A's original deadline holds
    expect(await status(a.key)).toBe('key_revoked');
    expect(await status(b)).toBe(200);
    expect(await status(c)).toBe(200);
    clock.set(t0 + 600_000 + 7_200_000);
    expect(await status(b)).toBe('key_revoked');
    expect(await status(c)).toBe(200);
  });

  it('a second rotation without grace ends every earlier secret at once', async () => {
    const a = await fresh('twice, then now');
    const first = await call(t.app, 'POST', `/v1/keys/${a.id}/rotate`, { auth, body: { grace_period_seconds: 3600 } });
    const b = first.json().data.key as string;
    const second = await call(t.app, 'POST', `/v1/keys/${a.id}/rotate`, { auth });
    const c = second.json().data.key as string;
    expect(await status(a.key)).toBe('key_revoked');
    expect(await status(b)).toBe('key_revoked');
    expect(await status(c)).toBe(200);
  });

  it('rotating a revoked or expired key → 409 key_inactive', async () => {
    const revoked = await fresh('revoked');
    expect((await call(t.app, 'DELETE', `/v1/keys/${revoked.id}`, { auth })).statusCode).toBe(200);
    expectProblem(await call(t.app, 'POST', `/v1/keys/${revoked.id}/rotate`, { auth }), 409, 'key_inactive');

    const expiring = await createKey(t.app, auth, {
      name: 'expiring', scopes: ['api-keys:read'], expires_at: new Date(clock.nowMs() + 10_000).toISOString(),
    });
    clock.advanceSeconds(10);
    expectProblem(await call(t.app, 'POST', `/v1/keys/${expiring.id}/rotate`, { auth }), 409, 'key_inactive');
    for (const id of [revoked.id, expiring.id]) {
      const secrets = await t.db.query('select key_hash from api_key_secrets where key_id = $1', [id]);
      expect(secrets).toHaveLength(1);
    }
  });

  it('needs api-keys:write and scopes covering the rotated key (403 insufficient_scope)', async () => {
    const target = await fresh('target');
    const reader = await createKey(t.app, auth, { name: 'reader', scopes: ['api-keys:read'] });
    const refused = await call(t.app, 'POST', `/v1/keys/${target.id}/rotate`, { auth: { apiKey: reader.key } });
    expect(expectProblem(refused, 403, 'insufficient_scope').missing_scopes).toEqual(['api-keys:write']);

    const writer = await createKey(t.app, auth, { name: 'keys admin', scopes: ['api-keys:*'] });
    const wide = await createKey(t.app, auth, { name: 'wide', scopes: ['verify:read'] });
    const ceiling = await call(t.app, 'POST', `/v1/keys/${wide.id}/rotate`, { auth: { apiKey: writer.key } });
    expect(expectProblem(ceiling, 403, 'insufficient_scope').missing_scopes).toEqual(['verify:read']);
    expect(await status(target.key)).toBe(200);

    const ok = await call(t.app, 'POST', `/v1/keys/${target.id}/rotate`, { auth: { apiKey: writer.key } });
    expect(ok.statusCode, ok.body).toBe(200);
  });

  it('a test key cannot rotate a live key (403 environment_forbidden)', async () => {
    const target = await fresh('live target');
    const testAdmin = await createKey(t.app, auth, { name: 'test admin', scopes: ['api-keys:*'], environment: 'test' });
    expectProblem(await call(t.app, 'POST', `/v1/keys/${target.id}/rotate`, { auth: { apiKey: testAdmin.key } }), 403, 'environment_forbidden');
    expect(await status(target.key)).toBe(200);
  });

  it.each([
    ['a negative grace', { grace_period_seconds: -1 }],
    ['a fractional grace', { grace_period_seconds: 1.5 }],
    ['a string grace', { grace_period_seconds: 'an hour' }],
    ['an unknown field', { grace: 60 }],
  ])('%s → 400 validation_failed, nothing rotated', async (_label, body) => {
    const key = await fresh('bad grace');
    expectProblem(await call(t.app, 'POST', `/v1/keys/${key.id}/rotate`, { auth, body }), 400, 'validation_failed');
    expect(await status(key.key)).toBe(200);
    expect(await t.db.query('select 1 from audit_events where target_id = $1 and type = $2', [key.id, 'key.rotated'])).toHaveLength(0);
  });

  it('unknown key → 404 not_found', async () => {
    expectProblem(await call(t.app, 'POST', '/v1/keys/key_0000000000000000000000/rotate', { auth }), 404, 'not_found');
  });

  it('writes one key.rotated audit row per rotation', async () => {
    const key = await fresh('audited');
    expect((await call(t.app, 'POST', `/v1/keys/${key.id}/rotate`, { auth, body: { grace_period_seconds: 60 } })).statusCode).toBe(200);
    const rows = await t.db.query<any>('select * from audit_events where target_id = $1 and type = $2', [key.id, 'key.rotated']);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor_type: 'user', actor_id: owner.userId, target_type: 'api_key', target_id: key.id, workspace_id: owner.workspaceId,
    });
    expect(rows[0].data).toMatchObject({ grace_period_seconds: 60 });
    expect(JSON.stringify(rows[0])).not.toContain(key.key);
  });
});

describe(`rotation grace cap on ${STORE_KIND}`, () => {
  let t: TestApp;
  let auth: Auth;
  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_MAX_ROTATION_GRACE_SECONDS: '100' } });
    auth = { bearer: (await registerOwner(t.app)).session };
  });
  afterAll(async () => t.close());

  it('a grace above WARDEN_MAX_ROTATION_GRACE_SECONDS → 400 validation_failed; the cap itself is fine', async () => {
    const key = await createKey(t.app, auth, { name: 'capped', scopes: ['api-keys:read'] });
    const res = await call(t.app, 'POST', `/v1/keys/${key.id}/rotate`, { auth, body: { grace_period_seconds: 101 } });
    const problem = expectProblem(res, 400, 'validation_failed');
    expect(problem.errors.map((e: any) => e.field)).toContain('grace_period_seconds');
    expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: key.key } })).statusCode).toBe(200);
    expect(await t.db.query('select 1 from api_key_secrets where key_id = $1', [key.id])).toHaveLength(1);

    const ok = await call(t.app, 'POST', `/v1/keys/${key.id}/rotate`, { auth, body: { grace_period_seconds: 100 } });
    expect(ok.statusCode, ok.body).toBe(200);
  });
});
