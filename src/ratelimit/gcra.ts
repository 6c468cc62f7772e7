/**
 * GCRA (generic cell rate algorithm), the pure decision. A limit of `limit` requests per
 * `periodMs` lets one request through every `periodMs / limit` ms on average, with bursts of up to
 * `limit`. The whole state is one number per key — the theoretical arrival time (TAT) — so the
 * decision is O(1), exact (no fixed-window edge where twice the limit gets through) and applied
 * atomically with a single read-modify-write (one Lua script in Redis).
 */
export interface Limit {
  limit: number;
  periodMs: number;
}

export interface GcraDecision {
  allowed: boolean;
  /** The TAT to store when allowed (unchanged state when denied). */
  newTatMs: number;
  /** Requests still allowed right now after this one. */
  remaining: number;
  /** When the bucket is full again (unix ms). */
  resetAtMs: number;
  /** Denied: wait this long before retrying (0 when allowed). */
  retryAfterMs: number;
}

export function gcra(storedTatMs: number | null, nowMs: number, { limit, periodMs }: Limit, cost = 1): GcraDecision {
  const intervalMs = periodMs / limit;
  const tat = storedTatMs === null || storedTatMs < nowMs ? nowMs : storedTatMs;
  const newTat = tat + intervalMs * cost;
  const allowAt = newTat - periodMs;
  if (nowMs < allowAt) {
    return {
      allowed: false,
      newTatMs: tat,
      remaining: 0,
      resetAtMs: tat,
      retryAfterMs: Math.ceil(allowAt - nowMs),
    };
  }
  return {
    allowed: true,
    newTatMs: newTat,
    remaining: Math.floor((periodMs - (newTat - nowMs)) / intervalMs + 1e-9),
    resetAtMs: newTat,
    retryAfterMs: 0,
  };
}
