import type { Redis } from '../redis.js';
import type { KeyValueStore } from './kv.js';
import { StoreUnavailableError } from '../../errors/warden-error.js';

/** Redis failures fail closed: 503 store_unavailable, never a 500 and never "no counter". */
const closed = <T>(promise: Promise<T>): Promise<T> => promise.catch((error: unknown) => {
  throw new StoreUnavailableError(error);
});

const INCREMENT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

/** The same state in Redis, shared by every instance (keys under `prefix`, expiring on their own). */
export function createRedisKv(redis: Redis, options: { prefix: string }): KeyValueStore {
  const k = (key: string): string => options.prefix + key;
  return {
    distributed: true,
    async get(key) {
      return closed(redis.get(k(key)));
    },
    async set(key, value, ttlMs) {
      await closed(redis.set(k(key), value, 'PX', Math.max(1, Math.ceil(ttlMs))));
    },
    async delete(key) {
      await closed(redis.del(k(key)));
    },
    async increment(key, ttlMs) {
      return Number(await closed(redis.eval(INCREMENT, 1, k(key), Math.max(1, Math.ceil(ttlMs)))));
    },
    async close() {
      // The connection belongs to the caller.
    },
  };
}
