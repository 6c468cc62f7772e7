import type { LimitCheck } from './engine.js';

/**
 * A limit as one of `instances` instances enforces it alone (Redis down, each counting only the
 * requests it serves): its share, rounded down, so all of them together let no more than the limit
 * through when the traffic is spread over them. Never below 1 per period — a limit smaller than the
 * number of instances can then be exceeded, at most `instances` times over.
 */
export function localShareOf(check: LimitCheck, instances: number): LimitCheck {
  if (!(instances > 1)) return check;
  return { ...check, limit: Math.max(1, Math.floor(check.limit / instances)) };
}
