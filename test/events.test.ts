import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createKey, createTestApp, registerOwner, STORE_KIND, type Owner, type TestApp } from './helpers/test-app.js';
import { expectProblem, fieldsOf } from './helpers/assertions.js';
import { verifyChain } from '../src/audit/event-queries.js';

describe(`audit trail: request events, filters, host events, hash chain (${STORE_KIND})`, () => {
  let t: TestApp;
  let owner: Owner;
  let reader: string;

  beforeAll(async () => {
    t = await createTestApp({ env: { WARDEN_SCOPE_RESOURCES: 'deals' } });
    owner = await registerOwner(t.app);
    reader = (await createKey(t.app, { bearer: owner.session }, { name: 'auditor', scopes: ['events:read', 'events:write', 'api-keys:read'] })).key;
  });
  afterAll(() => t.close());

  const events = async (query = '') => {
    const response = await call(t.app, 'GET', `/v1/events${query}`, { auth: { apiKey: reader } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { data: any[]; next_cursor: string | null };
  };

  it('records every API-key request (seed 004: apiKeyId, source IP, method + path, status, latency) and filters by api_key_id', async () => {
    const key = await createKey(t.app, { bearer: owner.session }, { name: 'svc', scopes: ['api-keys:read'] });
    await call(t.app, 'GET', '/v1/me', { auth: { apiKey: key.key }, remoteAddress: '198.51.100.23', headers: { 'user-agent': 'svc/1.0' } });
    await call(t.app, 'GET', '/v1/keys/key_doesnotexist', { auth: { apiKey: key.key }, remoteAddress: '198.51.100.23' });
    await call(t.app, 'GET', '/v1/keys?limit=1&token=secret-in-url', { auth: { apiKey: key.key } });
    await t.app.warden.flush();
    const page = await events(`?actor_type=api_key&api_key_id=${key.id}`);
    expect(page.data.map((e) => [e.type, e.method, e.path, e.status])).toEqual([
      ['request', 'GET', '/v1/keys?limit=1&token=[redacted]', 400],
      ['request', 'GET', '/v1/keys/key_doesnotexist', 404],
      ['request', 'GET', '/v1/me', 200],
    ]);
    const me = page.data[2];
    expect(me).toMatchObject({
      actor: { type: 'api_key', id: key.id }, workspace_id: owner.workspaceId, ip: '198.51.100.23', user_agent: 'svc/1.0',
      endpoint_class: 'standard', latency_ms: expect.any(Number), chain_seq: expect.any(Number), hash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(page.data.every((e) => e.actor.id === key.id)).toBe(true);
    // Secrets never reach the store.
    const [leak] = await t.db.query<{ n: number }>("select count(*)::int as n from audit_log where path like '%secret-in-url%'");
    expect(leak!.n).toBe(0);
  });

  it('mutations are events too, written with the change; filters by type, status, time; cursor pages newest first', async () => {
    const created = await createKey(t.app, { bearer: owner.session }, { name: 'page me', scopes: [] });
    await call(t.app, 'DELETE', `/v1/keys/${created.id}`, { auth: { bearer: owner.session } });
    const revoked = await events('?type=key.revoked');
    expect(revoked.data[0]).toMatchObject({ type: 'key.revoked', target: { type: 'api_key', id: created.id }, actor: { type: 'user', id: owner.userId } });
    expect((await events('?status=404')).data.every((e) => e.status === 404)).toBe(true);
    expect((await events(`?since=${new Date(Date.now() + 60_000).toISOString()}`)).data).toEqual([]);
    expect((await events(`?until=2000-01-01T00:00:00Z`)).data).toEqual([]);

    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: any[]; next_cursor: string | null } = await events(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...page.data.map((e) => e.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(new Set(all).size).toBe(all.length);
    // The same order as one big page (request events flushed meanwhile may sit on top of it).
    const onePage: string[] = (await events('?limit=1000')).data.map((e) => e.id);
    expect(onePage.filter((id) => all.includes(id))).toEqual(all);
  });

  it('lets the host API publish its own events (seed 000: deal.updated) but not Warden\'s', async () => {
    const published = await call(t.app, 'POST', '/v1/events', { auth: { apiKey: reader }, body: { type: 'deal.updated', data: { deal_id: 'deal_42', stage: 'funded' }, target: { type: 'deal', id: 'deal_42' } } });
    expect(published.statusCode, published.body).toBe(201);
    expect(published.json().data).toMatchObject({ type: 'deal.updated', data: { deal_id: 'deal_42', stage: 'funded' }, target: { type: 'deal', id: 'deal_42' }, actor: { type: 'api_key' } });
    expect(fieldsOf(expectProblem(await call(t.app, 'POST', '/v1/events', { auth: { apiKey: reader }, body: { type: 'key.revoked' } }), 400, 'validation_failed'))).toEqual(['type']);
    expectProblem(await call(t.app, 'POST', '/v1/events', { auth: { apiKey: reader }, body: { type: 'NoDot' } }), 400, 'validation_failed');
    expectProblem(await call(t.app, 'POST', '/v1/events', { auth: { apiKey: reader }, body: { type: 'deal.updated', data: { blob: 'x'.repeat(5000) } } }), 400, 'validation_failed');
    const readOnly = (await createKey(t.app, { bearer: owner.session }, { name: 'ro', scopes: ['events:read'] })).key;
    expectProblem(await call(t.app, 'POST', '/v1/events', { auth: { apiKey: readOnly }, body: { type: 'deal.updated' } }), 403, 'insufficient_scope');
  });

  it('stores tabs, line breaks, backslashes and non-ASCII exactly (events go in by COPY) and the chain still verifies', async () => {
    const tricky = { note: 'tab\there\nnew line\r\\N \\\\ back\\slash', name: 'Zoë 🙂 \\t', nested: { 'k\tey': ['a\\nb', null, 1.5] } };
    const published = await call(t.app, 'POST', '/v1/events', {
      auth: { apiKey: reader },
      headers: { 'user-agent': 'agent\\with\\backslashes \\N' },
      body: { type: 'deal.noted', data: tricky, target: { type: 'deal', id: 'deal\\42\\N' } },
    });
    expect(published.statusCode, published.body).toBe(201);
    const id = published.json().data.id as string;
    const [row] = await t.db.query<{ data: unknown; target_id: string; user_agent: string }>('select data, target_id, user_agent from audit_events where id = $1', [id]);
    expect(row).toEqual({ data: tricky, target_id: 'deal\\42\\N', user_agent: 'agent\\with\\backslashes \\N' });
    const listed = (await events('?type=deal.noted')).data;
    expect(listed.map((e) => [e.id, e.data, e.target])).toEqual([[id, tricky, { type: 'deal', id: 'deal\\42\\N' }]]);
    // Request events go in as a batch (COPY text): a tab and backslashes in a header survive too.
    const agent = 'tab\there \\N back\\slash';
    for (let i = 0; i < 2; i++) {
      expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: reader }, headers: { 'user-agent': agent } })).statusCode).toBe(200);
    }
    await t.app.warden.flush();
    const agents = await t.db.query<{ user_agent: string }>("select user_agent from audit_log where type = 'request' and path = '/v1/me' and user_agent like 'tab%'");
    expect(agents).toEqual([{ user_agent: agent }, { user_agent: agent }]);
    await t.app.warden.flush();
    expect((await call(t.app, 'GET', '/v1/events/verify', { auth: { apiKey: reader } })).json().data).toMatchObject({ valid: true, first_break: null });
  });

  it('refuses bad filters and other workspaces', async () => {
    expect(fieldsOf(expectProblem(await call(t.app, 'GET', '/v1/events?since=yesterday', { auth: { apiKey: reader } }), 400, 'validation_failed'))).toEqual(['since']);
    expectProblem(await call(t.app, 'GET', '/v1/events?actor_type=robot', { auth: { apiKey: reader } }), 400, 'validation_failed');
    expectProblem(await call(t.app, 'GET', '/v1/events?api_key_id=key_x&actor_type=user', { auth: { apiKey: reader } }), 400, 'validation_failed');
    expectProblem(await call(t.app, 'GET', '/v1/events?cursor=bogus', { auth: { apiKey: reader } }), 400, 'validation_failed');
    const noScope = (await createKey(t.app, { bearer: owner.session }, { name: 'none', scopes: [] })).key;
    expectProblem(await call(t.app, 'GET', '/v1/events', { auth: { apiKey: noScope } }), 403, 'insufficient_scope');
    const other = await registerOwner(t.app);
    const theirs = (await call(t.app, 'GET', '/v1/events', { auth: { bearer: other.session } })).json().data;
    expect(theirs.every((e: { workspace_id: string }) => e.workspace_id === other.workspaceId)).toBe(true);
    expect(theirs.length).toBeGreaterThan(0);
  });

  it('chains every workspace\'s events; verification finds an edited, a deleted and a re-ordered row', async () => {
    await t.app.warden.flush();
    const ok = await call(t.app, 'GET', '/v1/events/verify', { auth: { apiKey: reader } });
    expect(ok.json().data).toMatchObject({ valid: true, first_break: null, checked: expect.any(Number) });
    const checked = ok.json().data.checked;
    expect(checked).toBeGreaterThan(10);
    const [first] = await t.db.query<{ prev_hash: string; chain_seq: string }>('select prev_hash, chain_seq from audit_events where workspace_id = $1 order by chain_seq limit 1', [owner.workspaceId]);
    expect(first).toEqual({ prev_hash: '0'.repeat(64), chain_seq: expect.anything() });
    expect(Number(first!.chain_seq)).toBe(1);

    // Someone with database access edits one request event's path (request events are stored in
    // batches: the batch's link no longer matches, reported at the batch's first event)…
    const [victim] = await t.db.query<{ id: string; seq_from: string; events: number }>(
      "select (select id from request_events e where e.workspace_id = b.workspace_id and e.chain_seq = b.seq_from) as id, seq_from, events from request_batches b where workspace_id = $1 order by seq_from limit 1 offset 1", [owner.workspaceId]);
    const seqFrom = Number(victim!.seq_from);
    const seqTo = seqFrom + victim!.events - 1;
    await t.db.query("update request_batches set path_values[1] = '/v1/nothing-to-see' where workspace_id = $1 and seq_from = $2", [owner.workspaceId, seqFrom]);
    const edited = (await call(t.app, 'GET', '/v1/events/verify', { auth: { apiKey: reader } })).json().data;
    expect(edited).toMatchObject({ valid: false, first_break: { id: victim!.id, chain_seq: seqFrom, reason: expect.stringMatching(/edited/) } });
    // Large chains can be checked in slices: before the edit, and after it (anchored on the batch before).
    const sliceBefore = (await call(t.app, 'GET', '/v1/events/verify?from_seq=1&limit=2', { auth: { apiKey: reader } })).json().data;
    expect(sliceBefore).toMatchObject({ valid: true, checked: 2, head: { chain_seq: 2 } });
    const sliceAfter = (await call(t.app, 'GET', `/v1/events/verify?from_seq=${seqTo + 1}`, { auth: { apiKey: reader } })).json().data;
    expect(sliceAfter).toMatchObject({ valid: true, first_break: null });
    // A slice that starts inside a batch checks the whole batch.
    const sliceWith = (await call(t.app, 'GET', `/v1/events/verify?from_seq=${seqTo}&limit=5`, { auth: { apiKey: reader } })).json().data;
    expect(sliceWith).toMatchObject({ valid: false, first_break: { id: victim!.id, chain_seq: seqFrom } });
    expectProblem(await call(t.app, 'GET', '/v1/events/verify?from_seq=0', { auth: { apiKey: reader } }), 400, 'validation_failed');

    // …or deletes one in the middle.
    const fresh = await createTestApp();
    try {
      const o = await registerOwner(fresh.app);
      // One request a flush: one batch each (chain_seq 3, 4, 5, 6 after the registration's two events).
      for (let i = 0; i < 4; i++) {
        await call(fresh.app, 'GET', '/v1/me', { auth: { bearer: o.session } });
        await fresh.app.warden.flush();
      }
      expect((await verifyChain(fresh.db, o.workspaceId)).valid).toBe(true);
      // An event's own line (its status) edited: its batch's content no longer matches the link.
      const [third] = await fresh.db.query<{ lines: string }>('select lines from request_batches where workspace_id = $1 and seq_from = 3', [o.workspaceId]);
      expect(third!.lines).toMatch(/\t200\t/);
      await fresh.db.query("update request_batches set lines = replace(lines, E'\\t200\\t', E'\\t201\\t') where workspace_id = $1 and seq_from = 3", [o.workspaceId]);
      expect((await verifyChain(fresh.db, o.workspaceId)).first_break).toMatchObject({ chain_seq: 3, reason: expect.stringMatching(/edited/) });
      await fresh.db.query('update request_batches set lines = $2 where workspace_id = $1 and seq_from = 3', [o.workspaceId, third!.lines]);
      expect((await verifyChain(fresh.db, o.workspaceId)).valid).toBe(true);
      await fresh.db.query('delete from request_batches where workspace_id = $1 and seq_from = 3', [o.workspaceId]);
      expect((await verifyChain(fresh.db, o.workspaceId)).first_break).toMatchObject({ chain_seq: 4, reason: expect.stringMatching(/missing/) });
      // …or removes the newest rows: the chain head knows.
      const [last] = await fresh.db.query<{ seq: string }>('select seq from audit_chain_heads where chain = $1', [o.workspaceId]);
      await fresh.db.query('delete from request_batches where workspace_id = $1 and seq_from >= 3', [o.workspaceId]);
      expect(await verifyChain(fresh.db, o.workspaceId)).toMatchObject({ valid: false, first_break: { chain_seq: Number(last!.seq), reason: expect.stringMatching(/end of the chain/) } });
    } finally {
      await fresh.close();
    }
  });

  it('chain heads are consistent under concurrent mutations (no gaps, no duplicate seq)', async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) => createKey(t.app, { bearer: owner.session }, { name: `burst ${i}`, scopes: [] })));
    const other = await registerOwner(t.app);
    await Promise.all(Array.from({ length: 6 }, (_, i) => createKey(t.app, { bearer: other.session }, { name: `o ${i}`, scopes: [] })));
    await t.app.warden.flush();
    const report = await verifyChain(t.db, other.workspaceId);
    expect(report).toMatchObject({ valid: true });
    expect(report.checked).toBeGreaterThanOrEqual(8);
  });
});

describe('retention', () => {
  it('removes request events after WARDEN_AUDIT_REQUEST_RETENTION_DAYS and security events and rollups after WARDEN_AUDIT_RETENTION_DAYS; the rest of the chain still verifies', async () => {
    const t = await createTestApp({ env: { WARDEN_AUDIT_RETENTION_DAYS: '60', WARDEN_AUDIT_REQUEST_RETENTION_DAYS: '30' } });
    try {
      const owner = await registerOwner(t.app);
      for (let i = 0; i < 5; i++) {
        await new Promise((resolve) => setTimeout(resolve, 10)); // distinct milliseconds
        await call(t.app, 'GET', '/v1/me', { auth: { bearer: owner.session } });
        await t.app.warden.flush(); // one batch each
      }
      const count = async (sql: string, params: unknown[]): Promise<number> => (await t.db.query<{ n: number }>(sql, params))[0]!.n;
      const [fourth] = await t.db.query<{ created_at: Date }>("select created_at from audit_log where workspace_id = $1 and type = 'request' order by chain_seq offset 3 limit 1", [owner.workspaceId]);
      const cutoffMs = fourth!.created_at.getTime() + 1;
      const requestsBefore = await count("select count(*)::int as n from audit_log where type = 'request' and workspace_id = $1", [owner.workspaceId]);
      const olderRequests = await count("select count(*)::int as n from audit_log where type = 'request' and created_at < $1", [new Date(cutoffMs)]);
      const securityBefore = await count('select count(*)::int as n from audit_events where workspace_id = $1', [owner.workspaceId]);
      expect(olderRequests).toBeGreaterThanOrEqual(4);

      // 30 days after the 4th request: it and the requests before it go; security events stay (60 days).
      const first = await t.app.warden.retention.run(cutoffMs + 30 * 86_400_000);
      expect(first).toMatchObject({ events: 0, requestEvents: olderRequests, rollups: 0 });
      expect(await count("select count(*)::int as n from audit_log where type = 'request' and workspace_id = $1", [owner.workspaceId])).toBe(requestsBefore - 4);
      expect(await count('select count(*)::int as n from audit_events where workspace_id = $1', [owner.workspaceId])).toBe(securityBefore);
      // The removed batches left their links: the security events after them still verify.
      expect(await verifyChain(t.db, owner.workspaceId)).toMatchObject({ valid: true, checked: securityBefore + requestsBefore - 4 });

      // 60 days after: the security events, the links left of the requests and the rollups of those minutes go too.
      const olderSecurity = await count('select count(*)::int as n from audit_events where created_at < $1', [new Date(cutoffMs)]);
      const rollups = await count('select count(*)::int as n from usage_rollups where minute < $1', [new Date(cutoffMs)]);
      const second = await t.app.warden.retention.run(cutoffMs + 60 * 86_400_000);
      expect(second).toMatchObject({ events: olderSecurity, rollups });
      expect(await count('select count(*)::int as n from audit_log where workspace_id = $1', [owner.workspaceId])).toBe(0);
      // The 5th request's content is gone (30 days) but its link stays as long as security events do.
      expect(await count('select count(*)::int as n from request_batch_stubs where workspace_id = $1', [owner.workspaceId])).toBe(1);
      expect(await verifyChain(t.db, owner.workspaceId)).toMatchObject({ valid: true, checked: 0 });
    } finally {
      await t.close();
    }
  });
});

describe('WARDEN_AUDIT_REQUESTS=off', () => {
  it('records changes but no request events', async () => {
    const t = await createTestApp({ env: { WARDEN_AUDIT_REQUESTS: 'off' } });
    try {
      const owner = await registerOwner(t.app);
      await createKey(t.app, { bearer: owner.session }, { name: 'k', scopes: [] });
      await call(t.app, 'GET', '/v1/me', { auth: { bearer: owner.session } });
      await t.app.warden.flush();
      const rows = await t.db.query<{ type: string }>('select type from audit_events where workspace_id = $1 order by chain_seq', [owner.workspaceId]);
      expect(rows.map((r) => r.type)).toEqual(['user.registered', 'login.succeeded', 'key.created']);
    } finally {
      await t.close();
    }
  });
});

describe('WARDEN_WORKER_THREADS=0 (request events linked on the event loop)', () => {
  it('writes the same chain: every request recorded, the whole chain verifies', async () => {
    const t = await createTestApp({ env: { WARDEN_WORKER_THREADS: '0' } });
    try {
      const owner = await registerOwner(t.app);
      const key = await createKey(t.app, { bearer: owner.session }, { name: 'k', scopes: ['events:read'] });
      for (let i = 0; i < 5; i++) expect((await call(t.app, 'GET', '/v1/me', { auth: { apiKey: key.key } })).statusCode).toBe(200);
      await t.app.warden.flush();
      const rows = await t.db.query<{ type: string; path: string | null }>('select type, path from audit_log where workspace_id = $1 order by chain_seq', [owner.workspaceId]);
      expect(rows.filter((r) => r.type === 'request' && r.path === '/v1/me')).toHaveLength(5);
      const verified = (await call(t.app, 'GET', '/v1/events/verify', { auth: { apiKey: key.key } })).json().data;
      expect(verified).toMatchObject({ valid: true, first_break: null, checked: rows.length });
    } finally {
      await t.close();
    }
  });
});
