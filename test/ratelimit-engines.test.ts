import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LimitCheck, LimitOutcome, RateLimitEngine } from '../src/ratelimit/engine.js';
import { createFallbackEngine } from '../src/ratelimit/fallback-engine.js';
import { createMemoryEngine } from '../src/ratelimit/memory-engine.js';
import { createRedisEngine } from '../src/ratelimit/redis-engine.js';
import { closeRedis, openRedis, waitForRedis, type Redis } from '../src/store/redis.js';

const REDIS_URL = process.env.REDIS_URL;
/** Per file run: parallel test files (and reruns) never share a bucket. */
const PREFIX = `warden-test:${randomUUID()}:rl:`;
const T0 = Date.UTC(2031, 0, 1);

let keySeq = 0;
const freshKey = (name: string): string => `${name}:${++keySeq}`;
const check = (key: string, limit: number, periodMs: number, policy = 'standard'): LimitCheck => ({
  key,
  limit,
  periodMs,
  policy,
});

/** The contract every engine meets; `make` returns an engine whose buckets start empty. */
function engineContract(label: string, make: () => RateLimitEngine | Promise<RateLimitEngine>): void {
  describe(`${label} engine contract`, () => {
    let engine: RateLimitEngine;
    beforeAll(async () => {
      engine = await make();
    });
    afterAll(async () => {
      await engine?.close();
    });

    it('lets a burst of exactly `limit` through, then refuses with the interval as retry-after', async () => {
      const c = check(freshKey('burst'), 5, 1000);
      const remaining: number[] = [];
      for (let i = 0; i < 5; i++) {
        const [o] = await engine.consume([c], T0);
        expect(o!.allowed).toBe(true);
        expect(o!.retryAfterMs).toBe(0);
        remaining.push(o!.remaining);
      }
      expect(remaining).toEqual([4, 3, 2, 1, 0]);
      const [denied] = await engine.consume([c], T0);
      expect(denied).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 200, resetAtMs: T0 + 1000 });
      // A refusal costs nothing: the same answer again.
      const [again] = await engine.consume([c], T0 + 50);
      expect(again).toMatchObject({ allowed: false, retryAfterMs: 150 });
    });

    it('recovers one request per interval on a manual clock', async () => {
      const c = check(freshKey('recover'), 4, 60_000);
      for (let i = 0; i < 4; i++) expect((await engine.consume([c], T0))[0]!.allowed).toBe(true);
      expect((await engine.consume([c], T0 + 14_999))[0]).toMatchObject({ allowed: false, retryAfterMs: 1 });
      expect((await engine.consume([c], T0 + 15_000))[0]).toMatchObject({ allowed: true, remaining: 0 });
      expect((await engine.consume([c], T0 + 15_000))[0]!.allowed).toBe(false);
      // Idle for a whole period: a full bucket again.
      expect((await engine.consume([c], T0 + 15_000 + 60_000))[0]).toMatchObject({ allowed: true, remaining: 3 });
    });

    it('is atomic: when one bucket is exhausted, no bucket counts the request', async () => {
      const tight = check(freshKey('tight'), 1, 10_000, 'auth-ip');
      const loose = check(freshKey('loose'), 1, 10_000, 'standard');
      expect((await engine.consume([tight], T0))[0]!.allowed).toBe(true);
      const both = await engine.consume([loose, tight], T0 + 1);
      expect(both.map((o) => o.allowed)).toEqual([true, false]);
      expect(both[0]!.check).toEqual(loose);
      // `loose` was not consumed by the refused request: its single slot is still there.
      expect((await engine.consume([loose], T0 + 2))[0]).toMatchObject({ allowed: true, remaining: 0 });
      expect((await engine.consume([loose], T0 + 3))[0]!.allowed).toBe(false);
    });

    it('applies every bucket when all allow', async () => {
      const a = check(freshKey('a'), 2, 1000);
      const b = check(freshKey('b'), 3, 1000);
      const first = await engine.consume([a, b], T0);
      expect(first.map((o) => [o.allowed, o.remaining])).toEqual([
        [true, 1],
        [true, 2],
      ]);
      const second = await engine.consume([a, b], T0);
      expect(second.map((o) => [o.allowed, o.remaining])).toEqual([
        [true, 0],
        [true, 1],
      ]);
      expect((await engine.consume([a, b], T0)).map((o) => o.allowed)).toEqual([false, true]);
      expect((await engine.consume([b], T0))[0]).toMatchObject({ allowed: true, remaining: 0 });
    });

    it('answers an empty list of checks with an empty list', async () => {
      expect(await engine.consume([], T0)).toEqual([]);
    });
  });
}

/**
 * A request sequence with awkward rates (fractional intervals, fractional clock steps, buckets
 * shared between requests): every engine must produce exactly the memory engine's outcomes.
 */
function sequence(): Array<{ at: number; checks: LimitCheck[] }> {
  const thirds = check('seq:thirds', 3, 1000);
  const sevenths = check('seq:sevenths', 7, 60_000, 'write');
  const fast = check('seq:fast', 10, 1000, 'auth-ip');
  const odd = check('seq:odd', 13, 997, 'workspace');
  const steps: Array<{ at: number; checks: LimitCheck[] }> = [];
  let at = T0;
  const offsets = [0, 0, 0, 0, 1, 333, 0.5, 1, 250.25, 0, 0, 17, 3000, 0, 0, 0, 0, 0, 0, 0, 0.125, 99, 1000 / 3, 7];
  offsets.forEach((offset, i) => {
    at += offset;
    const set = [
      [thirds],
      [thirds, sevenths],
      [fast, odd],
      [sevenths, fast, odd],
      [odd],
      [thirds, fast],
    ][i % 6]!;
    steps.push({ at, checks: set });
    // Bursts on the same instant.
    if (i % 4 === 0) for (let k = 0; k < 4; k++) steps.push({ at, checks: [fast, odd] });
  });
  return steps;
}

async function runSequence(engine: RateLimitEngine): Promise<LimitOutcome[][]> {
  const outcomes: LimitOutcome[][] = [];
  for (const step of sequence()) outcomes.push(await engine.consume(step.checks, step.at));
  return outcomes;
}

engineContract('memory', () => createMemoryEngine({ maxKeys: 10_000 }));

describe('fallback engine', () => {
  class ManualTime {
    now = T0;
    read = (): number => this.now;
  }

  it('answers from the fallback when the primary throws, then leaves the primary alone for retryAfterMs', async () => {
    const time = new ManualTime();
    let primaryCalls = 0;
    const primary: RateLimitEngine = {
      name: 'redis',
      consume() {
        primaryCalls++;
        throw new Error('boom');
      },
      async close() {},
    };
    const failures: unknown[] = [];
    const engine = createFallbackEngine(primary, createMemoryEngine({ maxKeys: 100 }), {
      onFallback: (error) => failures.push(error),
      retryAfterMs: 5000,
      clock: time.read,
    });
    expect(engine.name).toBe('redis');
    const c = check(freshKey('fb'), 2, 60_000);

    expect((await engine.consume([c], T0))[0]).toMatchObject({ allowed: true, remaining: 1 });
    expect(primaryCalls).toBe(1);
    expect(engine.fallbacks).toBe(1);
    expect(failures).toHaveLength(1);
    expect((failures[0] as Error).message).toBe('boom');

    // Within the period: straight to the fallback, which still limits (never unlimited).
    time.now += 4999;
    expect((await engine.consume([c], T0))[0]).toMatchObject({ allowed: true, remaining: 0 });
    expect((await engine.consume([c], T0))[0]).toMatchObject({ allowed: false });
    expect(primaryCalls).toBe(1);
    expect(engine.fallbacks).toBe(3);
    expect(failures).toHaveLength(1);

    // After the period the primary is tried again (and, still failing, reported again).
    time.now += 1;
    await engine.consume([c], T0);
    expect(primaryCalls).toBe(2);
    expect(failures).toHaveLength(2);
    expect(engine.fallbacks).toBe(4);
    await engine.close();
  });

  it('treats a rejected promise like a throw, and goes back to the primary once it works', async () => {
    const time = new ManualTime();
    let healthy = false;
    let primaryCalls = 0;
    const memoryPrimary = createMemoryEngine({ maxKeys: 100 });
    const primary: RateLimitEngine = {
      name: 'redis',
      async consume(checks, nowMs) {
        primaryCalls++;
        if (!healthy) throw new Error('down');
        return memoryPrimary.consume(checks, nowMs);
      },
      close: () => memoryPrimary.close(),
    };
    let reported = 0;
    const engine = createFallbackEngine(primary, createMemoryEngine({ maxKeys: 100 }), {
      onFallback: () => reported++,
      retryAfterMs: 1000,
      clock: time.read,
    });
    const c = check(freshKey('fb2'), 5, 60_000);
    // Concurrent requests failing together report once.
    const answers = await Promise.all([engine.consume([c], T0), engine.consume([c], T0)]);
    expect(answers.map((a) => a[0]!.allowed)).toEqual([true, true]);
    expect(reported).toBe(1);
    expect(engine.fallbacks).toBe(2);

    healthy = true;
    time.now += 1000;
    expect((await engine.consume([c], T0))[0]).toMatchObject({ allowed: true, remaining: 4 });
    expect(primaryCalls).toBe(3);
    expect(engine.fallbacks).toBe(2);
    await engine.close();
  });

  it('answers through the fallback quickly when Redis is unreachable', async () => {
    const errors: Error[] = [];
    const dead = openRedis('redis://127.0.0.1:1', { name: 'warden-test-dead', onError: (e) => errors.push(e) });
    try {
      const failures: unknown[] = [];
      const engine = createFallbackEngine(createRedisEngine(dead, { prefix: PREFIX }), createMemoryEngine({ maxKeys: 100 }), {
        onFallback: (error) => failures.push(error),
      });
      const c = check(freshKey('dead'), 3, 60_000);
      const started = performance.now();
      const [first] = await engine.consume([c], T0);
      expect(performance.now() - started).toBeLessThan(2000);
      expect(first).toMatchObject({ allowed: true, remaining: 2 });
      expect(engine.fallbacks).toBe(1);
      expect(failures).toHaveLength(1);
      // The next requests do not wait for Redis at all.
      const again = performance.now();
      await engine.consume([c], T0);
      expect(performance.now() - again).toBeLessThan(50);
      expect(engine.fallbacks).toBe(2);
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      await closeRedis(dead);
    }
    // Closed for good: no reconnection attempts after closeRedis.
    let attempts = 0;
    dead.on('connecting', () => attempts++);
    dead.on('reconnecting', () => attempts++);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(attempts).toBe(0);
    expect(dead.status).not.toBe('ready');
  }, 10_000);
});

describe('Redis connection', () => {
  it('reports an unreachable Redis at start-up quickly, without throwing', async () => {
    const errors: Error[] = [];
    const dead = openRedis('redis://127.0.0.1:1', { onError: (e) => errors.push(e) });
    try {
      const started = performance.now();
      expect(await waitForRedis(dead)).toBe(false);
      expect(performance.now() - started).toBeLessThan(2600);
      expect(errors[0]?.message).toMatch(/ECONNREFUSED/);
    } finally {
      await closeRedis(dead);
    }
  }, 10_000);

  it.runIf(REDIS_URL)('waits for a reachable Redis to be ready', async () => {
    const redis = openRedis(REDIS_URL!, { name: 'warden-test-wait' });
    try {
      expect(await waitForRedis(redis)).toBe(true);
      expect(await waitForRedis(redis)).toBe(true);
    } finally {
      await closeRedis(redis);
    }
    expect(redis.status).toBe('end');
  });
});

describe.runIf(REDIS_URL)('Redis engine', () => {
  const connections: Redis[] = [];
  const connect = (): Redis => {
    const redis = openRedis(REDIS_URL!, { name: 'warden-test-rl' });
    connections.push(redis);
    return redis;
  };

  afterAll(async () => {
    const [admin] = connections;
    if (admin) {
      const keys = await admin.keys(`${PREFIX}*`);
      if (keys.length > 0) await admin.del(...keys);
    }
    await Promise.all(connections.map((redis) => closeRedis(redis)));
  });

  engineContract('redis', () => createRedisEngine(connect(), { prefix: PREFIX }));

  it('produces exactly the memory engine’s outcomes for the same sequence', async () => {
    const expected = await runSequence(createMemoryEngine({ maxKeys: 1000 }));
    const actual = await runSequence(createRedisEngine(connect(), { prefix: `${PREFIX}seq:` }));
    expect(actual).toEqual(expected);
    // The sequence exercises refusals and fractional state, not just the happy path.
    const flat = expected.flat();
    expect(flat.some((o) => !o.allowed)).toBe(true);
    expect(flat.some((o) => !Number.isInteger(o.newTatMs))).toBe(true);
  });

  it('counts exactly `limit` under concurrent requests from two instances', async () => {
    const one = createRedisEngine(connect(), { prefix: PREFIX });
    const two = createRedisEngine(connect(), { prefix: PREFIX });
    const c = check(freshKey('race'), 30, 60_000);
    const calls = Array.from({ length: 50 }, () => [one.consume([c], T0), two.consume([c], T0)]).flat();
    const outcomes = (await Promise.all(calls)).map((o) => o[0]!);
    expect(outcomes.filter((o) => o.allowed)).toHaveLength(30);
    expect(outcomes.filter((o) => !o.allowed)).toHaveLength(70);
    expect(outcomes.filter((o) => o.allowed).map((o) => o.remaining).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    );
  });

  it('stores each bucket with an expiry at the moment it is full again', async () => {
    const redis = connect();
    const engine = createRedisEngine(redis, { prefix: PREFIX });
    const c = check(freshKey('ttl'), 10, 30_000);
    const now = Date.now();
    await engine.consume([c], now);
    await engine.consume([c], now);
    const ttl = await redis.pttl(PREFIX + c.key);
    // Two requests at 3 s each: full again in 6 s.
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(6000);
    expect(Number(await redis.get(PREFIX + c.key))).toBe(now + 6000);

    const burst = check(freshKey('ttl-full'), 3, 9000);
    for (let i = 0; i < 4; i++) await engine.consume([burst], now);
    const full = await redis.pttl(PREFIX + burst.key);
    expect(full).toBeGreaterThan(0);
    expect(full).toBeLessThanOrEqual(9000);

    // A refused request writes nothing: an untouched key stays absent.
    const blocker = check(freshKey('blocker'), 1, 9000);
    const untouched = check(freshKey('untouched'), 5, 9000);
    await engine.consume([blocker], now);
    await engine.consume([untouched, blocker], now);
    expect(await redis.exists(PREFIX + untouched.key)).toBe(0);
  });

  it('fails fast once the connection is closed', async () => {
    const redis = openRedis(REDIS_URL!, { name: 'warden-test-rl-closed' });
    const engine = createRedisEngine(redis, { prefix: PREFIX });
    await engine.consume([check(freshKey('closed'), 1, 1000)], T0);
    await closeRedis(redis);
    await expect(engine.consume([check(freshKey('closed'), 1, 1000)], T0)).rejects.toThrow(/not connected/);
  });
});
