import { describe, expect, it } from 'vitest';
import { VerdictCache } from '../sdk/src/middleware/verdict-cache.js';
import type { WardenPrincipal } from '../sdk/src/middleware/principal.js';

/** The middleware's cache of positive answers (sdk/src/middleware/verdict-cache.ts), without I/O. */

const principal = (id: string): WardenPrincipal => ({ type: 'api_key', id, workspaceId: 'wsp_1', environment: 'live', scopes: ['deals:read'], sessionId: null, grantId: null });
const NOW = 1_000_000;
const entry = (id: string, extra: { sid?: string; jti?: string; notAfterMs?: number } = {}) => ({
  principal: principal(id), credentialHash: `hash-${id}`, sid: extra.sid ?? null, jti: extra.jti ?? null, notAfterMs: extra.notAfterMs ?? null,
});

function upCache(ttlMs = 5000, maxEntries = 100): VerdictCache {
  const cache = new VerdictCache({ ttlMs, maxEntries });
  cache.setEnabled(true);
  return cache;
}

describe('VerdictCache', () => {
  it('stores nothing while the stream is down, and empties itself when it goes down', () => {
    const cache = new VerdictCache({ ttlMs: 5000, maxEntries: 10 });
    cache.set('a', entry('a'), cache.epoch, NOW);
    expect(cache.get('a', NOW)).toBeUndefined();
    cache.setEnabled(true);
    cache.set('a', entry('a'), cache.epoch, NOW);
    expect(cache.get('a', NOW)?.principal.id).toBe('a');
    cache.setEnabled(false);
    expect(cache.size).toBe(0);
  });

  it('does not store an answer whose request started before an invalidation', () => {
    const cache = upCache();
    const epochAtStart = cache.epoch;
    cache.invalidate({ credential_hashes: ['hash-other'] });
    cache.set('a', entry('a'), epochAtStart, NOW);
    expect(cache.get('a', NOW)).toBeUndefined();
  });

  it('drops entries by credential hash, sid, jti and principal id — every entry of that credential', () => {
    const cache = upCache();
    cache.set('a1', entry('a'), cache.epoch, NOW);
    cache.set('a2', entry('a'), cache.epoch, NOW);
    cache.set('b', entry('b', { sid: 'ses_1' }), cache.epoch, NOW);
    cache.set('c', entry('c', { jti: 'jti_1' }), cache.epoch, NOW);
    cache.set('d', entry('d'), cache.epoch, NOW);
    cache.invalidate({ credential_hashes: ['hash-a'] });
    expect([cache.get('a1', NOW), cache.get('a2', NOW)]).toEqual([undefined, undefined]);
    cache.invalidate({ session_ids: ['ses_1'] });
    expect(cache.get('b', NOW)).toBeUndefined();
    cache.invalidate({ jtis: ['jti_1'] });
    expect(cache.get('c', NOW)).toBeUndefined();
    cache.invalidate({ principal_ids: ['d'] });
    expect(cache.get('d', NOW)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps an entry for the TTL at most, and never past the credential\'s own end', () => {
    const cache = upCache(5000);
    cache.set('a', entry('a'), cache.epoch, NOW);
    cache.set('b', entry('b', { notAfterMs: NOW + 1000 }), cache.epoch, NOW);
    expect(cache.get('a', NOW + 4999)).toBeDefined();
    expect(cache.get('a', NOW + 5000)).toBeUndefined();
    expect(cache.get('b', NOW + 999)).toBeDefined();
    expect(cache.get('b', NOW + 1000)).toBeUndefined();
  });

  it('evicts the oldest entry past maxEntries', () => {
    const cache = upCache(5000, 2);
    for (const id of ['a', 'b', 'c']) cache.set(id, entry(id), cache.epoch, NOW);
    expect(cache.get('a', NOW)).toBeUndefined();
    expect(cache.get('c', NOW)).toBeDefined();
  });

  it('a credential\'s local budget is never raised within its window by a later answer', () => {
    const cache = upCache();
    cache.noteRateLimit('hash-a', { policy: 'standard', limit: 10, remaining: 9 }, NOW);
    cache.budgetOf('hash-a', NOW)!.remaining = 2;
    cache.noteRateLimit('hash-a', { policy: 'standard', limit: 10, remaining: 8 }, NOW + 1000);
    expect(cache.budgetOf('hash-a', NOW + 1000)!.remaining).toBe(2);
    expect(cache.budgetOf('hash-a', NOW + 60_000)).toBeUndefined();
  });
});
