import type { LimitCheck, LimitOutcome, RateLimitEngine } from './engine.js';
import { localShareOf } from './local-share.js';

export interface FallbackEngineOptions {
  /** A primary failure that opened a fallback period (the caller logs it). Not called per request. */
  onFallback(error: unknown): void;
  /** After a failure, go straight to the fallback for this long before trying the primary again. */
  retryAfterMs?: number;
  /** Time source for that period (default Date.now); independent of the `nowMs` of decisions. */
  clock?: () => number;
  /**
   * How many instances share the traffic (last seen while the primary answered; default 1): the
   * fallback enforces each limit divided by it (localShareOf), so the instances together stay
   * within the limit instead of letting it through once each.
   */
  instances?: () => number;
}

export interface FallbackEngine extends RateLimitEngine {
  /** Requests answered by the fallback (failed primary calls and requests during fallback periods). */
  readonly fallbacks: number;
}

/**
 * The primary (Redis) engine, degraded to the fallback (local memory limits) when it fails: a
 * request is never refused with a 500 and never let through unlimited. After a failure the
 * primary is left alone for `retryAfterMs`, so a dead Redis does not add its timeout to every
 * request; then the next request tries it again. Buckets are not carried between the two engines:
 * while degraded, each instance counts only its own requests, against its share of each limit.
 */
export function createFallbackEngine(
  primary: RateLimitEngine,
  fallback: RateLimitEngine,
  options: FallbackEngineOptions,
): FallbackEngine {
  const retryAfterMs = options.retryAfterMs ?? 5000;
  const clock = options.clock ?? Date.now;
  let fallbacks = 0;
  let skipPrimaryUntil = Number.NEGATIVE_INFINITY;
  // The shared checks of the last instance count, so a degraded request builds no new objects.
  let sharesOf = new WeakMap<LimitCheck, LimitCheck>();
  let sharesFor = 1;
  const local = (checks: readonly LimitCheck[], nowMs: number): Promise<LimitOutcome[]> => {
    const instances = options.instances?.() ?? 1;
    if (!(instances > 1)) return fallback.consume(checks, nowMs);
    if (instances !== sharesFor) {
      sharesOf = new WeakMap();
      sharesFor = instances;
    }
    const shared = checks.map((check) => {
      let share = sharesOf.get(check);
      if (!share) sharesOf.set(check, (share = localShareOf(check, instances)));
      return share;
    });
    return fallback.consume(shared, nowMs);
  };

  return {
    name: primary.name,
    get fallbacks() {
      return fallbacks;
    },
    async consume(checks: readonly LimitCheck[], nowMs: number): Promise<LimitOutcome[]> {
      if (clock() < skipPrimaryUntil) {
        fallbacks++;
        return local(checks, nowMs);
      }
      try {
        return await primary.consume(checks, nowMs);
      } catch (error) {
        fallbacks++;
        // Concurrent requests that were already waiting on the primary fail together: report the
        // failure that opens the period, not every one of them.
        const alreadyDegraded = clock() < skipPrimaryUntil;
        skipPrimaryUntil = clock() + retryAfterMs;
        if (!alreadyDegraded) {
          try {
            options.onFallback(error);
          } catch {
            // Logging must not turn a degraded answer into a failed request.
          }
        }
        return local(checks, nowMs);
      }
    },
    async close() {
      await Promise.all([primary.close(), fallback.close()]);
    },
  };
}
