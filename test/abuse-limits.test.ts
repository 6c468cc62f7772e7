import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { createRedisEngine } from '../src/ratelimit/redis-engine.js';
import { closeRedis, openRedis, type Redis } from '../src/store/redis.js';
import { generateApiKey } from '../src/keys/key-codec.js';
import { call, createKey, createTestApp, registerOwner, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';

const START_MS = Date.UTC(2035, 2, 1, 8, 0, 0);
/** A key of the right shape and checksum that no workspace holds: what a guesser sends. */
const randomKey = (): string => generateApiKey({ prefix: 'wk', type: '' }, 'live').key;

describe('failures that cost an attacker nothing (issue 12 §3)', () => {
  let t: TestApp;
  let clock: ManualClock;
  let owner: Owner;
  const me = (key: string, remoteAddress: string) => call(t.app, 'GET', '/v1/me', { auth: { apiKey: key }, remoteAddress });

  beforeAll(async () => {
    clock = new ManualClock(START_MS);
    t = await createTestApp({
      clock,
      env: {
        WARDEN_RATE_LIMITS: 'on', WARDEN_RATE_LIMIT_AUTH_FAILURES: '5', WARDEN_RATE_LIMIT_VERIFY: '3',
        WARDEN_AUDIT_VERIFY_PAGE_EVENTS: '4', WARDEN_AUDIT_REQUESTS: 'off', WARDEN_RATE_LIMIT_WORKSPACE: '1000000',
      },
    });
    owner = await registerOwner(t.app, undefined, { remoteAddress: '198.51.100.1' });
  });
  afterAll(() => t.close());
  beforeEach(() => clock.advanceSeconds(60));

  it('failed authentications spend a per-IP budget: then 429 auth-failure with Retry-After, and only keys known good pass from there', async () => {
    const good = (await createKey(t.app, { bearer: owner.session }, { name: 'good', scopes: [] })).key;
    const notYetUsed = (await createKey(t.app, { bearer: owner.session }, { name: 'cold', scopes: [] })).key;
    expect((await me(good, '203.0.113.5')).statusCode).toBe(200);

    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await me(randomKey(), '203.0.113.5')).statusCode);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const refused = await me(randomKey(), '203.0.113.5');
    expect(expectProblem(refused, 429, 'rate_limited').policy).toBe('auth-failure');
    // 5 a minute: one more failure is allowed 12 s after the budget ran out.
    expect(refused.headers['retry-after']).toBe('12');
    expect(refused.headers['ratelimit-policy']).toBe('"auth-failure";q=5;w=60');

    // Blocked: a key already verified (in memory) still works; one that needs a lookup waits, like a guess.
    expect((await me(good, '203.0.113.5')).statusCode).toBe(200);
    expectProblem(await me(notYetUsed, '203.0.113.5'), 429, 'rate_limited');
    expectProblem(await call(t.app, 'GET', '/v1/me', { auth: { bearer: 'sess_nothing' }, remoteAddress: '203.0.113.5' }), 429, 'rate_limited');
    // Another address has its own budget.
    expectProblem(await me(randomKey(), '203.0.113.6'), 401, 'invalid_key');

    clock.advanceSeconds(12);
    expect((await me(notYetUsed, '203.0.113.5')).statusCode).toBe(200);
    expectProblem(await me(randomKey(), '203.0.113.5'), 401, 'invalid_key');
    expectProblem(await me(randomKey(), '203.0.113.5'), 429, 'rate_limited');
  });

  it('the issue\'s case with the default budget: 300 random keys from one address are not 300 × 401', async () => {
    const defaults = await createTestApp({ clock, env: { WARDEN_RATE_LIMITS: 'on' } });
    try {
      const counts: Record<number, number> = {};
      for (let i = 0; i < 300; i++) {
        const status = (await call(defaults.app, 'GET', '/v1/me', { auth: { bearer: randomKey() }, remoteAddress: '192.0.2.77' })).statusCode;
        counts[status] = (counts[status] ?? 0) + 1;
      }
      expect(counts).toEqual({ 401: 60, 429: 240 });
    } finally {
      await defaults.close();
    }
  });

  it('revoked and expired keys count as failures too; a missing credential does not', async () => {
    const revoked = await createKey(t.app, { bearer: owner.session }, { name: 'gone', scopes: [] });
    await call(t.app, 'DELETE', `/v1/keys/${revoked.id}`, { auth: { bearer: owner.session } });
    for (let i = 0; i < 10; i++) expectProblem(await call(t.app, 'GET', '/v1/me', { remoteAddress: '203.0.113.9' }), 401, 'authentication_required');
    for (let i = 0; i < 5; i++) expectProblem(await me(revoked.key, '203.0.113.9'), 401, 'key_revoked');
    expectProblem(await me(revoked.key, '203.0.113.9'), 429, 'rate_limited');
  });

  it('/v1/verify: the calling host has a budget of its own (429 verify), apart from the verified key\'s', async () => {
    const host = (await createKey(t.app, { bearer: owner.session }, { name: 'host', scopes: ['verify:read'] })).key;
    const customer = (await createKey(t.app, { bearer: owner.session }, { name: 'customer', scopes: [], rate_limit: 10 })).key;
    const verify = () => call(t.app, 'POST', '/v1/verify', { auth: { apiKey: host }, body: { key: customer } });
    for (let i = 0; i < 3; i++) {
      const answer = await verify();
      expect(answer.statusCode).toBe(200);
      expect(answer.json().data).toMatchObject({ valid: true, ratelimit: { policy: 'standard', remaining: 9 - i } });
    }
    const refused = await verify();
    expect(expectProblem(refused, 429, 'rate_limited').policy).toBe('verify');
    expect(refused.headers['retry-after']).toBe('20');
    // The refused call counted nothing against the customer's key: 3 of its 10 are spent, this is the 4th.
    expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: customer } })).headers['x-ratelimit-remaining']).toBe('6');
    clock.advanceSeconds(20);
    expect((await verify()).statusCode).toBe(200);
    // The host's own routes keep their standard budget.
    expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: host } })).statusCode).toBe(200);
  });

  it('/v1/events/verify without limit walks one page (WARDEN_AUDIT_VERIFY_PAGE_EVENTS) and says where to go on', async () => {
    const reader = (await createKey(t.app, { bearer: owner.session }, { name: 'auditor', scopes: ['events:read'] })).key;
    const walk = async (query: string) => {
      const response = await call(t.app, 'GET', `/v1/events/verify${query}`, { auth: { apiKey: reader } });
      expect(response.statusCode, response.body).toBe(200);
      return response.json().data;
    };
    const n = (await t.db.query<{ n: number }>('select count(*)::int as n from audit_log where workspace_id = $1', [owner.workspaceId]))[0]!.n;
    expect(n).toBeGreaterThan(8);
    const first = await walk('');
    expect(first).toMatchObject({ valid: true, checked: 4, head: { chain_seq: 4 }, next_from_seq: 5 });
    // An explicit limit above the page is held to the page.
    expect(await walk('?limit=1000')).toMatchObject({ checked: 4, next_from_seq: 5 });
    expect(await walk('?limit=2')).toMatchObject({ checked: 2, next_from_seq: 3 });
    let checked = 0;
    let next: number | null = 1;
    let pages = 0;
    while (next !== null && pages < 100) {
      const page = await walk(`?from_seq=${next}`);
      expect(page.valid).toBe(true);
      checked += page.checked;
      next = page.next_from_seq;
      pages++;
    }
    expect(checked).toBe(n);
  });
});

describe('per-IP limit of authenticated requests (seed 004: "100 req/min/IP")', () => {
  let t: TestApp;
  let owner: Owner;

  beforeAll(async () => {
    t = await createTestApp({ clock: new ManualClock(START_MS), env: { WARDEN_RATE_LIMITS: 'on', WARDEN_RATE_LIMIT_PER_IP: '4' } });
    owner = await registerOwner(t.app, undefined, { remoteAddress: '198.51.100.1' });
  });
  afterAll(() => t.close());

  it('counts every credential from one address together; another address has its own; /v1/verify counts the ip it is given', async () => {
    const a = (await createKey(t.app, { bearer: owner.session }, { name: 'a', scopes: [] })).key;
    const b = (await createKey(t.app, { bearer: owner.session }, { name: 'b', scopes: ['verify:read'] })).key;
    const statuses: number[] = [];
    for (const key of [a, b, a, b]) statuses.push((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: key }, remoteAddress: '203.0.113.30' })).statusCode);
    expect(statuses).toEqual([200, 200, 200, 200]);
    const refused = await call(t.app, 'GET', '/v1/me', { auth: { apiKey: a }, remoteAddress: '203.0.113.30' });
    expect(expectProblem(refused, 429, 'rate_limited').policy).toBe('ip');
    expect(refused.headers['ratelimit-policy']).toBe('"ip";q=4;w=60');
    expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: a }, remoteAddress: '203.0.113.31' })).statusCode).toBe(200);

    // A host API verifying for its end client at 203.0.113.30: that client's budget is spent.
    const verdict = await call(t.app, 'POST', '/v1/verify', { auth: { apiKey: b }, body: { key: a, ip: '203.0.113.30' }, remoteAddress: '203.0.113.32' });
    expect(verdict.json().data).toMatchObject({ valid: false, code: 'rate_limited', ratelimit: { policy: 'ip' } });
  });

  it('is off by default', async () => {
    const defaults = await createTestApp({ clock: new ManualClock(START_MS), env: { WARDEN_RATE_LIMITS: 'on', WARDEN_RATE_LIMIT_STANDARD: '1000' } });
    try {
      const o = await registerOwner(defaults.app, undefined, { remoteAddress: '198.51.100.2' });
      const key = (await createKey(defaults.app, { bearer: o.session }, { name: 'k', scopes: [] })).key;
      for (let i = 0; i < 120; i++) {
        const response = await call(defaults.app, 'GET', '/v1/me', { auth: { apiKey: key }, remoteAddress: '203.0.113.40' });
        expect(response.statusCode).toBe(200);
        expect(response.headers['ratelimit-policy']).not.toContain('"ip"');
      }
    } finally {
      await defaults.close();
    }
  });
});

describe.runIf(process.env.REDIS_URL)('the failure budget in a cluster: the same Redis engine as every other limit', () => {
  const prefix = `warden-test:${randomUUID()}:rl:`;
  const connections: Redis[] = [];
  const apps: TestApp[] = [];

  afterAll(async () => {
    for (const app of apps) await app.close();
    const [admin] = connections;
    if (admin) {
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length > 0) await admin.del(...keys);
    }
    await Promise.all(connections.map((redis) => closeRedis(redis)));
  });

  it('failures at one instance spend the budget the other instance answers from', async () => {
    const clock = new ManualClock(START_MS);
    const instance = async (): Promise<TestApp> => {
      const redis = openRedis(process.env.REDIS_URL!, { name: 'warden-test-abuse' });
      connections.push(redis);
      const app = await createTestApp({ clock, rateLimitEngine: createRedisEngine(redis, { prefix }), env: { WARDEN_RATE_LIMITS: 'on', WARDEN_RATE_LIMIT_AUTH_FAILURES: '3' } });
      apps.push(app);
      return app;
    };
    const [a, b] = [await instance(), await instance()];
    const guess = (app: TestApp) => call(app.app, 'GET', '/v1/me', { auth: { apiKey: randomKey() }, remoteAddress: '203.0.113.50' });
    expect([(await guess(a)).statusCode, (await guess(b)).statusCode, (await guess(a)).statusCode]).toEqual([401, 401, 401]);
    const refused = await guess(b);
    expect(expectProblem(refused, 429, 'rate_limited').policy).toBe('auth-failure');
    expect(refused.headers['retry-after']).toBe('20');
    expectProblem(await guess(a), 429, 'rate_limited');
  });
});
