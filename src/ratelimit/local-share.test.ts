import { describe, expect, it } from 'vitest';
import type { LimitCheck, RateLimitEngine } from './engine.js';
import { createFallbackEngine } from './fallback-engine.js';
import { localShareOf } from './local-share.js';
import { createMemoryEngine } from './memory-engine.js';

const T0 = Date.UTC(2031, 0, 1);
const check = (key: string, limit: number): LimitCheck => ({ key, limit, periodMs: 60_000, policy: 'standard' });

const deadPrimary: RateLimitEngine = {
  name: 'redis',
  consume() {
    throw new Error('Redis is down');
  },
  async close() {},
};

/** How many of `n` requests at one instant a fallback engine lets through. */
async function allowedOf(instances: () => number, checks: LimitCheck[], n: number): Promise<number> {
  const engine = createFallbackEngine(deadPrimary, createMemoryEngine({ maxKeys: 100 }), { onFallback: () => {}, instances });
  let allowed = 0;
  for (let i = 0; i < n; i++) if ((await engine.consume(checks, T0)).every((outcome) => outcome.allowed)) allowed++;
  await engine.close();
  return allowed;
}

describe('local share of a limit (pure)', () => {
  it('divides the limit by the instances, rounding down, and keeps key, period and policy', () => {
    expect(localShareOf(check('k', 60), 2)).toEqual(check('k', 30));
    expect(localShareOf(check('k', 100), 3)).toEqual(check('k', 33));
    expect(localShareOf(check('k', 1000), 7).limit).toBe(142);
  });

  it('one instance (or an unknown count) keeps the check itself', () => {
    const c = check('k', 60);
    expect(localShareOf(c, 1)).toBe(c);
    expect(localShareOf(c, 0)).toBe(c);
    expect(localShareOf(c, Number.NaN)).toBe(c);
  });

  it('never goes below 1 per period', () => {
    expect(localShareOf(check('k', 2), 3).limit).toBe(1);
    expect(localShareOf(check('k', 1), 10).limit).toBe(1);
  });
});

describe('fallback engine sized by the instances last seen', () => {
  // Regression (issue 12): three instances each limited with a full bucket let 3× the limit through.
  it('three instances together let a burst of no more than the limit through', async () => {
    let total = 0;
    for (let instance = 0; instance < 3; instance++) total += await allowedOf(() => 3, [check('key', 90)], 100);
    expect(total).toBe(90);
  });

  it('applies the share to every bucket of the request and reports it in the outcome', async () => {
    const engine = createFallbackEngine(deadPrimary, createMemoryEngine({ maxKeys: 100 }), { onFallback: () => {}, instances: () => 2 });
    const [credential, workspace] = await engine.consume([check('c', 10), { ...check('w', 1000), policy: 'workspace' }], T0);
    expect(credential).toMatchObject({ allowed: true, remaining: 4, check: { key: 'c', limit: 5 } });
    expect(workspace).toMatchObject({ allowed: true, remaining: 499, check: { key: 'w', limit: 500, policy: 'workspace' } });
    expect(engine.fallbacks).toBe(1);
    await engine.close();
  });

  it('without a count, or with one instance, limits with the whole limit as before', async () => {
    expect(await allowedOf(() => 1, [check('key', 20)], 30)).toBe(20);
    const engine = createFallbackEngine(deadPrimary, createMemoryEngine({ maxKeys: 100 }), { onFallback: () => {} });
    expect((await engine.consume([check('key', 20)], T0))[0]!.check.limit).toBe(20);
    await engine.close();
  });

  it('follows a changed count (the same check objects, shared anew)', async () => {
    let instances = 2;
    const engine = createFallbackEngine(deadPrimary, createMemoryEngine({ maxKeys: 100 }), { onFallback: () => {}, instances: () => instances });
    const checks = [check('key', 60)];
    expect((await engine.consume(checks, T0))[0]!.check.limit).toBe(30);
    instances = 3;
    expect((await engine.consume(checks, T0))[0]!.check.limit).toBe(20);
    await engine.close();
  });

  it('a primary that answers is not divided', async () => {
    const primary = createMemoryEngine({ maxKeys: 100 });
    const engine = createFallbackEngine(primary, createMemoryEngine({ maxKeys: 100 }), { onFallback: () => {}, instances: () => 4 });
    expect((await engine.consume([check('key', 60)], T0))[0]!.check.limit).toBe(60);
    expect(engine.fallbacks).toBe(0);
    await engine.close();
  });
});
