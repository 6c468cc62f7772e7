import { describe, expect, it } from 'vitest';
import { gcra } from './gcra.js';

const perMinute = (limit: number) => ({ limit, periodMs: 60_000 });

/** Runs n requests at `nowMs`, threading the state; returns the decisions. */
function burst(n: number, nowMs: number, limit = perMinute(10), start: number | null = null) {
  let tat = start;
  return Array.from({ length: n }, () => {
    const d = gcra(tat, nowMs, limit);
    if (d.allowed) tat = d.newTatMs;
    return { ...d, tat };
  });
}

describe('GCRA decision (pure)', () => {
  it('lets exactly `limit` through in a burst, counting remaining down to 0, then refuses', () => {
    const decisions = burst(12, 1_000_000);
    expect(decisions.map((d) => d.allowed)).toEqual([...Array(10).fill(true), false, false]);
    expect(decisions.slice(0, 10).map((d) => d.remaining)).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1, 0]);
    expect(decisions[10]).toMatchObject({ allowed: false, remaining: 0, retryAfterMs: 6_000 });
  });

  it('a refused request changes nothing', () => {
    const decisions = burst(11, 0);
    expect(decisions[10]!.newTatMs).toBe(decisions[9]!.tat);
  });

  it('refills one request per interval (period / limit), not all at once at a window edge', () => {
    const full = burst(10, 0).at(-1)!.tat;
    expect(gcra(full, 5_999, perMinute(10)).allowed).toBe(false);
    const after = gcra(full, 6_000, perMinute(10));
    expect(after).toMatchObject({ allowed: true, remaining: 0 });
    expect(gcra(after.newTatMs, 6_001, perMinute(10)).allowed).toBe(false);
    // Idle for a whole period: the full burst is back.
    expect(gcra(after.newTatMs, 6_000 + 60_000, perMinute(10)).remaining).toBe(9);
  });

  it('reports when the bucket is full again and how long to wait', () => {
    const first = gcra(null, 10_000, perMinute(60));
    expect(first).toEqual({ allowed: true, newTatMs: 11_000, remaining: 59, resetAtMs: 11_000, retryAfterMs: 0 });
    const decisions = burst(61, 10_000, perMinute(60));
    expect(decisions[60]).toMatchObject({ allowed: false, resetAtMs: 70_000, retryAfterMs: 1_000 });
  });

  it('never lets more than limit + elapsed/interval through (sustained load over 5 periods)', () => {
    let tat: number | null = null;
    let allowed = 0;
    for (let now = 0; now < 300_000; now += 50) {
      const d = gcra(tat, now, perMinute(100));
      if (d.allowed) {
        allowed++;
        tat = d.newTatMs;
      }
    }
    // The burst of 100 at t = 0, then one every 600 ms: t = 600, 1200, …, 299 400 (499 more).
    expect(allowed).toBe(100 + 499);
  });

  it('weighs a request by its cost', () => {
    const d = gcra(null, 0, perMinute(10), 4);
    expect(d.remaining).toBe(6);
    expect(gcra(d.newTatMs, 0, perMinute(10), 7).allowed).toBe(false);
  });
});
