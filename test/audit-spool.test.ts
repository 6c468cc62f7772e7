import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp, STORE_KIND, type TestApp } from './helpers/test-app.js';
import { RequestWriter, type RequestEvent } from '../src/audit/request-writer.js';
import { RequestSpool } from '../src/audit/request-spool.js';
import { verifyChain } from '../src/audit/event-queries.js';
import { StoreUnavailableError } from '../src/errors/warden-error.js';
import type { Database, NamedStatement } from '../src/store/database.js';

const request = (workspaceId: string, i: number): RequestEvent => ({
  workspaceId, actorType: 'api_key', actorId: 'key_spool', ip: '127.0.0.1', userAgent: null, method: 'GET', path: `/v1/me?i=${i}`,
  status: 200, latencyMs: 1, endpointClass: 'standard', sessionId: null, atMs: Date.UTC(2026, 11, 7, 12, 0, 0) + i,
});

/** The real store, refusing every transaction and statement while `outage.on` (as a database that went away would). */
function withOutage(db: Database, outage: { on: boolean }): Database {
  return Object.assign(Object.create(db) as Database, {
    transaction: <T>(fn: Parameters<Database['transaction']>[0]) =>
      outage.on ? Promise.reject(new StoreUnavailableError(new Error('outage (test)'))) : (db.transaction(fn) as Promise<T>),
    query: <Row>(sql: string | NamedStatement, params?: readonly unknown[]) =>
      outage.on ? Promise.reject(new StoreUnavailableError(new Error('outage (test)'))) : db.query<Row>(sql, params),
  });
}

// The writers' own timers never fire here: every flush is the test's (a writer that is "abandoned"
// is one whose process died: it just stops being called).
const NEVER_MS = 2_000_000_000;

describe(`audit spool (${STORE_KIND})`, () => {
  let t: TestApp;
  let dir: string;
  const workspaceId = 'wsp_spool';
  const spoolFile = (): string => join(dir, 'requests.jsonl');
  const writer = (db: Database, intervalMs = NEVER_MS): RequestWriter =>
    new RequestWriter({
      db, intervalMs, maxQueue: 1000, onError: () => undefined, onDrop: () => undefined,
      backlog: new RequestSpool({ dir, onError: () => undefined }),
    });
  const stored = async (): Promise<string[]> =>
    (await t.db.query<{ path: string }>('select path from audit_log where workspace_id = $1 order by chain_seq', [workspaceId])).map((r) => r.path);

  beforeAll(async () => {
    t = await createTestApp();
    dir = mkdtempSync(join(tmpdir(), 'warden-spool-'));
    await t.db.query(`insert into workspaces (id, name) values ($1, 'Spool')`, [workspaceId]);
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('events spooled during an outage survive the process: the next one on the same directory writes each exactly once, in order', async () => {
    const outage = { on: true };
    const dying = writer(withOutage(t.db, outage));
    for (let i = 0; i < 5; i++) dying.enqueue(request(workspaceId, i));
    await dying.flush();
    for (let i = 5; i < 8; i++) dying.enqueue(request(workspaceId, i));
    await dying.flush();
    expect(dying.stats).toMatchObject({ written: 0, queued: 8 });
    // Queued after the last flush: lost with the process (the documented bound, one flush interval).
    dying.enqueue(request(workspaceId, 8));
    // The process died in the middle of an append.
    appendFileSync(spoolFile(), '{"workspaceId":"wsp_spool","actorT');

    outage.on = false;
    const next = writer(t.db);
    expect(next.stats.queued).toBe(8);
    const beforeReplay = readFileSync(spoolFile());
    await next.flush();
    expect(next.stats).toMatchObject({ written: 8, queued: 0 });
    const expected = Array.from({ length: 8 }, (_, i) => `/v1/me?i=${i}`);
    expect(await stored()).toEqual(expected);
    expect(existsSync(spoolFile())).toBe(false);

    // A process that died after its replay committed but before it emptied the spool: the one after
    // it finds every event stored already and writes none again.
    writeFileSync(spoolFile(), beforeReplay);
    const after = writer(t.db);
    await after.flush();
    expect(after.stats).toMatchObject({ written: 0, queued: 0 });
    expect(await stored()).toEqual(expected);
    expect(await verifyChain(t.db, workspaceId)).toMatchObject({ valid: true, checked: 8 });
    const [rollup] = await t.db.query<{ n: number }>('select sum(requests)::int as n from usage_rollups where workspace_id = $1', [workspaceId]);
    expect(rollup!.n).toBe(8);
    await after.stop();
    await next.stop();
  });

  it('while a write hangs (a database that swallows packets), the next interval\'s events go to the spool rather than wait in memory', async () => {
    const before = (await stored()).length;
    // Every transaction and statement hangs for good: the process "dies" with this write in progress.
    const hanging = Object.assign(Object.create(t.db) as Database, { transaction: () => new Promise<never>(() => undefined), query: () => new Promise<never>(() => undefined) });
    const stuck = writer(hanging, 10);
    for (let i = 100; i < 103; i++) stuck.enqueue(request(workspaceId, i));
    // Bounded wait for the first flush to take them into its (hanging) write.
    for (let i = 0; i < 200 && stuck.stats.queued > 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    for (let i = 103; i < 106; i++) stuck.enqueue(request(workspaceId, i));
    const lines = (): number => (existsSync(spoolFile()) ? readFileSync(spoolFile(), 'utf8').split('\n').length - 1 : 0);
    for (let i = 0; i < 200 && lines() < 3; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(lines()).toBe(3);

    const next = writer(t.db);
    await next.flush();
    // Those of the write in progress died with it (the bound: one interval, as without an outage); the rest are written.
    expect((await stored()).slice(before)).toEqual(['/v1/me?i=103', '/v1/me?i=104', '/v1/me?i=105']);
    await next.stop();
  });

  it('a write whose commit answer was lost (committed, reported failed) is not written twice by the retry', async () => {
    const chain = 'wsp_lost_answer';
    await t.db.query(`insert into workspaces (id, name) values ($1, 'Lost answer')`, [chain]);
    let lose = 1;
    const lost = (): StoreUnavailableError => new StoreUnavailableError(new Error('connection lost before the commit was confirmed (test)'));
    // The write of a batch (one statement on its own, or a transaction) commits, and its answer is lost once.
    const losing = Object.assign(Object.create(t.db) as Database, {
      transaction: async <T>(fn: Parameters<Database['transaction']>[0]): Promise<T> => {
        const result = (await t.db.transaction(fn)) as T;
        if (lose-- > 0) throw lost();
        return result;
      },
      query: async <Row>(sql: string | NamedStatement, params?: readonly unknown[]): Promise<Row[]> => {
        const rows = await t.db.query<Row>(sql, params);
        if ((typeof sql === 'string' ? sql : sql.text).includes('append_request_batch(') && lose-- > 0) throw lost();
        return rows;
      },
    });
    const w = new RequestWriter({ db: losing, intervalMs: NEVER_MS, maxQueue: 1000, onError: () => undefined, onDrop: () => undefined });
    for (let i = 0; i < 3; i++) w.enqueue(request(chain, i));
    await w.flush();
    w.enqueue(request(chain, 3));
    await w.flush();
    const paths = await t.db.query<{ path: string }>('select path from audit_log where workspace_id = $1 order by chain_seq', [chain]);
    expect(lose).toBeLessThan(1);
    expect(paths.map((r) => r.path)).toEqual(['/v1/me?i=0', '/v1/me?i=1', '/v1/me?i=2', '/v1/me?i=3']);
    const [rollup] = await t.db.query<{ n: number }>('select sum(requests)::int as n from usage_rollups where workspace_id = $1', [chain]);
    expect(rollup!.n).toBe(4);
    expect(w.stats).toMatchObject({ queued: 0 });
    await w.stop();
  });
});
