import { describe, expect, it } from 'vitest';
import { createMemoryEngine } from './memory-engine.js';
import { Limiter, type RateLimitSettings } from './limiter.js';
import type { LimitCheck, RateLimitEngine } from './engine.js';
import { ManualClock } from '../lib/clock.js';

const T0 = 1_800_000_000_000;
const checks: LimitCheck[] = [
  { key: 'c:key_1:standard', limit: 3, periodMs: 60_000, policy: 'standard' },
  { key: 'w:wsp_1', limit: 5, periodMs: 60_000, policy: 'workspace' },
];
const settings: RateLimitSettings = {
  enabled: true,
  perMinute: { standard: 3, write: 3, upload: 3, auth: 3 },
  workspacePerMinute: 5,
  authFailuresPerMinute: 3,
  verifyPerMinute: 3,
  perIpPerMinute: 0,
};

describe('synchronous rate-limit decisions (the auth hook answers from memory with them)', () => {
  it('the memory engine decides the same synchronously as through its Promise, bucket for bucket', async () => {
    const sync = createMemoryEngine();
    const async_ = createMemoryEngine();
    for (let i = 0; i < 5; i++) {
      const at = T0 + i * 1000;
      expect(sync.consumeNow!(checks, at)).toEqual(await async_.consume(checks, at));
    }
    // The 4th request in the burst hit the key's limit of 3 (a refusal costs nothing anywhere).
    expect(sync.consumeNow!(checks, T0 + 5000).map((o) => o.allowed)).toEqual([false, true]);
  });

  it('Limiter.consumeNow answers the decision consume() would, and undefined for an engine without it (Redis)', async () => {
    const clock = new ManualClock(T0);
    const a = new Limiter(settings, createMemoryEngine(), clock);
    const b = new Limiter(settings, createMemoryEngine(), clock);
    for (let i = 0; i < 4; i++) expect(a.consumeNow(checks, clock.nowMs())).toEqual(await b.consume(checks));
    const memory = createMemoryEngine();
    const remote: RateLimitEngine = { name: 'remote', consume: (c, now) => memory.consume(c, now), close: async () => {} };
    const viaRemote = new Limiter(settings, remote, clock);
    expect(viaRemote.consumeNow(checks, clock.nowMs())).toBeUndefined();
    expect((await viaRemote.consume(checks)).allowed).toBe(true);
  });
});
