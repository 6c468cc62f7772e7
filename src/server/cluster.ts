import type { FastifyBaseLogger } from 'fastify';
import type { Bus } from '../store/bus/bus.js';
import { createRedisBus } from '../store/bus/redis-bus.js';
import { closeRedis, openRedis } from '../store/redis.js';
import { trackLiveInstances } from '../store/live-instances.js';
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

export interface ClusterOptions {
  redisUrl: string;
  /** WARDEN_REDIS_PREFIX. */
  prefix: string;
  /** WARDEN_BUS_DOWN_CACHE_SECONDS: how long caches are trusted while the bus cannot hear the others. */
  busDownCacheSeconds: number;
  /** How often this instance announces itself in Redis (default 2 s; see trackLiveInstances). */
  heartbeatIntervalMs?: number;
}

/**
 * With REDIS_URL: the bus (invalidations, live events) and the rate-limit buckets are shared by
 * every instance through Redis. Redis down: the bus still delivers inside this process and caches
 * trust nothing older than busDownCacheSeconds; rate limits fall back to this instance's memory
 * (logged), each limit divided by the number of instances last seen — never a 500, never unlimited.
 */
export async function openClusterParts(options: ClusterOptions, logger: FastifyBaseLogger): Promise<ClusterParts> {
  const { redisUrl, prefix } = options;
  const bus = await createRedisBus({
    url: redisUrl,
    prefix: `${prefix}bus:`,
    downResyncIntervalMs: options.busDownCacheSeconds * 1000,
    onError: (error) => logger.warn({ err: error }, 'Redis bus: delivery to other instances failed'),
  });
  const redis = openRedis(redisUrl, { name: 'warden-ratelimit', onError: (error) => logger.warn({ err: error }, 'Redis rate-limit connection error') });
  const instances = trackLiveInstances(redis, {
    key: `${prefix}instances`,
    instanceId: bus.instanceId,
    intervalMs: options.heartbeatIntervalMs ?? 2000,
    // Connection errors are logged by the connection; a beat lost to one is retried next time.
    onError: () => {},
  });
  const engine = createFallbackEngine(
    createRedisEngine(redis, { prefix: `${prefix}rl:` }),
    createMemoryEngine(),
    {
      instances: () => instances.count,
      onFallback: (error) => logger.error({ err: error, instances: instances.count }, 'Redis unavailable: rate limits are local to this instance (each limit divided by the instances last seen) until it is back'),
    },
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
      get liveInstances() {
        return instances.count;
      },
      consume: (checks, nowMs) => engine.consume(checks, nowMs),
      async close() {
        await instances.stop();
        await engine.close();
        await closeRedis(redis);
      },
    },
  };
}
