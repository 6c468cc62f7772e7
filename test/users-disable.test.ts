import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, registerOwner, type TestApp } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';
import { setUserDisabled, UserNotFoundError } from '../src/users/user-admin.js';

const operator = { actor: { type: 'system' as const, id: 'cli' }, ip: null, userAgent: 'test', method: null, path: null };

describe('disabling a user (operator action)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('ends every session at once, refuses its access and refresh tokens and its logins; enabling restores login only', async () => {
    const owner = await registerOwner(t.app);
    const second = await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } });
    const { access_token: accessToken, refresh_token: refreshToken } = second.json();
    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: owner.session } })).statusCode).toBe(200);
    expect((await call(t.app, 'GET', '/v1/me', { auth: { bearer: accessToken } })).statusCode).toBe(200);

    const { warden } = t.app;
    const outcome = await setUserDisabled(warden, { email: owner.email.toUpperCase(), disabled: true, context: operator });
    expect(outcome.user.id).toBe(owner.userId);
    expect(outcome.user.disabled_at).not.toBeNull();
    expect(outcome.sessions_revoked).toBe(2);

    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: owner.session } }), 401, 'invalid_token');
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: accessToken } }), 401, 'invalid_token');
    expect((await call(t.app, 'POST', '/auth/refresh', { body: { refresh_token: refreshToken } })).statusCode).toBe(401);
    expectProblem(await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } }), 401, 'invalid_credentials');

    const [row] = await t.db.query<{ live: number }>('select count(*)::int as live from sessions where user_id = $1 and revoked_at is null', [owner.userId]);
    expect(row!.live).toBe(0);
    const events = await t.db.query<{ type: string; actor_id: string; data: { sessions_revoked: number } }>(
      "select type, actor_id, data from audit_events where target_id = $1 and type like 'user.%abled' order by created_at",
      [owner.userId],
    );
    expect(events).toEqual([{ type: 'user.disabled', actor_id: 'cli', data: { sessions_revoked: 2 } }]);

    // Disabling twice keeps the first time and ends nothing more.
    const again = await setUserDisabled(warden, { email: owner.email, disabled: true, context: operator });
    expect(again.user.disabled_at).toBe(outcome.user.disabled_at);
    expect(again.sessions_revoked).toBe(0);

    const enabled = await setUserDisabled(warden, { email: owner.email, disabled: false, context: operator });
    expect(enabled.user.disabled_at).toBeNull();
    expect((await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } })).statusCode).toBe(200);
    // The old sessions stay ended.
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: owner.session } }), 401, 'invalid_token');
  });

  it('names an unknown address', async () => {
    await expect(setUserDisabled(t.app.warden, { email: 'nobody@example.com', disabled: true, context: operator })).rejects.toThrow(UserNotFoundError);
  });
});
