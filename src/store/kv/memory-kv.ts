import type { Clock } from '../../lib/clock.js';
import type { KeyValueStore } from './kv.js';

interface Entry {
  value: string;
  expiresAtMs: number;
}

/** Entries an in-memory store holds before it sweeps (login challenges, throttles, refresh-token reuse marks). */
const DEFAULT_MAX_ENTRIES = 200_000;

/**
 * One process's short-lived state; expiry follows the service clock (tests move it). Bounded:
 * past `maxEntries`, expired entries are swept out, then the oldest half if still needed.
 */
export function createMemoryKv(options: { clock: Clock; maxEntries?: number }): KeyValueStore {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  let entries = new Map<string, Entry>();
  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && entry.expiresAtMs <= options.clock.nowMs()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  const put = (key: string, entry: Entry): void => {
    if (entries.size >= maxEntries && !entries.has(key)) {
      const nowMs = options.clock.nowMs();
      for (const [k, e] of entries) if (e.expiresAtMs <= nowMs) entries.delete(k);
      if (entries.size >= maxEntries) entries = new Map([...entries].slice(Math.floor(entries.size / 2)));
    }
    entries.set(key, entry);
  };
  return {
    distributed: false,
    async get(key) {
      return live(key)?.value ?? null;
    },
    async set(key, value, ttlMs) {
      put(key, { value, expiresAtMs: options.clock.nowMs() + Math.max(1, ttlMs) });
    },
    async delete(key) {
      entries.delete(key);
    },
    async increment(key, ttlMs) {
      const current = live(key);
      if (!current) {
        put(key, { value: '1', expiresAtMs: options.clock.nowMs() + Math.max(1, ttlMs) });
        return 1;
      }
      // Keeps the first lifetime, as INCR on an expiring Redis key does.
      current.value = String(Number(current.value) + 1);
      return Number(current.value);
    },
    async close() {
      entries.clear();
    },
  };
}
