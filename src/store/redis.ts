import { Redis } from 'ioredis';

export type { Redis } from 'ioredis';

export interface OpenRedisOptions {
  /** Sent as CLIENT SETNAME, so `CLIENT LIST` shows which Warden connection is which. */
  name?: string;
  /**
   * Connection-level errors (refused, reset, timed out). Without a listener ioredis would print
   * them; a dropped connection never throws into the process. Repeats of the same message while
   * the connection stays down are reported once, until it is ready again.
   */
  onError?: (error: Error) => void;
}

/** Reconnect backoff: 100 ms, 200 ms, 400 ms … capped at 2 s. */
export function redisRetryDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.max(0, attempt - 1), 2000);
}

/**
 * One ioredis connection configured to fail fast: a command waits at most `commandTimeout`
 * (1 s) — including while queued during (re)connection — and queued commands are rejected after
 * one failed reconnection attempt instead of waiting for Redis to come back. Connects at once and
 * keeps reconnecting in the background (backoff capped at 2 s) for as long as it is open.
 */
export function openRedis(url: string, options: OpenRedisOptions = {}): Redis {
  const redis = new Redis(url, {
    ...(options.name === undefined ? {} : { connectionName: options.name }),
    lazyConnect: false,
    connectTimeout: 2000,
    commandTimeout: 1000,
    maxRetriesPerRequest: 1,
    retryStrategy: redisRetryDelay,
  });
  let lastReported: string | undefined;
  redis.on('ready', () => {
    lastReported = undefined;
  });
  redis.on('error', (error: Error) => {
    if (error.message === lastReported) return;
    lastReported = error.message;
    try {
      options.onError?.(error);
    } catch {
      // A failing reporter must not turn a connection error into an uncaught exception.
    }
  });
  return redis;
}

/**
 * Waits for the connection's first outcome: true once it is ready, false as soon as an attempt
 * has failed (or after `timeoutMs`). Never rejects; the connection keeps reconnecting either way.
 * For start-up: log that Redis is unavailable and carry on degraded, or refuse to start.
 */
export function waitForRedis(redis: Redis, timeoutMs = 2500): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  if (isRedisDown(redis)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      redis.off('ready', done);
      redis.off('error', done);
      redis.off('close', done);
      resolve(redis.status === 'ready');
    };
    const timer = setTimeout(done, timeoutMs);
    redis.on('ready', done);
    redis.on('error', done);
    redis.on('close', done);
  });
}

/** True when commands sent now would go straight to the server (not into the offline queue). */
export function isRedisReady(redis: Redis): boolean {
  return redis.status === 'ready';
}

/**
 * True when the connection is known to be down (lost, waiting to reconnect, or closed): callers
 * on a request path fail at once instead of queueing a command that would wait for its timeout.
 * While the first connection is still being made this is false, so start-up commands queue.
 */
export function isRedisDown(redis: Redis): boolean {
  return redis.status === 'reconnecting' || redis.status === 'close' || redis.status === 'end';
}

/**
 * QUIT (pending replies are read first); if that fails — Redis unreachable — drop the socket.
 * Resolves once the connection has ended (bounded by 1 s), and it never reconnects afterwards.
 * A connection that was waiting to reconnect just stops (ioredis leaves its status at
 * `reconnecting`, with no socket and no timer left).
 */
export async function closeRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  let timer: NodeJS.Timeout | undefined;
  let onEnd: (() => void) | undefined;
  const ended = new Promise<void>((resolve) => {
    onEnd = resolve;
    timer = setTimeout(resolve, 1000);
    redis.once('end', onEnd);
  });
  try {
    try {
      await redis.quit();
    } catch {
      redis.disconnect();
    }
    const status: string = redis.status; // changed while awaiting quit()
    if (status !== 'end' && status !== 'reconnecting') await ended;
  } finally {
    clearTimeout(timer);
    if (onEnd) redis.off('end', onEnd);
  }
}
