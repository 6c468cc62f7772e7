import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { call, createTestApp, registerOwner, STORE_KIND, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';

const ATTACKER = '198.51.100.66';
const OWNER_IP = '203.0.113.10';

describe(`login back-off (${STORE_KIND})`, () => {
  let t: TestApp;
  let clock: ManualClock;
  let owner: Owner;
  const login = (password: string, remoteAddress: string, email = owner.email) =>
    call(t.app, 'POST', '/auth/login', { body: { email, password }, remoteAddress });

  beforeAll(async () => {
    clock = new ManualClock(Date.UTC(2031, 0, 1));
    t = await createTestApp({ clock, env: { WARDEN_LOGIN_FREE_FAILURES: '3', WARDEN_LOGIN_IP_FREE_FAILURES: '20' } });
    owner = await registerOwner(t.app);
  });
  afterAll(async () => t.close());

  it('answers 429 rate_limited with Retry-After once the free failures are used, even for the right password', async () => {
    for (let i = 0; i < 4; i++) expectProblem(await login('wrong password!', ATTACKER), 401, 'invalid_credentials');
    const blocked = await login(owner.password, ATTACKER);
    const body = expectProblem(blocked, 429, 'rate_limited');
    expect(blocked.headers['retry-after']).toBe('1');
    expect(body.retry_after).toBe(1);
  });

  it('never locks the owner out from their own address', async () => {
    const response = await login(owner.password, OWNER_IP);
    expect(response.statusCode).toBe(200);
  });

  it('doubles the block with every further failure, and a success resets it', async () => {
    clock.advanceSeconds(1);
    expectProblem(await login('wrong password!', ATTACKER), 401, 'invalid_credentials'); // 5th failure → 2 s
    expect((await login('wrong password!', ATTACKER)).headers['retry-after']).toBe('2');
    clock.advanceSeconds(2);
    expectProblem(await login('wrong password!', ATTACKER), 401, 'invalid_credentials'); // 6th → 4 s
    expect((await login(owner.password, ATTACKER)).headers['retry-after']).toBe('4');
    clock.advanceSeconds(4);
    expect((await login(owner.password, ATTACKER)).statusCode).toBe(200);
    expectProblem(await login('wrong password!', ATTACKER), 401, 'invalid_credentials'); // counter was reset
  });

  it('slows one address spraying a password across accounts', async () => {
    const sprayer = '192.0.2.99';
    for (let i = 0; i < 21; i++) {
      expectProblem(await login('Summer2031!', sprayer, `victim${i}@example.com`), 401, 'invalid_credentials');
    }
    expectProblem(await login('Summer2031!', sprayer, 'someone-new@example.com'), 429, 'rate_limited');
  });
});
