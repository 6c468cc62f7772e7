import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trackLiveInstances, type LiveInstances } from '../src/store/live-instances.js';
import { closeRedis, openRedis, type Redis } from '../src/store/redis.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(done: () => boolean, ms = 5000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(10);
  }
  return true;
}

// How many instances share the traffic, for the rate limiter's fallback (issue 12).
describe.runIf(process.env.REDIS_URL)('live instances (Redis)', () => {
  let redis: Redis;
  const trackers: LiveInstances[] = [];
  const errors: unknown[] = [];
  const key = `warden-test:${randomUUID()}:instances`;
  const track = (instanceId: string, clock?: () => number): LiveInstances => {
    const tracker = trackLiveInstances(redis, { key, instanceId, intervalMs: 50, onError: (e) => errors.push(e), ...(clock ? { clock } : {}) });
    trackers.push(tracker);
    return tracker;
  };
  beforeAll(() => {
    redis = openRedis(process.env.REDIS_URL!, { name: 'warden-test-live-instances' });
  });
  afterAll(async () => {
    await Promise.all(trackers.map((tracker) => tracker.stop()));
    await redis.del(key);
    await closeRedis(redis);
  });

  it('counts every instance that beats, itself included; one that stops leaves the count', async () => {
    const a = track('a');
    expect(a.count).toBe(1);
    const b = track('b');
    const c = track('c');
    expect(await eventually(() => a.count === 3 && b.count === 3 && c.count === 3)).toBe(true);
    await c.stop();
    expect(await redis.zscore(key, 'c')).toBeNull();
    expect(await eventually(() => a.count === 2 && b.count === 2)).toBe(true);
    expect(errors).toEqual([]);
  });

  it('forgets an instance silent for three beats (one that crashed)', async () => {
    // Its last beat, as a crashed instance leaves it: 10 intervals ago.
    await redis.zadd(key, Date.now() - 500, 'crashed');
    const d = track('d');
    expect(await eventually(() => d.count === 3)).toBe(true); // a, b and d
    expect(await redis.zscore(key, 'crashed')).toBeNull();
  });
});
