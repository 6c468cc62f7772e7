import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/lib/clock.js';
import { createMemoryKv } from '../src/store/kv/memory-kv.js';
import { createRedisKv } from '../src/store/kv/redis-kv.js';
import { closeRedis, openRedis } from '../src/store/redis.js';
import type { KeyValueStore } from '../src/store/kv/kv.js';
import { WardenError } from '../src/errors/warden-error.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The contract both stores keep; `pass(ms)` lets time go by (a manual clock, or real time for Redis). */
function contract(name: string, make: () => { kv: KeyValueStore; pass: (ms: number) => Promise<void> }) {
  describe(`key-value store: ${name}`, () => {
    it('stores, reads, deletes and forgets a value after its ttl', async () => {
      const { kv, pass } = make();
      expect(await kv.get('a')).toBeNull();
      await kv.set('a', 'one', 200);
      expect(await kv.get('a')).toBe('one');
      await kv.set('a', 'two', 200);
      expect(await kv.get('a')).toBe('two');
      await kv.delete('a');
      expect(await kv.get('a')).toBeNull();
      await kv.set('b', 'short', 100);
      await pass(150);
      expect(await kv.get('b')).toBeNull();
    });

    it('increments atomically from 0, keeping the first ttl', async () => {
      const { kv, pass } = make();
      const counts = await Promise.all(Array.from({ length: 20 }, () => kv.increment('n', 300)));
      expect([...counts].sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      await pass(150);
      expect(await kv.increment('n', 300)).toBe(21);
      await pass(200);
      expect(await kv.increment('n', 300)).toBe(1);
    });
  });
}

contract('memory', () => {
  const clock = new ManualClock(Date.UTC(2034, 0, 1));
  return { kv: createMemoryKv({ clock, maxEntries: 100 }), pass: async (ms) => clock.advanceSeconds(ms / 1000) };
});

describe.runIf(process.env.REDIS_URL)('Redis', () => {
  const redis = openRedis(process.env.REDIS_URL!);
  const prefix = `test-kv-${randomBytes(4).toString('hex')}:`;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await closeRedis(redis);
  });
  contract('redis', () => ({ kv: createRedisKv(redis, { prefix: `${prefix}${randomBytes(3).toString('hex')}:` }), pass: (ms) => sleep(ms) }));

  it('fails closed with store_unavailable when Redis is unreachable', async () => {
    const dead = openRedis('redis://127.0.0.1:1');
    try {
      const kv = createRedisKv(dead, { prefix });
      const error = await kv.get('x').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WardenError);
      expect((error as WardenError).code).toBe('store_unavailable');
    } finally {
      await closeRedis(dead);
    }
  });
});
