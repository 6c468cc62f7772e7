import { describe, expect, it } from 'vitest';
import { afterFailure, FRESH_STATE, retryAfterSeconds, type BackoffState } from './login-backoff.js';

const policy = { freeFailures: 3, maxBlockSeconds: 10 };

describe('login back-off decision', () => {
  it('lets the free failures through, then blocks 1 s, 2 s, 4 s … capped', () => {
    let state: BackoffState = FRESH_STATE;
    const blocks: number[] = [];
    for (let i = 0; i < 8; i++) {
      state = afterFailure(state, policy, 1_000_000);
      blocks.push(retryAfterSeconds(state, 1_000_000));
    }
    expect(blocks).toEqual([0, 0, 0, 1, 2, 4, 8, 10]);
    expect(state.failures).toBe(8);
  });

  it('counts down and rounds partial seconds up', () => {
    const state = { failures: 5, blockedUntilMs: 10_000 };
    expect(retryAfterSeconds(state, 8_500)).toBe(2);
    expect(retryAfterSeconds(state, 9_999)).toBe(1);
    expect(retryAfterSeconds(state, 10_000)).toBe(0);
  });

  it('does not overflow after very many failures', () => {
    const state = afterFailure({ failures: 10_000, blockedUntilMs: 0 }, policy, 0);
    expect(retryAfterSeconds(state, 0)).toBe(10);
  });
});
