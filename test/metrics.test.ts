import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createTestApp, registerOwner, type TestApp } from './helpers/test-app.js';
import type { LimitCheck, RateLimitEngine } from '../src/ratelimit/engine.js';
import { createFallbackEngine } from '../src/ratelimit/fallback-engine.js';
import { createMemoryEngine } from '../src/ratelimit/memory-engine.js';

/** A primary engine whose store is down. */
const deadEngine: RateLimitEngine = {
  name: 'redis',
  consume: (_checks: readonly LimitCheck[]) => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6379')),
  close: async () => undefined,
};

describe('GET /metrics and a rate-limit store outage', () => {
  let t: TestApp;
  beforeAll(async () => {
    const engine = createFallbackEngine(deadEngine, createMemoryEngine({ maxKeys: 100 }), { onFallback: () => undefined });
    t = await createTestApp({ env: { WARDEN_RATE_LIMITS: 'on', WARDEN_RATE_LIMIT_STANDARD: '3' }, rateLimitEngine: engine });
  });
  afterAll(() => t.close());

  it('keeps limiting from local memory when the shared store fails — no 500, not unlimited — and counts it', async () => {
    const owner = await registerOwner(t.app);
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await call(t.app, 'GET', '/v1/me', { auth: { bearer: owner.session } })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    await t.app.warden.flush();
    const response = await call(t.app, 'GET', '/metrics');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    const sample = (name: string): number => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(response.body)?.[1]);
    expect(sample('warden_ratelimit_fallback_decisions_total')).toBeGreaterThanOrEqual(4);
    expect(sample('warden_audit_request_events_written_total')).toBeGreaterThanOrEqual(3);
    expect(sample('warden_audit_request_events_dropped_total')).toBe(0);
    expect(sample('warden_audit_request_batches_written_total')).toBeGreaterThanOrEqual(1);
    expect(sample('warden_sse_open_streams')).toBe(0);
    // One instance, no Redis: no share to divide, no bus to lose.
    expect(sample('warden_ratelimit_live_instances')).toBe(1);
    expect(sample('warden_bus_down')).toBe(0);
    expect(response.body).toContain('# TYPE warden_audit_request_events_dropped_total counter');
  });
});
