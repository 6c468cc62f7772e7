import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPgliteDatabase, type PgliteDatabase } from '../store/pglite-database.js';
import { migrate } from '../store/migrate.js';
import { createMemoryBus } from '../store/bus/memory-bus.js';
import { createTouchBatcher } from '../store/touch-batcher.js';
import { ManualClock } from '../lib/clock.js';
import { sha256Hex } from '../lib/hash.js';
import type { Database } from '../store/database.js';
import { generateApiKey } from './key-codec.js';
import { KEY_INVALIDATION_CHANNEL, KeyVerifier } from './key-verifier.js';

const format = { prefix: 'wk', type: '' };

describe('KeyVerifier (real PGlite store)', () => {
  let pglite: PgliteDatabase;
  let queries = 0;
  let db: Database;
  const bus = createMemoryBus();
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const touches = createTouchBatcher({ write: async () => undefined, intervalMs: 60_000, onError: () => undefined });
  let verifier: KeyVerifier;
  const known = generateApiKey(format, 'live');

  beforeAll(async () => {
    pglite = await openPgliteDatabase(undefined);
    await migrate(pglite);
    // Counts round trips to the real store (it is not a mock: every call goes through).
    db = { ...pglite, query: (sql, params) => { queries++; return pglite.query(sql, params); } };
    await pglite.query(`insert into workspaces (id, name) values ('wsp_1', 'w')`);
    await pglite.query(
      `insert into api_keys (id, workspace_id, name, display_prefix, environment, scopes, created_by_type, created_by_id)
       values ('key_1', 'wsp_1', 'k', $1, 'live', '{api-keys:read}', 'system', 'test')`,
      [known.displayPrefix],
    );
    await pglite.query(`insert into api_key_secrets (key_hash, key_id, display_prefix) values ($1, 'key_1', $2)`, [
      sha256Hex(known.key),
      known.displayPrefix,
    ]);
    verifier = new KeyVerifier({ db, bus, clock, format, touches, cacheTtlSeconds: 300, cacheMaxEntries: 1000, negativeTtlSeconds: 30 });
  });
  afterAll(async () => {
    verifier.close();
    await touches.stop();
    await pglite.close();
  });

  it('rejects a malformed or mistyped key without any lookup', () => {
    const before = queries;
    const mistyped = known.key.slice(0, 10) + (known.key[10] === 'a' ? 'b' : 'a') + known.key.slice(11);
    for (const key of ['', 'garbage', mistyped, known.key.slice(0, -1), `${known.key}x`]) {
      expect(verifier.verify(key, null)).toEqual({ valid: false, code: 'invalid_key' });
    }
    expect(queries).toBe(before);
  });

  it('looks a known key up once, then answers synchronously from the cache', async () => {
    const before = queries;
    const first = verifier.verify(known.key, null);
    expect(first).toBeInstanceOf(Promise);
    expect((await first).valid).toBe(true);
    expect(queries).toBe(before + 1);
    const second = verifier.verify(known.key, null);
    expect(second).not.toBeInstanceOf(Promise);
    expect(second).toMatchObject({ valid: true, key: { id: 'key_1', workspaceId: 'wsp_1', environment: 'live' } });
    expect(queries).toBe(before + 1);
    expect(touches.pending('key_1')).toBe(clock.nowMs());
  });

  it('remembers unknown keys (negative entries) and shares one lookup between concurrent misses', async () => {
    const unknown = generateApiKey(format, 'live').key;
    const before = queries;
    const results = await Promise.all([verifier.verify(unknown, null), verifier.verify(unknown, null), verifier.verify(unknown, null)]);
    expect(results.every((r) => !r.valid && r.code === 'invalid_key')).toBe(true);
    expect(queries).toBe(before + 1);
    expect(verifier.verify(unknown, null)).toEqual({ valid: false, code: 'invalid_key' });
    expect(queries).toBe(before + 1);
  });

  it('drops the cache entry when the bus carries an invalidation', async () => {
    await verifier.verify(known.key, null);
    await pglite.query(`update api_keys set revoked_at = $1 where id = 'key_1'`, [new Date(clock.nowMs())]);
    expect(verifier.verify(known.key, null)).toMatchObject({ valid: true }); // still cached
    await bus.publish(KEY_INVALIDATION_CHANNEL, { hashes: [sha256Hex(known.key)] });
    expect(await verifier.verify(known.key, null)).toMatchObject({ valid: false, code: 'key_revoked' });
  });

  it('does not cache a lookup that raced an invalidation', async () => {
    const racer = generateApiKey(format, 'test').key;
    const before = queries;
    const pending = verifier.verify(racer, null);
    await bus.publish(KEY_INVALIDATION_CHANNEL, { hashes: [] });
    await pending;
    const again = verifier.verify(racer, null);
    expect(again).toBeInstanceOf(Promise); // not cached: it looked up again
    await again;
    expect(queries).toBe(before + 2);
  });
});

describe('KeyVerifier: a lookup in flight during a revocation', () => {
  let pglite: PgliteDatabase;
  let verifier: KeyVerifier;
  const bus = createMemoryBus();
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const touches = createTouchBatcher({ write: async () => undefined, intervalMs: 60_000, onError: () => undefined });
  const known = generateApiKey(format, 'live');
  /** While set, a query's answer (read at once from the real store) is held back until it resolves. */
  let hold: Promise<void> | null = null;
  let readsDone = 0;

  beforeAll(async () => {
    pglite = await openPgliteDatabase(undefined);
    await migrate(pglite);
    const db: Database = {
      ...pglite,
      query: async <Row>(sql: string, params?: readonly unknown[]) => {
        const result = await pglite.query<Row>(sql, params);
        readsDone++;
        if (hold) await hold;
        return result;
      },
    };
    await pglite.query(`insert into workspaces (id, name) values ('wsp_1', 'w')`);
    await pglite.query(
      `insert into api_keys (id, workspace_id, name, display_prefix, environment, scopes, created_by_type, created_by_id)
       values ('key_1', 'wsp_1', 'k', $1, 'live', '{api-keys:read}', 'system', 'test')`,
      [known.displayPrefix],
    );
    await pglite.query(`insert into api_key_secrets (key_hash, key_id, display_prefix) values ($1, 'key_1', $2)`, [sha256Hex(known.key), known.displayPrefix]);
    verifier = new KeyVerifier({ db, bus, clock, format, touches, cacheTtlSeconds: 300, cacheMaxEntries: 1000, negativeTtlSeconds: 30 });
  });
  afterAll(async () => {
    verifier.close();
    await touches.stop();
    await pglite.close();
  });

  // Regression: a verify arriving after the revocation's invalidation used to join the lookup
  // still in flight from before it, and so accepted the revoked key once.
  it('a verify after the invalidation does not join the lookup that read the key before the revocation', async () => {
    let release!: () => void;
    hold = new Promise((resolve) => (release = resolve));
    const before = verifier.verify(known.key, null);
    for (let i = 0; i < 100 && readsDone === 0; i++) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(readsDone).toBe(1); // read the live key, answer held back
    await pglite.query(`update api_keys set revoked_at = $1 where id = 'key_1'`, [new Date(clock.nowMs())]);
    await bus.publish(KEY_INVALIDATION_CHANNEL, { hashes: [sha256Hex(known.key)] });
    hold = null;
    const after = verifier.verify(known.key, null);
    release();
    expect(await before).toMatchObject({ valid: true }); // it started before the revocation
    expect(await after).toMatchObject({ valid: false, code: 'key_revoked' });
    expect(verifier.verify(known.key, null)).toMatchObject({ valid: false, code: 'key_revoked' }); // and that is what is cached
  });
});
