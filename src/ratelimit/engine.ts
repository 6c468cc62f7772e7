import type { GcraDecision, Limit } from './gcra.js';

/** One limit to apply to one request: its bucket key and its rate. */
export interface LimitCheck extends Limit {
  key: string;
  /** Name shown in RateLimit-Policy (`standard`, `write`, `auth-ip`, `workspace`, …). */
  policy: string;
}

export interface LimitOutcome extends GcraDecision {
  check: LimitCheck;
}

/**
 * Applies a request's limits atomically: either every bucket counts the request, or (one of them
 * is exhausted) none does — a refused request costs nothing anywhere.
 */
export interface RateLimitEngine {
  readonly name: string;
  /** Decisions answered by a fallback because the primary store failed (Redis engine only). */
  readonly fallbacks?: number;
  /** Instances sharing the traffic as last seen in Redis (Redis engine only): the fallback divides limits by it. */
  readonly liveInstances?: number;
  consume(checks: readonly LimitCheck[], nowMs: number): Promise<LimitOutcome[]>;
  /** The same decision, answered synchronously: only engines that decide in this process's memory have it. */
  consumeNow?(checks: readonly LimitCheck[], nowMs: number): LimitOutcome[];
  close(): Promise<void>;
}
