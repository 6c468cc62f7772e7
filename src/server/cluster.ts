import type { FastifyBaseLogger } from 'fastify';
import type { Bus } from '../store/bus/bus.js';
import { createRedisBus } from '../store/bus/redis-bus.js';
import { closeRedis, openRedis } from '../store/redis.js';
import type { RateLimitEngine } from '../ratelimit/engine.js';
import { createRedisEngine } from '../ratelimit/redis-engine.js';
import { createFallbackEngine } from '../ratelimit/fallback-engine.js';
import { createMemoryEngine } from '../ratelimit/memory-engine.js';
import type { KeyValueStore } from '../store/kv/kv.js';
import { createRedisKv } from '../store/kv/redis-kv.js';

export interface ClusterParts {
  bus: Bus;
  rateLimitEngine: RateLimitEngine;
  kv: KeyValueStore;
}

/**
 * With REDIS_URL: the bus (invalidations, live events) and the rate-limit buckets are shared by
 * every instance through Redis. Redis down: the bus still delivers inside this process, and rate
 * limits fall back to this instance's memory (logged) — never a 500, never unlimited.
 */
export async function openClusterParts(redisUrl: string, prefix: string, logger: FastifyBaseLogger): Promise<ClusterParts> {
  const bus = await createRedisBus({
    url: redisUrl,
    prefix: `${prefix}bus:`,
    onError: (error) => logger.warn({ err: error }, 'Redis bus: delivery to other instances failed'),
  });
  const redis = openRedis(redisUrl, { name: 'warden-ratelimit', onError: (error) => logger.warn({ err: error }, 'Redis rate-limit connection error') });
  const engine = createFallbackEngine(
    createRedisEngine(redis, { prefix: `${prefix}rl:` }),
    createMemoryEngine({ maxKeys: 1_000_000 }),
    { onFallback: (error) => logger.error({ err: error }, 'Redis unavailable: rate limits are local to this instance until it is back') },
  );
  // Login back-off counters, second-factor challenges and the refresh race window: on the same
  // connection as the limiter. Redis down: those calls fail with 503 store_unavailable.
  const kv = createRedisKv(redis, { prefix: `${prefix}kv:` });
  return {
    bus,
    kv,
    rateLimitEngine: {
      name: engine.name,
      get fallbacks() {
        return engine.fallbacks;
      },
      consume: (checks, nowMs) => engine.consume(checks, nowMs),
      async close() {
        await engine.close();
        await closeRedis(redis);
      },
    },
  };
}
