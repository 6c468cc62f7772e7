import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBus, type RedisBus } from '../src/store/bus/redis-bus.js';
import { BUS_RESYNC_CHANNEL } from '../src/store/bus/bus.js';
import { closeRedis, openRedis } from '../src/store/redis.js';
import { startPrivateRedis, type PrivateRedis } from './helpers/private-redis.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(done: () => boolean, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(5);
  }
  return true;
}

const reasons = (messages: unknown[]) => messages.map((m) => (m as { reason: string }).reason);

// What the bus does about messages it may lose (issue 12): a redis-server of the test's own,
// killed, frozen and restarted.
describe.runIf(process.env.REDIS_URL)('Redis bus when Redis goes away', () => {
  let redis: PrivateRedis & { stop(): Promise<void> };
  const buses: RedisBus[] = [];
  const open = async (prefix = `warden-test:${randomUUID()}:bus:`): Promise<RedisBus> => {
    const bus = await createRedisBus({ url: redis.url, prefix, downResyncIntervalMs: 100, onError: () => {} });
    buses.push(bus);
    return bus;
  };
  beforeAll(async () => {
    redis = await startPrivateRedis();
  });
  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    await redis?.stop();
  });

  it('while its subscription is down, tells its own handlers to resync every downResyncIntervalMs, and once more when back', async () => {
    const bus = await open();
    const resyncs: unknown[] = [];
    bus.subscribe(BUS_RESYNC_CHANNEL, (message) => resyncs.push(message));
    expect(bus.downSinceMs).toBeNull();

    await redis.kill();
    expect(await eventually(() => bus.downSinceMs !== null)).toBe(true);
    expect(await eventually(() => resyncs.length >= 3)).toBe(true);
    expect(new Set(reasons(resyncs))).toEqual(new Set(['down']));

    await redis.restart();
    expect(await eventually(() => bus.downSinceMs === null)).toBe(true);
    expect(reasons(resyncs).at(-1)).toBe('reconnected');
    // Up again: no more periodic resyncs.
    const seen = resyncs.length;
    await sleep(300);
    expect(resyncs).toHaveLength(seen);
  });

  it('a connection that goes silent without closing (PING unanswered) counts as down', async () => {
    const bus = await open();
    expect(await eventually(() => bus.downSinceMs === null)).toBe(true);
    redis.freeze();
    try {
      // The PING times out after the command timeout (1 s), then the connection is dropped.
      expect(await eventually(() => bus.downSinceMs !== null)).toBe(true);
    } finally {
      redis.thaw();
    }
    expect(await eventually(() => bus.downSinceMs === null)).toBe(true);
  });

  it('asks the other instances to resync once it can publish again after a message it could not send', async () => {
    const prefix = `warden-test:${randomUUID()}:bus:`;
    const a = await open(prefix);
    const b = await open(prefix);
    const onB: unknown[] = [];
    const resyncsOfB: unknown[] = [];
    b.subscribe('keys', (message) => onB.push(message));
    b.subscribe(BUS_RESYNC_CHANNEL, (message) => resyncsOfB.push(message));
    const resyncsOfA: unknown[] = [];
    a.subscribe(BUS_RESYNC_CHANNEL, (message) => resyncsOfA.push(message));
    const admin = openRedis(redis.url, { name: 'warden-test-admin' });
    try {
      // Only A's publishing connection drops (B hears Redis all along): A's message is lost for B.
      const line = String(await admin.client('LIST')).split('\n').find((l) => l.includes(` name=warden-bus-pub-${a.instanceId} `))!;
      await admin.client('KILL', 'ID', /(?:^| )id=(\d+)/.exec(line)![1]!);
    } finally {
      await closeRedis(admin);
    }
    expect(await eventually(() => !a.connected)).toBe(true);
    await a.publish('keys', { hashes: ['lost'] });
    expect(await eventually(() => resyncsOfB.length > 0)).toBe(true);
    expect(resyncsOfB).toEqual([{ reason: 'unsent' }]);
    expect(onB).toEqual([]);
    // Not to itself: its own caches had the message.
    expect(resyncsOfA).toEqual([]);
  });
});
