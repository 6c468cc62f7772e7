import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, IN_MEMORY } from '../store/open-database.js';
import { migrate } from '../store/migrate.js';
import type { Database, NamedStatement } from '../store/database.js';
import { RequestWriter, type RequestEvent } from './request-writer.js';
import { verifyChain } from './event-queries.js';

const request = (workspaceId: string, i: number): RequestEvent => ({
  workspaceId, actorType: 'api_key', actorId: 'key_1', ip: '127.0.0.1', userAgent: null, method: 'GET', path: `/v1/me?i=${i}`,
  status: 200, latencyMs: 1, endpointClass: 'standard', sessionId: null, atMs: Date.UTC(2026, 11, 2, 12, 0, 0) + i,
});

/** The real store, with the first `failures` transactions or statements made to fail (as a store outage would). */
function failing(db: Database, failures: { left: number }): Database {
  const fail = (): boolean => failures.left > 0 && failures.left-- > 0;
  return Object.assign(Object.create(db) as Database, {
    transaction: <T>(fn: Parameters<Database['transaction']>[0]) =>
      fail() ? Promise.reject(new Error('store unavailable (test)')) : (db.transaction(fn) as Promise<T>),
    query: <Row>(sql: string | NamedStatement, params?: readonly unknown[]) =>
      fail() ? Promise.reject(new Error('store unavailable (test)')) : db.query<Row>(sql, params),
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
    (await db.query<{ path: string }>('select path from audit_log where workspace_id = $1 order by chain_seq', [workspaceId])).map((r) => r.path);

  beforeEach(async () => {
    db = await openDatabase({ dataDir: IN_MEMORY });
    await migrate(db);
    await db.query("insert into workspaces (id, name) values ('wsp_a', 'A'), ('wsp_b', 'B')");
  });
  afterEach(async () => {
    for (const w of writers.splice(0)) await w.stop();
    await db.close();
  });

  it('maxBatchRows splits a flush into batches and transactions of at most that many events; the chain and the rollups come out whole', async () => {
    const w = writer({ maxBatchRows: 3 });
    for (let i = 0; i < 10; i++) w.enqueue(request('wsp_a', i));
    for (let i = 0; i < 2; i++) w.enqueue(request('wsp_b', i));
    await w.flush();
    // Batches of at most 3 (a: 3, 3, 3, 1; b: 2), written at most 3 events at a time: three batches
    // on their own (one statement each), then a 1 and b 2 in one transaction.
    expect(w.stats).toMatchObject({ written: 12, batches: 5, dropped: 0, queued: 0, flushes: 1, transactions: 4 });
    expect(w.stats.batchBytes).toBeGreaterThan(0);
    // One row of the request log (and one link of the chain) per batch.
    const [batches] = await db.query<{ n: number }>("select count(*)::int as n from request_batches where workspace_id = 'wsp_a'");
    expect(batches!.n).toBe(4);
    expect(await paths('wsp_a')).toEqual(Array.from({ length: 10 }, (_, i) => `/v1/me?i=${i}`));
    expect(await verifyChain(db, 'wsp_a')).toMatchObject({ valid: true, checked: 10 });
    const [rollup] = await db.query<{ n: number }>("select sum(requests)::int as n from usage_rollups where workspace_id = 'wsp_a'");
    expect(rollup!.n).toBe(10);
  });

  it("without maxBatchRows a workspace's events are one statement (one batch with its rollups, no transaction around it)", async () => {
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

  it('a batch keeps every field of its events, and fields a caller adds to a request event (a gateway route) in its data', async () => {
    const w = writer();
    const plain = request('wsp_a', 1);
    const routed = { ...request('wsp_a', 2), ip: null, userAgent: 'tab\there "q" \\N', sessionId: 'grt_1', route: 'GET /deals/{id}' } as RequestEvent;
    const other = { ...request('wsp_a', 3), actorType: 'user', actorId: 'usr_1', status: 503, latencyMs: 1234, endpointClass: null, method: 'POST' } as RequestEvent;
    for (const event of [plain, routed, other]) w.enqueue(event);
    await w.flush();
    const rows = await db.query<Record<string, unknown>>(
      'select id, actor_type, actor_id, ip, user_agent, method, path, status, latency_ms, endpoint_class, data, created_at, chain_seq from audit_log where workspace_id = $1 order by chain_seq',
      ['wsp_a'],
    );
    expect(rows.map((r) => ({ ...r, chain_seq: Number(r.chain_seq) }))).toEqual([
      { id: plain.id, actor_type: 'api_key', actor_id: 'key_1', ip: '127.0.0.1', user_agent: null, method: 'GET', path: '/v1/me?i=1', status: 200, latency_ms: 1, endpoint_class: 'standard', data: {}, created_at: new Date(plain.atMs), chain_seq: 1 },
      { id: routed.id, actor_type: 'api_key', actor_id: 'key_1', ip: null, user_agent: 'tab\there "q" \\N', method: 'GET', path: '/v1/me?i=2', status: 200, latency_ms: 1, endpoint_class: 'standard', data: { session_id: 'grt_1', route: 'GET /deals/{id}' }, created_at: new Date(routed.atMs), chain_seq: 2 },
      { id: other.id, actor_type: 'user', actor_id: 'usr_1', ip: '127.0.0.1', user_agent: null, method: 'POST', path: '/v1/me?i=3', status: 503, latency_ms: 1234, endpoint_class: null, data: {}, created_at: new Date(other.atMs), chain_seq: 3 },
    ]);
    expect(await verifyChain(db, 'wsp_a')).toMatchObject({ valid: true, checked: 3 });
    // The batch is found by each of its actors (GIN on the batch's distinct actor ids).
    const [found] = await db.query<{ n: number }>("select count(*)::int as n from request_batches where actor_ids @> array['usr_1']");
    expect(found!.n).toBe(1);
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
