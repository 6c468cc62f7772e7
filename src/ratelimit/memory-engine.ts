import { LRUCache } from 'lru-cache';
import { gcra } from './gcra.js';
import type { LimitCheck, LimitOutcome, RateLimitEngine } from './engine.js';

/**
 * One process's buckets, in memory (the default, and the fallback when Redis is down). Bounded:
 * the least recently used buckets leave first — a forgotten bucket is a full one, the lenient side.
 */
export function createMemoryEngine(options: { maxKeys: number }): RateLimitEngine {
  const tats = new LRUCache<string, number>({ max: options.maxKeys });
  return {
    name: 'memory',
    consume(checks: readonly LimitCheck[], nowMs: number): LimitOutcome[] {
      const outcomes = checks.map((check) => ({ check, ...gcra(tats.get(check.key) ?? null, nowMs, check) }));
      if (outcomes.every((o) => o.allowed)) for (const o of outcomes) tats.set(o.check.key, o.newTatMs);
      return outcomes;
    },
    async close() {
      tats.clear();
    },
  };
}
