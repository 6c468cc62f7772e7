import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, IN_MEMORY } from '../store/open-database.js';
import { migrate } from '../store/migrate.js';
import type { Database } from '../store/database.js';
import { RequestWriter, type RequestEvent } from './request-writer.js';
import { verifyChain } from './event-queries.js';

const request = (workspaceId: string, i: number): RequestEvent => ({
  workspaceId, actorType: 'api_key', actorId: 'key_1', ip: '127.0.0.1', userAgent: null, method: 'GET', path: `/v1/me?i=${i}`,
  status: 200, latencyMs: 1, endpointClass: 'standard', sessionId: null, atMs: Date.UTC(2026, 11, 2, 12, 0, 0) + i,
});

/** The real store, with `failures` transactions made to fail first (as a store outage would). */
function failing(db: Database, failures: { left: number }): Database {
  return Object.assign(Object.create(db) as Database, {
    transaction: <T>(fn: Parameters<Database['transaction']>[0]) => {
      if (failures.left > 0) {
        failures.left--;
        return Promise.reject(new Error('store unavailable (test)'));
      }
      return db.transaction(fn) as Promise<T>;
    },
  });
}

// Flushes are the tests' own: the interval is far longer than any test.
describe('RequestWriter (embedded PGlite)', () => {
  let db: Database;
  const writers: RequestWriter[] = [];
  const writer = (options: Partial<ConstructorParameters<typeof RequestWriter>[0]> = {}) => {
    const w = new RequestWriter({ db, intervalMs: 60_000, maxQueue: 1000, onError: (error) => { throw error; }, onDrop: () => {}, ...options });
    writers.push(w);
    return w;
  };
  const paths = async (workspaceId: string) =>
    (await db.query<{ path: string }>('select path from audit_events where workspace_id = $1 order by chain_seq', [workspaceId])).map((r) => r.path);

  beforeEach(async () => {
    db = await openDatabase({ dataDir: IN_MEMORY });
    await migrate(db);
    await db.query("insert into workspaces (id, name) values ('wsp_a', 'A'), ('wsp_b', 'B')");
  });
  afterEach(async () => {
    for (const w of writers.splice(0)) await w.stop();
    await db.close();
  });

  it('maxBatchRows splits a flush into transactions of at most that many rows; the chain and the rollups come out whole', async () => {
    const w = writer({ maxBatchRows: 3 });
    for (let i = 0; i < 10; i++) w.enqueue(request('wsp_a', i));
    for (let i = 0; i < 2; i++) w.enqueue(request('wsp_b', i));
    await w.flush();
    expect(w.stats).toEqual({ written: 12, dropped: 0, queued: 0, flushes: 1, transactions: 5 });
    expect(await paths('wsp_a')).toEqual(Array.from({ length: 10 }, (_, i) => `/v1/me?i=${i}`));
    expect(await verifyChain(db, 'wsp_a')).toMatchObject({ valid: true, checked: 10 });
    const [rollup] = await db.query<{ n: number }>("select sum(requests)::int as n from usage_rollups where workspace_id = 'wsp_a'");
    expect(rollup!.n).toBe(10);
  });

  it("without maxBatchRows a workspace's events are one transaction", async () => {
    const w = writer();
    for (let i = 0; i < 10; i++) w.enqueue(request('wsp_a', i));
    await w.flush();
    expect(w.stats).toMatchObject({ written: 10, transactions: 1 });
  });

  it('a failed transaction puts its events, and the rest of its chain, back in front in order for the next flush', async () => {
    const failures = { left: 1 };
    const errors: unknown[] = [];
    const w = new RequestWriter({ db: failing(db, failures), intervalMs: 60_000, maxQueue: 1000, onError: (e) => errors.push(e), onDrop: () => {}, maxBatchRows: 2 });
    writers.push(w);
    for (let i = 0; i < 5; i++) w.enqueue(request('wsp_a', i));
    await w.flush();
    expect(errors).toHaveLength(1);
    expect(w.stats).toMatchObject({ written: 0, queued: 5, dropped: 0 });
    w.enqueue(request('wsp_a', 5));
    await w.flush();
    expect(w.stats).toMatchObject({ written: 6, queued: 0, dropped: 0 });
    expect(await paths('wsp_a')).toEqual(Array.from({ length: 6 }, (_, i) => `/v1/me?i=${i}`));
    expect(await verifyChain(db, 'wsp_a')).toMatchObject({ valid: true, checked: 6 });
  });

  it('a failed flush of a big backlog keeps every event queued (no spread of 150k arguments)', async () => {
    const failures = { left: 1 };
    const errors: unknown[] = [];
    const w = new RequestWriter({ db: failing(db, failures), intervalMs: 60_000, maxQueue: 200_000, onError: (e) => errors.push(e), onDrop: () => {} });
    writers.push(w);
    for (let i = 0; i < 150_000; i++) w.enqueue(request('wsp_a', i));
    await w.flush();
    expect(errors).toHaveLength(1);
    expect(w.stats).toMatchObject({ written: 0, queued: 150_000, dropped: 0 });
  });

  it('a full queue drops new events, counts them and reports them once per burst', async () => {
    const drops: number[] = [];
    const w = writer({ maxQueue: 1000, onDrop: (n) => drops.push(n) });
    for (let i = 0; i < 1003; i++) w.enqueue(request('wsp_a', i));
    expect(w.stats).toMatchObject({ queued: 1000, dropped: 3 });
    await w.flush();
    expect(w.stats).toMatchObject({ written: 1000, queued: 0, dropped: 3 });
  });
});
