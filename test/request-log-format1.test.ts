import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerOwner, STORE_KIND } from './helpers/test-app.js';
import { appendFormat1Batch, type Format1Event } from './helpers/format1-batch.js';
import { IN_MEMORY } from '../src/store/open-database.js';
import { openAtMigration } from './helpers/older-schema.js';
import { migrate } from '../src/store/migrate.js';
import { eventsAfter, verifyChain } from '../src/audit/event-queries.js';
import { newId } from '../src/lib/ids.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import type { Database } from '../src/store/database.js';
import type { FastifyInstance } from 'fastify';

/** The last migration before format-2 batches (014): request batches held their events in arrays. */
const BEFORE_LINES = 13;
const WS = 'wsp_format1batches';

/**
 * Request batches written before migration 014 (format 1: parallel arrays, linked over each event's
 * own hash) stay readable, resumable, verifiable and prunable after it, in the same chain as the
 * format-2 batches written since.
 */
describe(`request batches of format 1, after migration 014 (${STORE_KIND})`, () => {
  let db: Database;
  let app: FastifyInstance;
  let dropSchema: () => Promise<void> = async () => undefined;
  let session: string;
  const oldIds: string[] = [];
  const inWs = { 'x-workspace-id': WS };
  const t0 = Date.now() - 120_000;

  beforeAll(async () => {
    const older = await openAtMigration(BEFORE_LINES);
    db = older.db;
    dropSchema = older.drop;
    const databaseUrl = older.databaseUrl;
    await db.query("insert into workspaces (id, name) values ($1, 'Format 1')", [WS]);
    const event = (i: number, keyId: string): Format1Event => ({
      id: newId('evt', t0 + i * 10), atMs: t0 + i * 10, actorType: 'api_key', actorId: keyId, ip: '198.51.100.4', userAgent: i === 3 ? 'tab\there/1' : 'v1/1.0',
      method: 'GET', path: `/v1/me?f1=${i}`, status: i === 2 ? 403 : 200, latencyMs: i, endpointClass: 'standard', data: i === 1 ? { session_id: 'ses_x', route: 'GET /v1/**' } : {},
    });
    for (const batch of [[0, 1, 2], [3, 4]]) {
      const events = batch.map((i) => event(i, i % 2 === 0 ? 'key_f1a' : 'key_f1b'));
      await appendFormat1Batch(db, WS, events);
      oldIds.push(...events.map((e) => e.id));
    }
    await migrate(db);
    const config = loadConfig({ WARDEN_LOG_LEVEL: 'silent', WARDEN_DATA_DIR: IN_MEMORY, WARDEN_RATE_LIMITS: 'off' });
    app = await buildApp({ config: { ...config, databaseUrl }, db });
    await app.ready();
    const owner = await registerOwner(app);
    session = owner.session;
    await db.query("insert into memberships (workspace_id, user_id, role) values ($1, $2, 'owner')", [WS, owner.userId]);
    for (let i = 0; i < 3; i++) expect((await call(app, 'GET', '/v1/me', { auth: { bearer: session }, headers: inWs })).statusCode).toBe(200);
    await app.warden.flush();
  });
  afterAll(async () => {
    await app?.close();
    await dropSchema();
  });

  const list = async (query: string) => {
    const response = await call(app, 'GET', `/v1/events${query}`, { auth: { bearer: session }, headers: inWs });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { data: any[]; next_cursor: string | null };
  };

  it('stores new request events as format 2 beside the format-1 batches', async () => {
    const formats = await db.query<{ format: number; n: number }>('select format, count(*)::int as n from request_batches where workspace_id = $1 group by format order by format', [WS]);
    expect(formats).toEqual([{ format: 1, n: 2 }, { format: 2, n: expect.any(Number) }]);
    const [lines] = await db.query<{ lines: string; ids: string[] | null }>('select lines, ids from request_batches where workspace_id = $1 and format = 2 limit 1', [WS]);
    expect(lines!.ids).toBeNull();
    // The id without `evt_` and its time (the line's time gives them back), then the fields.
    expect(lines!.lines.split('\n')[0]!.split('\t')).toEqual([expect.stringMatching(/^[0-9A-Za-z]{14}$/), expect.stringMatching(/^\d+$/), '200', expect.stringMatching(/^\d+$/), '1', '1', '1', '1', '1', '1', expect.stringMatching(/^\d+$/)]);
  });

  it('lists both formats with every field, filters and cursor pages in chain order; each request event carries its own hash', async () => {
    const byKey = await list('?api_key_id=key_f1a');
    expect(byKey.data.map((e) => [e.path, e.status])).toEqual([['/v1/me?f1=4', 200], ['/v1/me?f1=2', 403], ['/v1/me?f1=0', 200]]);
    const all = (await list('?limit=1000')).data;
    const second = all.find((e) => e.id === oldIds[1]);
    expect(second).toMatchObject({ type: 'request', ip: '198.51.100.4', user_agent: 'v1/1.0', method: 'GET', latency_ms: 1, route: 'GET /v1/**', data: { session_id: 'ses_x', route: 'GET /v1/**' }, actor: { type: 'api_key', id: 'key_f1b' }, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(all.find((e) => e.id === oldIds[3])?.user_agent).toBe('tab\there/1');
    const fresh = all.filter((e) => e.type === 'request' && e.path === '/v1/me');
    expect(fresh.length).toBe(3);
    for (const e of fresh) expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(all.map((e) => e.chain_seq)).toEqual([...all.map((e) => e.chain_seq)].sort((a, b) => b - a));
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: any[]; next_cursor: string | null } = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.data.map((e) => e.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(paged).toEqual(all.map((e) => e.id));
  });

  it('resumes after a format-1 event (Last-Event-ID) into the format-2 batches', async () => {
    const after = await eventsAfter(db, WS, oldIds[1]!, 100);
    expect(after.slice(0, 3).map((e) => e.id)).toEqual(oldIds.slice(2));
    const seqs = after.map((e) => Number(e.chain_seq));
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  });

  it('the SQL view request_events reads both formats', async () => {
    const rows = await db.query<{ id: string; path: string; status: number; actor_id: string; chain_seq: string }>(
      'select id, path, status, actor_id, chain_seq from request_events where workspace_id = $1 order by chain_seq', [WS]);
    expect(rows.slice(0, 5).map((r) => [r.id, r.path, r.status, r.actor_id])).toEqual(oldIds.map((id, i) => [id, `/v1/me?f1=${i}`, i === 2 ? 403 : 200, i % 2 === 0 ? 'key_f1a' : 'key_f1b']));
    expect(rows.length).toBeGreaterThanOrEqual(8);
    // Format 2's ids rebuilt in SQL (event_id_of_line) are the ids the API shows.
    const shown = (await list('?type=request&limit=1000')).data.map((e) => e.id).sort();
    expect(rows.map((r) => r.id).sort()).toEqual(shown);
    expect(rows.map((r) => Number(r.chain_seq))).toEqual(rows.map((_, i) => i + 1).slice(0, rows.length).map((n) => n + Number(rows[0]!.chain_seq) - 1));
  });

  it('verifies the whole chain across both formats and still catches an edited format-1 event', async () => {
    const response = await call(app, 'GET', '/v1/events/verify', { auth: { bearer: session }, headers: inWs });
    const count = (await db.query<{ n: number }>('select count(*)::int as n from audit_log where workspace_id = $1', [WS]))[0]!.n;
    expect(response.json().data).toMatchObject({ valid: true, first_break: null, checked: count });
    await db.query('update request_batches set statuses[3] = 200 where workspace_id = $1 and seq_from = 1', [WS]);
    expect(await verifyChain(db, WS)).toMatchObject({ valid: false, first_break: { id: oldIds[0], chain_seq: 1, reason: expect.stringMatching(/edited/) } });
    await db.query('update request_batches set statuses[3] = 403 where workspace_id = $1 and seq_from = 1', [WS]);
    expect((await verifyChain(db, WS)).valid).toBe(true);
  });

  it('request retention removes format-1 batches too, leaving their links', async () => {
    await app.warden.flush();
    const counts = await app.warden.retention.run(t0 + 1000 + 90 * 86_400_000);
    expect(counts.requestEvents).toBe(5);
    expect((await db.query('select 1 from request_batches where workspace_id = $1 and format = 1', [WS])).length).toBe(0);
    const left = (await db.query<{ n: number }>('select count(*)::int as n from audit_log where workspace_id = $1', [WS]))[0]!.n;
    expect(await verifyChain(db, WS)).toMatchObject({ valid: true, checked: left });
  });
});
