import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { call, createTestApp, registerOwner, STORE_KIND, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem, sha256 } from './helpers/assertions.js';

const DAY = 86_400;

describe(`refresh tokens (${STORE_KIND})`, () => {
  let t: TestApp;
  let clock: ManualClock;
  let owner: Owner;
  const login = async () => (await call(t.app, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } })).json();
  const refresh = (token: string) => call(t.app, 'POST', '/auth/refresh', { body: { refresh_token: token } });
  const me = (token: string) => call(t.app, 'GET', '/v1/me', { auth: { bearer: token } });

  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2034, 0, 10, 8, 0, 0));
    t = await createTestApp({ clock });
    owner = await registerOwner(t.app);
  });
  afterAll(async () => t.close());

  it('trades a refresh token for a new pair; the old one is used up', async () => {
    const first = await login();
    const response = await refresh(first.refresh_token);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const pair = response.json();
    expect(pair).toEqual({
      access_token: expect.stringMatching(/^eyJ/),
      refresh_token: expect.stringMatching(/^rt_[0-9A-Za-z]{32}$/),
      token_type: 'Bearer',
      expires_in: 900,
    });
    expect(pair.refresh_token).not.toBe(first.refresh_token);
    expect((await me(pair.access_token)).statusCode).toBe(200);
    const usedOf = async (token: string) =>
      (await t.db.query<{ used: boolean }>('select used_at is not null as used from refresh_tokens where token_hash = $1', [sha256(token)]))[0]?.used;
    expect(await usedOf(first.refresh_token)).toBe(true);
    expect(await usedOf(pair.refresh_token)).toBe(false);
  });

  it('gives two tabs refreshing at once the same new pair', async () => {
    const session = await login();
    const [a, b] = await Promise.all([refresh(session.refresh_token), refresh(session.refresh_token)]);
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(b.json()).toEqual(a.json());
    clock.advanceSeconds(4);
    expect((await refresh(session.refresh_token)).json()).toEqual(a.json()); // still inside the 5 s window
  });

  it('treats reuse after the window as theft: the family and the session end', async () => {
    const session = await login();
    const next = (await refresh(session.refresh_token)).json();
    clock.advanceSeconds(6);
    const reused = await refresh(session.refresh_token);
    expectProblem(reused, 401, 'invalid_token');
    expect(reused.json().detail).toMatch(/already used/);
    expectProblem(await refresh(next.refresh_token), 401, 'invalid_token');
    expectProblem(await me(session.token), 401, 'invalid_token');
    expectProblem(await me(next.access_token), 401, 'invalid_token');
    const audit = await t.db.query('select type from audit_events where type = $1', ['refresh_token.reused']);
    expect(audit).toHaveLength(1);
  });

  it('outlives an idle session window (refreshing is activity) but not the 7-day family cap', async () => {
    const session = await login();
    clock.advanceSeconds(2 * DAY); // the sess_ token alone would have expired (24 h inactivity)
    const pair = (await refresh(session.refresh_token)).json();
    expect((await me(pair.access_token)).statusCode).toBe(200);
    clock.advanceSeconds(5 * DAY - 60);
    const last = (await refresh(pair.refresh_token)).json();
    expect((await me(last.access_token)).statusCode).toBe(200);
    clock.advanceSeconds(120);
    expectProblem(await refresh(last.refresh_token), 401, 'invalid_token');
  });

  it('dies with logout; unknown tokens and bad bodies are refused', async () => {
    const session = await login();
    expect((await call(t.app, 'POST', '/auth/logout', { auth: { bearer: session.token } })).statusCode).toBe(204);
    expectProblem(await refresh(session.refresh_token), 401, 'invalid_token');
    expectProblem(await refresh('rt_' + 'A'.repeat(32)), 401, 'invalid_token');
    expectProblem(await call(t.app, 'POST', '/auth/refresh', { body: {} }), 400, 'validation_failed');
  });
});
