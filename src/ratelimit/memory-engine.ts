import { gcra } from './gcra.js';
import type { LimitCheck, LimitOutcome, RateLimitEngine } from './engine.js';

/** Buckets kept in memory before full ones are swept out. */
const DEFAULT_MAX_KEYS = 1_000_000;

/**
 * One process's buckets, in memory (the default, and the fallback when Redis is down): a plain
 * Map of bucket key → TAT. Bounded: past `maxKeys`, buckets that are full again (TAT in the past —
 * the same as absent) are swept out, and if that is not enough the oldest half goes; a forgotten
 * bucket is a full one, the lenient side.
 */
export function createMemoryEngine(options: { maxKeys?: number } = {}): RateLimitEngine {
  const maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
  let tats = new Map<string, number>();

  const sweep = (nowMs: number): void => {
    for (const [key, tat] of tats) if (tat <= nowMs) tats.delete(key);
    if (tats.size >= maxKeys) tats = new Map([...tats].slice(Math.floor(tats.size / 2)));
  };

  const consumeNow = (checks: readonly LimitCheck[], nowMs: number): LimitOutcome[] => {
    // Hot path: no intermediate arrays or object spreads.
    const outcomes: LimitOutcome[] = new Array(checks.length);
    let allowed = true;
    for (let i = 0; i < checks.length; i++) {
      const check = checks[i]!;
      const outcome = gcra(tats.get(check.key) ?? null, nowMs, check) as LimitOutcome;
      outcome.check = check;
      outcomes[i] = outcome;
      if (!outcome.allowed) allowed = false;
    }
    if (allowed) {
      if (tats.size >= maxKeys) sweep(nowMs);
      for (const outcome of outcomes) tats.set(outcome.check.key, outcome.newTatMs);
    }
    return outcomes;
  };

  return {
    name: 'memory',
    consumeNow,
    async consume(checks: readonly LimitCheck[], nowMs: number): Promise<LimitOutcome[]> {
      return consumeNow(checks, nowMs);
    },
    async close() {
      tats.clear();
    },
  };
}
