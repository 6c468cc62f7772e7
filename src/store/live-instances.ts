import type { Redis } from 'ioredis';
import { isRedisDown } from './redis.js';

export interface LiveInstancesOptions {
  /** The sorted set of instance ids scored by their last beat (Date.now() ms). */
  key: string;
  instanceId: string;
  /** How often this instance beats and reads the count; an instance silent for 3 beats no longer counts. */
  intervalMs: number;
  onError: (error: unknown) => void;
  clock?: () => number;
}

export interface LiveInstances {
  /**
   * Instances (this one included) that beat within the last 3 intervals, as read at the last
   * beat Redis answered — kept while Redis is down; 1 until a first answer.
   */
  readonly count: number;
  /** Stops beating and leaves the set (best effort), so the others stop counting this instance at once. */
  stop(): Promise<void>;
}

/**
 * Each instance adds itself to one sorted set every `intervalMs` and counts the members seen
 * recently: how many instances share the traffic, for whoever must split a shared budget when
 * Redis is gone (the rate limiter's local fallback). One MULTI per beat; the scores are each
 * instance's own clock, which the rate limiter already needs NTP-synchronised.
 */
export function trackLiveInstances(redis: Redis, options: LiveInstancesOptions): LiveInstances {
  const clock = options.clock ?? Date.now;
  const windowMs = 3 * options.intervalMs;
  let count = 1;
  let stopped = false;

  const beat = async (): Promise<void> => {
    if (stopped || isRedisDown(redis)) return;
    const nowMs = clock();
    const replies = await redis
      .multi()
      .zadd(options.key, nowMs, options.instanceId)
      .zremrangebyscore(options.key, '-inf', `(${nowMs - windowMs}`)
      .zcard(options.key)
      .pexpire(options.key, windowMs)
      .exec();
    const [error, members] = replies?.[2] ?? [new Error('live instances: MULTI was discarded'), null];
    if (error) throw error;
    if (!stopped) count = Math.max(1, Number(members));
  };
  const run = (): void => void beat().catch(options.onError);
  run();
  const timer = setInterval(run, options.intervalMs);
  timer.unref();

  return {
    get count() {
      return count;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      if (redis.status === 'ready') await redis.zrem(options.key, options.instanceId).catch(options.onError);
    },
  };
}
