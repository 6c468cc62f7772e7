import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Auth, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';

/** Using a key: last_used_at, expiry, allowed IPs and X-Workspace-ID. */

const START = Date.UTC(2030, 0, 1, 12, 0, 0);

describe(`key use with a frozen clock on ${STORE_KIND}`, () => {
  let t: TestApp;
  let clock: ManualClock;
  let owner: Owner;
  let auth: Auth;
  beforeAll(async () => {
    clock = new ManualClock(START);
    // A flush interval far beyond the test's run: only flush() writes last_used_at.
    t = await createTestApp({ clock, env: { WARDEN_LAST_USED_FLUSH_MS: '600000' } });
    owner = await registerOwner(t.app);
    auth = { bearer: owner.session };
  });
  afterAll(async () => t.close());

  const storedLastUsed = async (id: string): Promise<Date | null> => {
    const [row] = await t.db.query<{ last_used_at: Date | null }>('select last_used_at from api_keys where id = $1', [id]);
    return row!.last_used_at;
  };
  const shownLastUsed = async (id: string): Promise<string | null> => {
    const res = await call(t.app, 'GET', `/v1/keys/${id}`, { auth });
    expect(res.statusCode).toBe(200);
    return res.json().data.last_used_at;
  };

  it('last_used_at: null when new, shown at once after use, stored by flush()', async () => {
    const key = await createKey(t.app, auth, { name: 'used', scopes: ['api-keys:read'] });
    expect(key.body.last_used_at).toBeNull();
    expect(await shownLastUsed(key.id)).toBeNull();
    expect(await storedLastUsed(key.id)).toBeNull();

    const usedAt = clock.nowMs();
    expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: key.key } })).statusCode).toBe(200);
    // Pending (unflushed) use is merged into the answer; the row is untouched until the flush.
    expect(await shownLastUsed(key.id)).toBe(new Date(usedAt).toISOString());
    const listed = await call(t.app, 'GET', '/v1/keys', { auth });
    expect(listed.json().data.find((k: any) => k.id === key.id).last_used_at).toBe(new Date(usedAt).toISOString());
    expect(await storedLastUsed(key.id)).toBeNull();

    await t.app.warden.flush();
    expect((await storedLastUsed(key.id))?.getTime()).toBe(usedAt);
    expect(await shownLastUsed(key.id)).toBe(new Date(usedAt).toISOString());

    clock.advanceSeconds(10);
    expect((await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key.key } })).statusCode).toBe(200);
    expect(await shownLastUsed(key.id)).toBe(new Date(usedAt + 10_000).toISOString());
    await t.app.warden.flush();
    expect((await storedLastUsed(key.id))?.getTime()).toBe(usedAt + 10_000);
  });

  it('a failed use (wrong IP) does not count as use', async () => {
    const key = await createKey(t.app, auth, { name: 'fenced', scopes: ['api-keys:read'], allowed_ips: ['10.0.0.0/8'] });
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { apiKey: key.key }, remoteAddress: '192.168.1.1' }), 403, 'ip_not_allowed');
    await t.app.warden.flush();
    expect(await shownLastUsed(key.id)).toBeNull();
    expect(await storedLastUsed(key.id)).toBeNull();
  });

  it('expires_at: works until then, 401 key_expired after', async () => {
    const expiresAt = new Date(clock.nowMs() + 60_000).toISOString();
    const key = await createKey(t.app, auth, { name: 'short-lived', scopes: ['api-keys:read'], expires_at: expiresAt });
    expect(key.body.expires_at).toBe(expiresAt);
    expect((await call(t.app, 'GET', `/v1/keys/${key.id}`, { auth })).json().data.expires_at).toBe(expiresAt);

    expect((await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key.key } })).statusCode).toBe(200);
    clock.advanceSeconds(59);
    expect((await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key.key } })).statusCode).toBe(200);
    clock.advanceSeconds(2);
    const res = await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key.key } });
    expectProblem(res, 401, 'key_expired');
    expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: key.key } }), 401, 'key_expired');
  });

  it('a revoked key stays revoked even if the clock steps back (NTP step, skewed cluster peer)', async () => {
    const key = await createKey(t.app, auth, { name: 'revoked', scopes: ['api-keys:read'] });
    expect((await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key.key } })).statusCode).toBe(200);
    expect((await call(t.app, 'DELETE', `/v1/keys/${key.id}`, { auth })).statusCode).toBe(200);
    expectProblem(await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key.key } }), 401, 'key_revoked');
    const revokedAt = clock.nowMs();
    clock.set(revokedAt - 2_000);
    try {
      expectProblem(await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key.key } }), 401, 'key_revoked');
    } finally {
      clock.set(revokedAt);
    }
  });

  it('expires_at must be later than the (injected) clock', async () => {
    const atNow = await call(t.app, 'POST', '/v1/keys', {
      auth, body: { name: 'dead on arrival', scopes: ['api-keys:read'], expires_at: new Date(clock.nowMs()).toISOString() },
    });
    expect(expectProblem(atNow, 400, 'validation_failed').errors.map((e: any) => e.field)).toContain('expires_at');
    const soon = await call(t.app, 'POST', '/v1/keys', {
      auth, body: { name: 'soon', scopes: ['api-keys:read'], expires_at: new Date(clock.nowMs() + 1000).toISOString() },
    });
    expect(soon.statusCode, soon.body).toBe(201);
  });
});

describe(`allowed_ips and X-Workspace-ID on ${STORE_KIND}`, () => {
  let t: TestApp;
  let owner: Owner;
  let auth: Auth;
  beforeAll(async () => {
    t = await createTestApp();
    owner = await registerOwner(t.app);
    auth = { bearer: owner.session };
  });
  afterAll(async () => t.close());

  it('an IPv4 range admits its addresses only (IPv4-mapped IPv6 counts as IPv4)', async () => {
    const key = await createKey(t.app, auth, { name: 'v4', scopes: ['api-keys:read'], allowed_ips: ['10.0.0.0/8'] });
    const from = (remoteAddress: string) => call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key.key }, remoteAddress });
    expect((await from('10.1.2.3')).statusCode).toBe(200);
    expect((await from('10.255.255.255')).statusCode).toBe(200);
    expect((await from('::ffff:10.1.2.3')).statusCode).toBe(200);
    expectProblem(await from('192.168.1.1'), 403, 'ip_not_allowed');
    expectProblem(await from('11.0.0.1'), 403, 'ip_not_allowed');
    expectProblem(await from('2001:db8::1'), 403, 'ip_not_allowed');
    expectProblem(await call(t.app, 'GET', '/v1/keys', { auth: { bearer: key.key }, remoteAddress: '192.168.1.1' }), 403, 'ip_not_allowed');
  });

  it('an IPv6 range and a single address', async () => {
    const key = await createKey(t.app, auth, { name: 'v6', scopes: ['api-keys:read'], allowed_ips: ['2001:db8::/32', '203.0.113.7'] });
    const from = (remoteAddress: string) => call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key.key }, remoteAddress });
    expect((await from('2001:db8::1')).statusCode).toBe(200);
    expect((await from('2001:db8:ffff:1::5')).statusCode).toBe(200);
    expect((await from('203.0.113.7')).statusCode).toBe(200);
    expectProblem(await from('2001:db9::1'), 403, 'ip_not_allowed');
    expectProblem(await from('203.0.113.8'), 403, 'ip_not_allowed');
    expectProblem(await from('10.1.2.3'), 403, 'ip_not_allowed');
  });

  it('a key without allowed_ips works from anywhere', async () => {
    const key = await createKey(t.app, auth, { name: 'open', scopes: ['api-keys:read'] });
    for (const ip of ['10.1.2.3', '192.168.1.1', '2001:db8::1']) {
      expect((await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key.key }, remoteAddress: ip })).statusCode).toBe(200);
    }
  });

  it("a key naming another workspace in X-Workspace-ID → 403 workspace_forbidden; its own → 200", async () => {
    const other = await registerOwner(t.app);
    const key = await createKey(t.app, auth, { name: 'bound', scopes: ['api-keys:read'] });
    const own = await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key.key }, headers: { 'x-workspace-id': owner.workspaceId } });
    expect(own.statusCode).toBe(200);
    expect(own.json().data.map((k: any) => k.id)).toContain(key.id);
    const res = await call(t.app, 'GET', '/v1/keys', { auth: { apiKey: key.key }, headers: { 'x-workspace-id': other.workspaceId } });
    expectProblem(res, 403, 'workspace_forbidden');
    expect(res.body).not.toContain(key.id);
    const create = await call(t.app, 'POST', '/v1/keys', {
      auth: { bearer: key.key }, headers: { 'x-workspace-id': other.workspaceId }, body: { name: 'x', scopes: ['api-keys:read'] },
    });
    expectProblem(create, 403, 'workspace_forbidden');
  });
});
