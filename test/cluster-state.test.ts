import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { base32Decode } from '../src/lib/base32.js';
import { hotp, totpCounter } from '../src/twofactor/totp.js';
import { call, createKey, registerOwner } from './helpers/test-app.js';
import type { RedisBus } from '../src/store/bus/redis-bus.js';
import { closeRedis, openRedis } from '../src/store/redis.js';
import { expectProblem } from './helpers/assertions.js';
import { CLUSTER_AVAILABLE, startCluster, type Cluster } from './helpers/cluster.js';

// Short-lived state a login needs across requests lives in Redis, so consecutive requests of one
// client may land on different instances (a load balancer without sticky sessions).
describe.runIf(CLUSTER_AVAILABLE)('shared login state across instances (PostgreSQL + Redis)', () => {
  let cluster: Cluster;
  let a: FastifyInstance;
  let b: FastifyInstance;
  beforeAll(async () => {
    cluster = await startCluster(2, { WARDEN_LOGIN_FREE_FAILURES: '2' });
    [a, b] = cluster.apps as [FastifyInstance, FastifyInstance];
  });
  afterAll(() => cluster.close());

  it('a two-factor challenge opened on A is answered on B, once', async () => {
    const owner = await registerOwner(a);
    const setup = (await call(a, 'POST', '/auth/2fa/setup', { auth: { bearer: owner.session } })).json();
    const secret = base32Decode(setup.secret);
    const code = () => hotp(secret, totpCounter(Date.now()));
    expect((await call(b, 'POST', '/auth/2fa/enable', { auth: { bearer: owner.session }, body: { code: code() } })).statusCode).toBe(200);
    const challenge = expectProblem(await call(a, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } }), 401, 'two_factor_required');
    // A wrong code on B counts an attempt; then the next time step's code (the one just used to
    // enable 2FA cannot be used twice; ±1 step of drift is accepted).
    expectProblem(await call(b, 'POST', '/auth/login', { body: { challenge_id: challenge.challenge_id, twoFactorCode: '000000' } }), 401, 'invalid_two_factor_code');
    const next = hotp(secret, totpCounter(Date.now()) + 1);
    const ok = await call(b, 'POST', '/auth/login', { body: { challenge_id: challenge.challenge_id, twoFactorCode: next } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().token).toMatch(/^sess_/);
    // Used up on every instance.
    expectProblem(await call(a, 'POST', '/auth/login', { body: { challenge_id: challenge.challenge_id, twoFactorCode: next } }), 401, 'invalid_credentials');
  });

  it('two tabs refreshing at once through different instances get the same new pair, not a logout', async () => {
    const owner = await registerOwner(a);
    const login = (await call(a, 'POST', '/auth/login', { body: { email: owner.email, password: owner.password } })).json();
    const [first, second] = await Promise.all([
      call(a, 'POST', '/auth/refresh', { body: { refresh_token: login.refresh_token } }),
      call(b, 'POST', '/auth/refresh', { body: { refresh_token: login.refresh_token } }),
    ]);
    expect([first.statusCode, second.statusCode]).toEqual([200, 200]);
    expect(second.json().refresh_token).toBe(first.json().refresh_token);
    expect((await call(b, 'GET', '/v1/me', { auth: { bearer: login.token } })).statusCode).toBe(200);
  });

  it('login back-off counts failures made on any instance', async () => {
    const owner = await registerOwner(a);
    const wrong = (app: FastifyInstance) => call(app, 'POST', '/auth/login', { body: { email: owner.email, password: 'not the password at all' }, remoteAddress: '198.51.100.77' });
    expect((await wrong(a)).statusCode).toBe(401);
    expect((await wrong(b)).statusCode).toBe(401);
    // Two free failures used, one on each instance: the third attempt, anywhere, is slowed down.
    expect((await wrong(a)).statusCode).toBe(401);
    const blocked = expectProblem(await wrong(b), 429, 'rate_limited');
    expect(blocked.retry_after).toBeGreaterThanOrEqual(1);
  });
});

// Redis pub/sub is at-most-once: an invalidation published while an instance's subscription was
// down never reaches it. When the bus reconnects, the instance drops its caches instead.
describe.runIf(CLUSTER_AVAILABLE)('after a Redis reconnect (PostgreSQL + Redis)', () => {
  let cluster: Cluster;
  let app: FastifyInstance;
  beforeAll(async () => {
    cluster = await startCluster(1);
    [app] = cluster.apps as [FastifyInstance];
  });
  afterAll(() => cluster.close());

  it('an instance that may have missed invalidations forgets its cached keys and sessions', async () => {
    expect((await call(app, 'GET', '/readyz')).json()).toEqual({ status: 'ready', store: 'postgres', redis: 'ok' });
    const owner = await registerOwner(app);
    const key = await createKey(app, { bearer: owner.session }, { name: 'cached', scopes: ['api-keys:read'] });
    expect((await call(app, 'GET', '/v1/me', { auth: { apiKey: key.key } })).statusCode).toBe(200);
    expect((await call(app, 'GET', '/v1/me', { auth: { bearer: owner.session } })).statusCode).toBe(200);
    // Revoked behind the instance's back, as if the bus message had been lost: the caches still say yes.
    await app.warden.db.query('update api_keys set revoked_at = now() where id = $1', [key.id]);
    await app.warden.db.query('update sessions set revoked_at = now() where user_id = $1', [owner.userId]);
    expect((await call(app, 'GET', '/v1/me', { auth: { apiKey: key.key } })).statusCode).toBe(200);

    const admin = openRedis(process.env.REDIS_URL!, { name: 'warden-test-admin' });
    try {
      const name = `warden-bus-sub-${(app.warden.bus as RedisBus).instanceId}`;
      const line = String(await admin.client('LIST')).split('\n').find((l) => l.includes(` name=${name} `))!;
      await admin.client('KILL', 'ID', /(?:^| )id=(\d+)/.exec(line)![1]!);
    } finally {
      await closeRedis(admin);
    }
    const deadline = Date.now() + 5000;
    let status = 200;
    while (status === 200 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      status = (await call(app, 'GET', '/v1/me', { auth: { apiKey: key.key } })).statusCode;
    }
    expectProblem(await call(app, 'GET', '/v1/me', { auth: { apiKey: key.key } }), 401, 'key_revoked');
    expect((await call(app, 'GET', '/v1/me', { auth: { bearer: owner.session } })).statusCode).toBe(401);
  });
});
