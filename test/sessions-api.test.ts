import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';

async function loginAgain(t: TestApp, owner: Owner, password = owner.password, remoteAddress = '203.0.113.5'): Promise<string> {
  const response = await call(t.app, 'POST', '/auth/login', {
    body: { email: owner.email, password },
    remoteAddress,
    headers: { 'user-agent': 'second-device/1.0' },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().token;
}

describe(`sessions API (${STORE_KIND})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('lists your live sessions, marks the current one, and ends another at once', async () => {
    const owner = await registerOwner(t.app);
    const second = await loginAgain(t, owner);
    const listed = await call(t.app, 'GET', '/v1/sessions', { auth: { bearer: owner.session } });
    expect(listed.statusCode).toBe(200);
    expect(listed.headers['cache-control']).toBe('no-store');
    const sessions = listed.json().data as Array<Record<string, unknown>>;
    expect(sessions).toHaveLength(2);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
    const other = sessions.find((s) => !s.current)!;
    expect(other).toMatchObject({ user_id: owner.userId, ip: '203.0.113.5', user_agent: 'second-device/1.0' });
    expect(Date.parse(other.expires_at as string)).toBeGreaterThan(Date.now());

    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: second } })).statusCode).toBe(200); // cached now
    const revoked = await call(t.app, 'DELETE', `/v1/sessions/${other.id}`, { auth: { bearer: owner.session } });
    expect(revoked.statusCode).toBe(204);
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: second } }), 401, 'invalid_token');
    expect((await call(t.app, 'DELETE', `/v1/sessions/${other.id}`, { auth: { bearer: owner.session } })).statusCode).toBe(204);
    const audit = await t.db.query('select actor_id, target_id from audit_events where type = $1 and target_id = $2', ['session.revoked', other.id]);
    expect(audit).toEqual([{ actor_id: owner.userId, target_id: other.id }]);
    const after = await call(t.app, 'GET', '/v1/sessions', { auth: { bearer: owner.session } });
    expect(after.json().data.map((s: { id: string }) => s.id)).not.toContain(other.id);
  });

  it("hides other users' sessions (404) unless the caller manages a workspace they share", async () => {
    const alice = await registerOwner(t.app);
    const mallory = await registerOwner(t.app);
    const [aliceSession] = (await call(t.app, 'GET', '/v1/sessions', { auth: { bearer: alice.session } })).json().data;
    expectProblem(await call(t.app, 'GET', `/v1/sessions?user_id=${alice.userId}`, { auth: { bearer: mallory.session } }), 404, 'not_found');
    expectProblem(await call(t.app, 'DELETE', `/v1/sessions/${aliceSession.id}`, { auth: { bearer: mallory.session } }), 404, 'not_found');
    expectProblem(await call(t.app, 'DELETE', '/v1/sessions/ses_doesnotexist', { auth: { bearer: mallory.session } }), 404, 'not_found');
    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: alice.session } })).statusCode).toBe(200);
  });

  it('lets an API key with workspaces:write manage the members of its workspace', async () => {
    const owner = await registerOwner(t.app);
    const admin = await createKey(t.app, { bearer: owner.session }, { name: 'ops', scopes: ['workspaces:*'] });
    const reader = await createKey(t.app, { bearer: owner.session }, { name: 'ro', scopes: ['api-keys:read'] });
    const listed = await call(t.app, 'GET', `/v1/sessions?user_id=${owner.userId}`, { auth: { apiKey: admin.key } });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().data).toHaveLength(1);
    expect(listed.json().data[0].current).toBe(false);
    const missing = expectProblem(await call(t.app, 'GET', '/v1/sessions', { auth: { apiKey: admin.key } }), 400, 'validation_failed');
    expect(missing.errors).toEqual([{ field: 'user_id', message: 'is required for API keys' }]);
    expectProblem(await call(t.app, 'GET', `/v1/sessions?user_id=${owner.userId}`, { auth: { apiKey: reader.key } }), 404, 'not_found');
    const id = listed.json().data[0].id as string;
    expect((await call(t.app, 'DELETE', `/v1/sessions/${id}`, { auth: { apiKey: admin.key } })).statusCode).toBe(204);
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: owner.session } }), 401, 'invalid_token');
  });

  it('answers 401 without a credential', async () => {
    expectProblem(await call(t.app, 'GET', '/v1/sessions'), 401, 'authentication_required');
    expectProblem(await call(t.app, 'DELETE', '/v1/sessions/ses_x'), 401, 'authentication_required');
  });
});

describe(`password change (${STORE_KIND})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t.close());

  it('needs the current password, refuses common ones, and ends the other sessions', async () => {
    const owner = await registerOwner(t.app);
    const other = await loginAgain(t, owner);
    const change = (body: Record<string, string>) => call(t.app, 'POST', '/auth/password/change', { auth: { bearer: owner.session }, body });

    expectProblem(await change({ current_password: 'not my password', new_password: 'a brand new passphrase' }), 401, 'invalid_credentials');
    const common = expectProblem(await change({ current_password: owner.password, new_password: 'password123' }), 400, 'validation_failed');
    expect(common.errors).toEqual([{ field: 'password', message: 'is one of the most common passwords; choose another' }]);
    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: other } })).statusCode).toBe(200);

    expect((await change({ current_password: owner.password, new_password: 'a brand new passphrase' })).statusCode).toBe(204);
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: other } }), 401, 'invalid_token');
    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: owner.session } })).statusCode).toBe(200);
    expectProblem(await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } }), 401, 'invalid_credentials');
    await loginAgain(t, owner, 'a brand new passphrase');
    const audit = await t.db.query<{ data: { sessions_revoked: number } }>('select data from audit_events where type = $1 and target_id = $2', ['password.changed', owner.userId]);
    expect(audit).toEqual([{ data: { sessions_revoked: 1 } }]);
  });

  it('is for sessions only', async () => {
    const owner = await registerOwner(t.app);
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'k', scopes: [] });
    const response = await call(t.app, 'POST', '/auth/password/change', {
      auth: { apiKey: key.key },
      body: { current_password: owner.password, new_password: 'a brand new passphrase' },
    });
    expectProblem(response, 403, 'session_required');
  });
});
