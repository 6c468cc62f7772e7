import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { ManualClock } from '../src/lib/clock.js';
import { call, createKey, createTestApp, registerOwner, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem, fieldsOf, mistype } from './helpers/assertions.js';

const HOUR = 3600;

describe('API key → bearer exchange (seed 003: POST /auth/login {api_key, session_id})', () => {
  let t: TestApp;
  let clock: ManualClock;
  let owner: Owner;
  const exchange = (body: Record<string, unknown>, remoteAddress?: string) =>
    call(t.app, 'POST', '/auth/login', { body, ...(remoteAddress ? { remoteAddress } : {}) });

  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2034, 2, 1, 9, 0, 0));
    t = await createTestApp({ clock, env: { WARDEN_SCOPE_RESOURCES: 'deals' } });
    owner = await registerOwner(t.app);
  });
  afterAll(() => t.close());

  it('answers the seed\'s shape: a 2 h EdDSA JWT for the key, with no-store', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'svc', scopes: ['deals:read', 'api-keys:read'] });
    const response = await exchange({ api_key: key.key, session_id: 'job-42' });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const body = response.json();
    expect(body).toEqual({ access_token: expect.stringMatching(/^eyJ/), token_type: 'Bearer', expires_in: 7200, scope: 'deals:read api-keys:read', session_id: 'job-42' });
    expect(decodeProtectedHeader(body.access_token)).toMatchObject({ alg: 'EdDSA', typ: 'at+jwt', kid: expect.any(String) });
    const claims = decodeJwt(body.access_token);
    expect(claims).toMatchObject({ sub: key.id, sid: expect.stringMatching(/^grt_/), scope: 'deals:read api-keys:read', workspace_id: owner.workspaceId, environment: 'live' });
    expect(claims.exp! - claims.iat!).toBe(7200);

    const me = await call(t.app, 'GET', '/v1/me', { auth: { bearer: body.access_token } });
    expect(me.statusCode).toBe(200);
    expect(me.json().data).toEqual({
      principal: { type: 'api_key', id: key.id },
      workspace_id: owner.workspaceId,
      environment: 'live',
      scopes: ['deals:read', 'api-keys:read'],
      role: null,
      session_id: claims.sid,
      grant_id: claims.sid,
    });
    // The token acts with the key's scopes, no more.
    expect((await call(t.app, 'GET', '/v1/keys', { auth: { bearer: body.access_token } })).statusCode).toBe(200);
    expectProblem(await call(t.app, 'POST', '/v1/keys', { auth: { bearer: body.access_token }, body: { name: 'x', scopes: ['deals:read'] } }), 403, 'insufficient_scope');

    const [audit] = await t.db.query<{ type: string; actor_type: string; actor_id: string; data: Record<string, unknown> }>(
      "select type, actor_type, actor_id, data from audit_events where type = 'key.exchanged' and target_id = $1",
      [key.id],
    );
    expect(audit).toMatchObject({ actor_type: 'api_key', actor_id: key.id, data: { grant_id: claims.sid, session_id: 'job-42' } });
    await t.app.warden.flush();
    const [request] = await t.db.query<{ path: string; status: number }>(
      "select path, status from audit_log where type = 'request' and actor_id = $1 and path = '/auth/login'", [key.id]);
    expect(request).toEqual({ path: '/auth/login', status: 200 });
  });

  it('returns the same token while it is valid; a new session_id forces a new one; expiry brings a fresh one', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'svc2', scopes: ['deals:read'] });
    const first = (await exchange({ api_key: key.key })).json();
    clock.advanceSeconds(HOUR);
    const again = (await exchange({ api_key: key.key })).json();
    expect(again.access_token).toBe(first.access_token);
    expect(again.expires_in).toBe(7200 - HOUR);

    const other = (await exchange({ api_key: key.key, session_id: 'worker-2' })).json();
    expect(other.access_token).not.toBe(first.access_token);
    expect(other.expires_in).toBe(7200);
    expect(decodeJwt(other.access_token).sid).not.toBe(decodeJwt(first.access_token).sid);
    for (const token of [first.access_token, other.access_token]) {
      expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: token } })).statusCode).toBe(200);
    }

    // Less than a minute left: a new token rather than one about to die.
    clock.advanceSeconds(HOUR - 30);
    const renewed = (await exchange({ api_key: key.key })).json();
    expect(renewed.access_token).not.toBe(first.access_token);
    expect(renewed.expires_in).toBe(7200);
    expect(decodeJwt(renewed.access_token).sid).toBe(decodeJwt(first.access_token).sid);
    // The replaced token is refused even though its exp is 30 s away.
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: first.access_token } }), 401, 'invalid_token');
    clock.advanceSeconds(60);
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: first.access_token } }), 401, 'invalid_token');
    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: renewed.access_token } })).statusCode).toBe(200);
  });

  it('callers racing for the same session all get the same token', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'race', scopes: ['deals:read'] });
    const answers = await Promise.all(Array.from({ length: 6 }, () => exchange({ api_key: key.key, session_id: 'burst' })));
    const tokens = new Set(answers.map((r) => r.json().access_token));
    expect(answers.map((r) => r.statusCode)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(tokens.size).toBe(1);
    const [row] = await t.db.query<{ n: number }>("select count(*)::int as n from token_grants where subject_id = $1", [key.id]);
    expect(row!.n).toBe(1);
  });

  it('revoking, rotating (even with grace) or re-scoping the key kills its tokens at once', async () => {
    const admin = { bearer: owner.session };
    const revoked = await createKey(t.app, admin, { name: 'r', scopes: ['deals:read'] });
    const rotated = await createKey(t.app, admin, { name: 'o', scopes: ['deals:read'] });
    const narrowed = await createKey(t.app, admin, { name: 'n', scopes: ['deals:read', 'api-keys:read'] });
    const tokens = await Promise.all([revoked, rotated, narrowed].map(async (k) => (await exchange({ api_key: k.key })).json().access_token as string));

    await call(t.app, 'DELETE', `/v1/keys/${revoked.id}`, { auth: admin });
    const rotation = await call(t.app, 'POST', `/v1/keys/${rotated.id}/rotate`, { auth: admin, body: { grace_period_seconds: 600 } });
    await call(t.app, 'PATCH', `/v1/keys/${narrowed.id}`, { auth: admin, body: { scopes: ['deals:read'] } });
    for (const token of tokens) expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: token } }), 401, 'invalid_token');

    expectProblem(await exchange({ api_key: revoked.key }), 401, 'key_revoked');
    // The old secret still works during its grace period, and exchanging it gives a fresh token.
    const fromOld = (await exchange({ api_key: rotated.key })).json().access_token;
    expect(fromOld).not.toBe(tokens[1]);
    const fromNew = (await exchange({ api_key: rotation.json().data.key })).json().access_token;
    expect(fromNew).toBe(fromOld);
    const rescoped = (await exchange({ api_key: narrowed.key })).json();
    expect(rescoped.scope).toBe('deals:read');
  });

  it('logout with an exchanged token ends that session only', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'lo', scopes: ['deals:read'] });
    const a = (await exchange({ api_key: key.key, session_id: 'a' })).json().access_token;
    const b = (await exchange({ api_key: key.key, session_id: 'b' })).json().access_token;
    expect((await call(t.app, 'POST', '/auth/logout', { auth: { bearer: a } })).statusCode).toBe(204);
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: a } }), 401, 'invalid_token');
    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: b } })).statusCode).toBe(200);
    const again = (await exchange({ api_key: key.key, session_id: 'a' })).json().access_token;
    expect(again).not.toBe(a);
    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: again } })).statusCode).toBe(200);
    // An API key itself cannot log out.
    expectProblem(await call(t.app, 'POST', '/auth/logout', { auth: { bearer: key.key } }), 403, 'session_required');
  });

  it('never outlives the key: a key expiring sooner caps expires_in', async () => {
    const expiresAt = new Date(clock.nowMs() + 1000 * 1000).toISOString();
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'short', scopes: ['deals:read'], expires_at: expiresAt });
    const body = (await exchange({ api_key: key.key })).json();
    expect(body.expires_in).toBe(1000);
    expect(decodeJwt(body.access_token).exp).toBe(Math.floor(Date.parse(expiresAt) / 1000));
    clock.advanceSeconds(1001);
    expectProblem(await exchange({ api_key: key.key }), 401, 'key_expired');
  });

  it('issue 12: an old secret in its rotation grace gets a token that ends with the grace, not a 2 h one', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'rotating', scopes: ['deals:read'] });
    const graceEndSeconds = Math.floor(clock.nowMs() / 1000) + 900;
    const rotated = (await call(t.app, 'POST', `/v1/keys/${key.id}/rotate`, { auth: { bearer: owner.session }, body: { grace_period_seconds: 900 } })).json().data;
    const fromOld = (await exchange({ api_key: key.key, session_id: 'old-first' })).json();
    expect(fromOld.expires_in).toBe(900);
    expect(decodeJwt(fromOld.access_token).exp).toBe(graceEndSeconds);

    // The new secret's 2 h token of the same session is not handed to the old secret: a new one, capped, is.
    const fromNew = (await exchange({ api_key: rotated.key, session_id: 'new-first' })).json();
    expect(fromNew.expires_in).toBe(7200);
    const oldAfterNew = (await exchange({ api_key: key.key, session_id: 'new-first' })).json();
    expect(oldAfterNew.access_token).not.toBe(fromNew.access_token);
    expect(oldAfterNew.expires_in).toBe(900);
    expect(decodeJwt(oldAfterNew.access_token).exp).toBe(graceEndSeconds);

    clock.advanceSeconds(901);
    for (const token of [fromOld.access_token, oldAfterNew.access_token]) {
      expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: token } }), 401, 'invalid_token');
    }
    expectProblem(await exchange({ api_key: key.key }), 401, 'key_revoked');
    expect((await exchange({ api_key: rotated.key, session_id: 'new-first' })).json().expires_in).toBe(7200);
  });

  it('refuses bad keys and bad input with the key codes', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'ip', scopes: ['deals:read'], allowed_ips: ['10.0.0.0/8'] });
    expectProblem(await exchange({ api_key: mistype(key.key) }), 401, 'invalid_key');
    expectProblem(await exchange({ api_key: 'nonsense' }), 401, 'invalid_key');
    expectProblem(await exchange({ api_key: owner.session }), 401, 'invalid_key');
    expectProblem(await exchange({ api_key: key.key }, '192.0.2.1'), 403, 'ip_not_allowed');
    expect((await exchange({ api_key: key.key }, '10.1.2.3')).statusCode).toBe(200);
    const mixed = expectProblem(await exchange({ api_key: key.key, email: owner.email, password: owner.password }), 400, 'validation_failed');
    expect(fieldsOf(mixed).sort()).toEqual(['email', 'password']);
    expect(fieldsOf(expectProblem(await exchange({ email: owner.email, password: owner.password, session_id: 'x' }), 400, 'validation_failed'))).toEqual(['session_id']);
    expectProblem(await exchange({ api_key: key.key, session_id: 'has space' }), 400, 'validation_failed');
    expectProblem(await exchange({ api_key: key.key, session_id: 'x'.repeat(129) }), 400, 'validation_failed');
    expectProblem(await exchange({ api_key: 42 }), 400, 'validation_failed');
  });

  it('holds an exchanged token to its key\'s allowed_ips on every use, not only at the exchange', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'ip-bound', scopes: ['deals:read'], allowed_ips: ['10.0.0.0/8', '2001:db8::/32'] });
    const token = (await exchange({ api_key: key.key, session_id: 'ip-bound' }, '10.1.2.3')).json().access_token as string;
    const me = (remoteAddress: string) => call(t.app, 'GET', '/v1/me', { auth: { bearer: token }, remoteAddress });
    expect((await me('10.9.9.9')).statusCode).toBe(200);
    expect((await me('2001:db8::1')).statusCode).toBe(200);
    const refused = expectProblem(await me('192.0.2.1'), 403, 'ip_not_allowed');
    expect(refused.detail).toMatch(/IP address/);
    const [grant] = await t.db.query<{ allowed_ips: string[] }>('select allowed_ips from token_grants where subject_id = $1', [key.id]);
    expect(grant).toEqual({ allowed_ips: ['10.0.0.0/8', '2001:db8::/32'] });
    // A key without a restriction gives tokens without one.
    const open = await createKey(t.app, { bearer: owner.session }, { name: 'anywhere', scopes: ['deals:read'] });
    const openToken = (await exchange({ api_key: open.key }, '192.0.2.7')).json().access_token as string;
    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: openToken }, remoteAddress: '198.51.100.1' })).statusCode).toBe(200);
  });
});

describe('spent exchange sessions', () => {
  it('are deleted by the hourly job a day after their token expired', async () => {
    const clock = new ManualClock(Date.UTC(2034, 3, 1, 9, 0, 0));
    const t = await createTestApp({ clock });
    try {
      const owner = await registerOwner(t.app);
      const key = await createKey(t.app, { bearer: owner.session }, { name: 'k', scopes: [] });
      await call(t.app, 'POST', '/auth/login', { body: { api_key: key.key, session_id: 'old' } });
      clock.advanceSeconds(7200 + 86_400 + 1);
      await call(t.app, 'POST', '/auth/login', { body: { api_key: key.key, session_id: 'new' } });
      await t.app.warden.retention.run();
      const rows = await t.db.query<{ label: string }>('select label from token_grants where subject_id = $1', [key.id]);
      expect(rows).toEqual([{ label: 'new' }]);
    } finally {
      await t.close();
    }
  });
});
