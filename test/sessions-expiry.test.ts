import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { call, createTestApp, registerOwner, STORE_KIND, type TestApp } from './helpers/test-app.js';
import { expectProblem, sha256 } from './helpers/assertions.js';

const PASSWORD = 'correct horse battery staple';

describe(`session expiry, default timeouts (${STORE_KIND})`, () => {
  const clock = new ManualClock(Date.UTC(2030, 2, 1, 8, 0, 0));
  let t: TestApp;
  let email: string;
  const login = async (): Promise<{ bearer: string }> => {
    const response = await call(t.app, 'POST', '/auth/login', { body: { email, password: PASSWORD } });
    expect(response.statusCode).toBe(200);
    return { bearer: response.json().token };
  };
  const me = (auth: { bearer: string }) => call(t.app, 'GET', '/v1/me', { auth });

  beforeAll(async () => {
    t = await createTestApp({ clock });
    email = (await registerOwner(t.app)).email;
  });
  afterAll(async () => t?.close());

  it('expires after 24 h of inactivity (401 session_expired)', async () => {
    const auth = await login();
    expect((await me(auth)).statusCode).toBe(200);
    clock.advanceSeconds(86_401);
    const expired = await me(auth);
    expectProblem(expired, 401, 'session_expired');
    expect(expired.headers['www-authenticate']).toContain('error="invalid_token"');
    expect((await me(await login())).statusCode).toBe(200);
  });

  it('expires an unused session 24 h after login', async () => {
    const auth = await login();
    clock.advanceSeconds(86_401);
    expectProblem(await me(auth), 401, 'session_expired');
  });

  it('slides the window with activity: used at 23 h and 46 h it still works, then idles out', async () => {
    const auth = await login();
    clock.advanceSeconds(23 * 3600);
    expect((await me(auth)).statusCode).toBe(200);
    clock.advanceSeconds(23 * 3600);
    expect((await me(auth)).statusCode).toBe(200);
    clock.advanceSeconds(86_401);
    expectProblem(await me(auth), 401, 'session_expired');
  });
});

describe(`session expiry, absolute cap (${STORE_KIND})`, () => {
  const START = Date.UTC(2030, 3, 1, 8, 0, 0);
  const clock = new ManualClock(START);
  let t: TestApp;
  let email: string;

  beforeAll(async () => {
    t = await createTestApp({ clock, env: { WARDEN_SESSION_IDLE_TIMEOUT_SECONDS: '3600', WARDEN_SESSION_MAX_AGE_SECONDS: '7200' } });
    email = (await registerOwner(t.app)).email;
  });
  afterAll(async () => t?.close());

  it('ends a session 2 h after login however busy it is', async () => {
    clock.set(START);
    const login = await call(t.app, 'POST', '/auth/login', { body: { email, password: PASSWORD } });
    expect(login.json().session_expires_in).toBe(3600);
    const token = login.json().token as string;
    const [row] = await t.db.query<{ absolute_expires_at: Date }>('select absolute_expires_at from sessions where token_hash = $1', [sha256(token)]);
    expect(row!.absolute_expires_at.getTime()).toBe(START + 7_200_000);

    const auth = { bearer: token };
    for (const minutes of [50, 100, 119]) {
      clock.set(START + minutes * 60_000);
      expect((await call(t.app, 'GET', '/v1/me', { auth })).statusCode, `${minutes} min`).toBe(200);
    }
    clock.set(START + 121 * 60_000); // 2 min after the last use: only the absolute cap can refuse it
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth }), 401, 'session_expired');
  });

  it('still idles out after 1 h without use', async () => {
    clock.set(START + 10 * 3_600_000);
    const login = await call(t.app, 'POST', '/auth/login', { body: { email, password: PASSWORD } });
    const auth = { bearer: login.json().token as string };
    clock.advanceSeconds(3599);
    expect((await call(t.app, 'GET', '/v1/me', { auth })).statusCode).toBe(200);
    clock.advanceSeconds(3601);
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth }), 401, 'session_expired');
  });
});
