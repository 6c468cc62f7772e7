/**
 * Exponential back-off against password guessing — a pure decision, no I/O.
 *
 * After `freeFailures` failed attempts, every further failure blocks the key for
 * 1 s, 2 s, 4 s … up to `maxBlockSeconds`. Two keys are used per attempt: e-mail + client IP
 * (slows a guesser on one account without letting anyone else lock the owner out: the owner's
 * own IP has its own counter) and client IP alone (slows spraying one password across accounts).
 */
export interface BackoffPolicy {
  freeFailures: number;
  maxBlockSeconds: number;
}

export interface BackoffState {
  failures: number;
  blockedUntilMs: number;
}

export const FRESH_STATE: BackoffState = { failures: 0, blockedUntilMs: 0 };

export function retryAfterSeconds(state: BackoffState, nowMs: number): number {
  return state.blockedUntilMs > nowMs ? Math.ceil((state.blockedUntilMs - nowMs) / 1000) : 0;
}

export function afterFailure(state: BackoffState, policy: BackoffPolicy, nowMs: number): BackoffState {
  const failures = state.failures + 1;
  const over = failures - policy.freeFailures;
  if (over <= 0) return { failures, blockedUntilMs: 0 };
  const blockSeconds = Math.min(2 ** Math.min(over - 1, 30), policy.maxBlockSeconds);
  return { failures, blockedUntilMs: nowMs + blockSeconds * 1000 };
}
