import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { RedisBus } from '../src/store/bus/redis-bus.js';
import { call, createKey, registerOwner, type Owner } from './helpers/test-app.js';
import { expectProblem } from './helpers/assertions.js';
import { CLUSTER_AVAILABLE, startCluster, type Cluster } from './helpers/cluster.js';
import { startPrivateRedis, type PrivateRedis } from './helpers/private-redis.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `done` every 20 ms, at most `ms` long; returns whether it became true. */
async function eventually(done: () => boolean | Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await done()) return true;
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
}

const busOf = (app: FastifyInstance) => app.warden.bus as RedisBus;

async function metric(app: FastifyInstance, name: string): Promise<number> {
  const body = (await call(app, 'GET', '/metrics')).body;
  return Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(body)?.[1]);
}

/**
 * Light load on both instances until stopped (at most 3,000 requests): every status is kept, so a
 * test can say no request failed while Redis went away and came back.
 */
function backgroundLoad(apps: FastifyInstance[], apiKey: string) {
  const statuses: number[] = [];
  let stopped = false;
  const worker = async (app: FastifyInstance): Promise<void> => {
    while (!stopped && statuses.length < 3000) {
      statuses.push((await call(app, 'GET', '/v1/me', { auth: { apiKey } })).statusCode);
      await sleep(10);
    }
  };
  const running = Promise.all(apps.flatMap((app) => [worker(app), worker(app)]));
  return {
    statuses,
    async stop(): Promise<number[]> {
      stopped = true;
      await running;
      return statuses;
    },
  };
}

// Issue 12, "Faults in a cluster": with Redis gone, revocations stopped travelling (a key revoked
// on A stayed accepted by B for the whole outage) and each instance limited with a full bucket of
// its own. Two instances share one PostgreSQL schema and a redis-server of this test's own, which
// the test kills and restarts.
describe.runIf(CLUSTER_AVAILABLE)('Redis killed and restarted (PostgreSQL + a private redis-server)', () => {
  let redis: PrivateRedis & { stop(): Promise<void> };
  let cluster: Cluster;
  let a: FastifyInstance;
  let b: FastifyInstance;
  let owner: Owner;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    cluster = await startCluster(2, { REDIS_URL: redis.url, WARDEN_RATE_LIMITS: 'on', WARDEN_BUS_DOWN_CACHE_SECONDS: '1' });
    [a, b] = cluster.apps as [FastifyInstance, FastifyInstance];
    owner = await registerOwner(a);
  });
  afterAll(async () => {
    await cluster?.close();
    await redis?.stop();
  });

  async function killRedis(): Promise<void> {
    await redis.kill();
    expect(await eventually(() => busOf(a).downSinceMs !== null && busOf(b).downSinceMs !== null)).toBe(true);
  }
  async function restartRedis(): Promise<void> {
    await redis.restart();
    expect(await eventually(() => busOf(a).downSinceMs === null && busOf(b).downSinceMs === null)).toBe(true);
  }

  it('a key revoked on A while Redis is down is refused by B within WARDEN_BUS_DOWN_CACHE_SECONDS, and no request fails meanwhile', async () => {
    const auth = { bearer: owner.session };
    const victim = await createKey(a, auth, { name: 'revoked during the outage', scopes: ['api-keys:read'] });
    const bystander = await createKey(a, auth, { name: 'load', scopes: ['api-keys:read'], rate_limit: 1_000_000 });
    // B has the key cached, and would keep it for WARDEN_KEY_CACHE_TTL_SECONDS (300 s) unless told.
    expect((await call(b, 'GET', '/v1/me', { auth: { apiKey: victim.key } })).statusCode).toBe(200);

    const load = backgroundLoad([a, b], bystander.key);
    await killRedis();
    const revoked = await call(a, 'DELETE', `/v1/keys/${victim.id}`, { auth });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expectProblem(await call(a, 'GET', '/v1/me', { auth: { apiKey: victim.key } }), 401, 'key_revoked');
    // B re-reads the key from the database once its cached copy is older than the bound (1 s);
    // the loop only bounds the test, it measures nothing.
    expect(await eventually(async () => (await call(b, 'GET', '/v1/me', { auth: { apiKey: victim.key } })).statusCode === 401)).toBe(true);
    expectProblem(await call(b, 'GET', '/v1/me', { auth: { apiKey: victim.key } }), 401, 'key_revoked');
    const duringOutage = load.statuses.length;
    expect(await metric(b, 'warden_bus_down')).toBe(1);

    await restartRedis();
    expectProblem(await call(b, 'GET', '/v1/me', { auth: { apiKey: victim.key } }), 401, 'key_revoked');
    // The bus carries revocations again.
    const second = await createKey(a, auth, { name: 'revoked after the outage', scopes: ['api-keys:read'] });
    expect((await call(b, 'GET', '/v1/me', { auth: { apiKey: second.key } })).statusCode).toBe(200);
    expect((await call(a, 'DELETE', `/v1/keys/${second.id}`, { auth })).statusCode).toBe(200);
    expect(await eventually(async () => (await call(b, 'GET', '/v1/me', { auth: { apiKey: second.key } })).statusCode === 401)).toBe(true);

    const statuses = await load.stop();
    expect(duringOutage).toBeGreaterThan(0);
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
  }, 60_000);

  it('a session ended on A while Redis is down is refused by B within the bound, its token and its access tokens', async () => {
    const login = await call(a, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } });
    expect(login.statusCode, login.body).toBe(200);
    const { token, access_token: accessToken } = login.json();
    for (const bearer of [token, accessToken]) expect((await call(b, 'GET', '/v1/me', { auth: { bearer } })).statusCode).toBe(200);

    await killRedis();
    expect((await call(a, 'POST', '/auth/logout', { auth: { bearer: token } })).statusCode).toBe(204);
    for (const bearer of [token, accessToken]) {
      expect(await eventually(async () => (await call(b, 'GET', '/v1/me', { auth: { bearer } })).statusCode === 401)).toBe(true);
    }
    await restartRedis();
    for (const bearer of [token, accessToken]) expect((await call(b, 'GET', '/v1/me', { auth: { bearer } })).statusCode).toBe(401);
  }, 60_000);

  it('while Redis is down, each instance enforces its share of a key\'s limit (the limit divided by the instances last seen)', async () => {
    const auth = { bearer: owner.session };
    // A probe whose strictest limit is the workspace budget (10,000 a minute): it shows which
    // engine answers without using up the limited key's bucket. After an outage the limiter
    // leaves Redis alone for 5 s before trying it again.
    const probe = await createKey(a, auth, { name: 'probe', scopes: ['api-keys:read'], rate_limit: 1_000_000 });
    const sharedThroughRedis = async (): Promise<boolean> => {
      const limits = await Promise.all([a, b].map(async (app) => (await call(app, 'GET', '/v1/me', { auth: { apiKey: probe.key } })).headers['x-ratelimit-limit']));
      return limits.every((limit) => limit === '10000');
    };
    expect(await eventually(sharedThroughRedis, 15_000)).toBe(true);
    expect(await eventually(() => a.warden.limiter.engine.liveInstances === 2 && b.warden.limiter.engine.liveInstances === 2)).toBe(true);
    expect(await metric(a, 'warden_ratelimit_live_instances')).toBe(2);
    expect(await metric(a, 'warden_bus_down')).toBe(0);
    const key = await createKey(a, auth, { name: 'limited', scopes: ['api-keys:read'], rate_limit: 60 });
    expect((await call(a, 'GET', '/v1/me', { auth: { apiKey: key.key } })).headers['x-ratelimit-limit']).toBe('60');

    await killRedis();
    const fallbacksBefore = a.warden.limiter.engine.fallbacks!;
    for (const app of [a, b]) {
      const local = await call(app, 'GET', '/v1/me', { auth: { apiKey: key.key } });
      expect(local.statusCode).toBe(200);
      expect(local.headers['x-ratelimit-limit']).toBe('30');
    }
    expect(a.warden.limiter.engine.fallbacks).toBeGreaterThan(fallbacksBefore);

    await restartRedis();
    expect(await eventually(sharedThroughRedis, 15_000)).toBe(true);
    expect((await call(b, 'GET', '/v1/me', { auth: { apiKey: key.key } })).headers['x-ratelimit-limit']).toBe('60');
  }, 60_000);
});
