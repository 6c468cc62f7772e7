import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, registerOwner, STORE_KIND } from './helpers/test-app.js';
import { IN_MEMORY } from '../src/store/open-database.js';
import { openAtMigration } from './helpers/older-schema.js';
import { migrate } from '../src/store/migrate.js';
import { appendToChain, type AuditEventInput } from '../src/audit/audit-store.js';
import { eventsAfter, verifyChain } from '../src/audit/event-queries.js';
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import type { Database } from '../src/store/database.js';
import type { FastifyInstance } from 'fastify';

/** The last migration before the request log (012): request events were one audit_events row each. */
const BEFORE_REQUEST_LOG = 11;
const OLD = 'wsp_oldlayout';

/**
 * Issue 15: request events written before the request log (one hash-chained row each, through the
 * old writer's path, appendToChain/appendRows into audit_events) stay readable and verifiable after
 * migration 012, merged with the batches written after it.
 */
describe(`request events of the old one-row layout, after migration 012 (${STORE_KIND})`, () => {
  let db: Database;
  let app: FastifyInstance;
  let dropSchema: () => Promise<void> = async () => undefined;
  let session: string;
  const oldIds: string[] = [];
  const asOld = { 'x-workspace-id': OLD };

  beforeAll(async () => {
    const older = await openAtMigration(BEFORE_REQUEST_LOG);
    db = older.db;
    dropSchema = older.drop;
    const databaseUrl = older.databaseUrl;
    expect((await db.query<{ found: boolean }>("select to_regclass('request_batches') is not null as found"))[0]!.found).toBe(false);
    // Old rows: a change, then request events the way the old writer stored them (one row each, a
    // batch of them linked and copied in one transaction), then another change.
    await db.query("insert into workspaces (id, name) values ($1, 'Old layout')", [OLD]);
    const t0 = Date.now() - 60_000;
    const request = (i: number, keyId: string): AuditEventInput => ({
      workspaceId: OLD, type: 'request', status: i === 2 ? 404 : 200, latencyMs: i, endpointClass: 'standard', at: new Date(t0 + i * 10),
      context: { actor: { type: 'api_key', id: keyId }, ip: '192.0.2.7', userAgent: 'old/1.0', method: 'GET', path: `/v1/me?old=${i}` },
    });
    const system = { actor: { type: 'system', id: 'migration-test' }, ip: null, userAgent: null, method: null, path: null } as unknown as AuditEventInput['context'];
    await db.transaction((tx) => appendToChain(tx, OLD, [{ workspaceId: OLD, type: 'key.created', context: system, target: { type: 'api_key', id: 'key_old1' }, at: new Date(t0 - 10) }]));
    const rows = await db.transaction((tx) => appendToChain(tx, OLD, [0, 1, 2, 3].map((i) => request(i, i % 2 === 0 ? 'key_old1' : 'key_old2'))));
    oldIds.push(...rows.map((row) => row.id));
    await db.transaction((tx) => appendToChain(tx, OLD, [request(4, 'key_old1')]));
    oldIds.push((await db.query<{ id: string }>("select id from audit_events where workspace_id = $1 and path = '/v1/me?old=4'", [OLD]))[0]!.id);

    await migrate(db);
    const config = loadConfig({ WARDEN_LOG_LEVEL: 'silent', WARDEN_DATA_DIR: IN_MEMORY, WARDEN_RATE_LIMITS: 'off' });
    app = await buildApp({ config: { ...config, databaseUrl }, db });
    await app.ready();
    const owner = await registerOwner(app);
    session = owner.session;
    await db.query("insert into memberships (workspace_id, user_id, role) values ($1, $2, 'owner')", [OLD, owner.userId]);
  });
  afterAll(async () => {
    await app?.close();
    await dropSchema();
  });

  const list = async (query: string) => {
    const response = await call(app, 'GET', `/v1/events${query}`, { auth: { bearer: session }, headers: asOld });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { data: any[]; next_cursor: string | null };
  };

  it('lists old rows and new batches together: filters, cursor pages, newest first', async () => {
    // New request events after the migration: batches, in the same chain.
    for (let i = 0; i < 3; i++) expect((await call(app, 'GET', '/v1/me', { auth: { bearer: session }, headers: asOld })).statusCode).toBe(200);
    await app.warden.flush();
    expect((await db.query<{ n: number }>('select count(*)::int as n from request_batches where workspace_id = $1', [OLD]))[0]!.n).toBeGreaterThanOrEqual(1);

    const byKey = await list('?api_key_id=key_old1');
    expect(byKey.data.map((e) => [e.path, e.status])).toEqual([['/v1/me?old=4', 200], ['/v1/me?old=2', 404], ['/v1/me?old=0', 200]]);
    expect(byKey.data[0]).toMatchObject({ type: 'request', ip: '192.0.2.7', user_agent: 'old/1.0', actor: { type: 'api_key', id: 'key_old1' } });
    expect((await list('?status=404')).data.map((e) => e.id)).toEqual([oldIds[2]]);

    const all = (await list('?limit=1000')).data;
    const types = all.map((e) => (e.path?.startsWith('/v1/me?old=') ? 'old' : e.type === 'request' ? 'new' : e.type));
    expect(types.slice(0, 3)).toEqual(['new', 'new', 'new']);
    expect(types.slice(-6)).toEqual(['old', 'old', 'old', 'old', 'old', 'key.created']);
    expect(all.map((e) => e.chain_seq)).toEqual([...all.map((e) => e.chain_seq)].sort((a, b) => b - a));
    // Cursor pages of 2 walk the same events, across both layouts.
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: any[]; next_cursor: string | null } = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      paged.push(...page.data.map((e) => e.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(paged.filter((id) => all.some((e) => e.id === id))).toEqual(all.map((e) => e.id));
  });

  it('the live stream resumes after an old event (Last-Event-ID) with old rows and new batches in chain order', async () => {
    const after = await eventsAfter(db, OLD, oldIds[1]!, 100);
    expect(after.slice(0, 3).map((e) => e.id)).toEqual(oldIds.slice(2));
    expect(after.slice(3).some((e) => e.type === 'request' && e.path === '/v1/me')).toBe(true);
    const seqs = after.map((e) => Number(e.chain_seq));
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
  });

  it('verifies the whole chain: old rows, then batches', async () => {
    await app.warden.flush();
    const response = await call(app, 'GET', '/v1/events/verify', { auth: { bearer: session }, headers: asOld });
    const count = (await db.query<{ n: number }>('select count(*)::int as n from audit_log where workspace_id = $1', [OLD]))[0]!.n;
    expect(response.json().data).toMatchObject({ valid: true, first_break: null, checked: count });
    // An edited old row is still caught.
    await db.query("update audit_events set status = 200 where id = $1", [oldIds[2]]);
    expect(await verifyChain(db, OLD)).toMatchObject({ valid: false, first_break: { id: oldIds[2], reason: expect.stringMatching(/edited/) } });
    await db.query("update audit_events set status = 404 where id = $1", [oldIds[2]]);
  });

  it('request retention removes old rows too, leaving their links: the rest still verifies', async () => {
    await app.warden.flush();
    // 90 days after the old rows (and before anything written since).
    const oldest = (await db.query<{ at: Date }>("select max(created_at) as at from audit_events where workspace_id = $1 and type = 'request'", [OLD]))[0]!.at;
    const counts = await app.warden.retention.run(new Date(oldest).getTime() + 1 + 90 * 86_400_000);
    expect(counts).toMatchObject({ requestEvents: 5, events: 0 });
    expect((await db.query("select 1 from audit_events where workspace_id = $1 and type = 'request'", [OLD])).length).toBe(0);
    expect((await db.query('select 1 from request_batch_stubs where workspace_id = $1', [OLD])).length).toBe(5);
    const left = (await db.query<{ n: number }>('select count(*)::int as n from audit_log where workspace_id = $1', [OLD]))[0]!.n;
    expect(await verifyChain(db, OLD)).toMatchObject({ valid: true, checked: left });
  });
});
