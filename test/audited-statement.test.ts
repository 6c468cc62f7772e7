import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, STORE_KIND, type TestApp } from './helpers/test-app.js';
import { auditedStatement, writeAudited } from '../src/audit/record-audit-event.js';
import { verifyChain } from '../src/audit/event-queries.js';
import { GENESIS_HASH, type AuditEventInput } from '../src/audit/audit-store.js';

// A change and its audit event in one statement (src/audit/audited-statement.ts): the event's hash
// is computed by PostgreSQL's sha256() and must be exactly what verification recomputes.
describe(`a change and its audit event in one statement (${STORE_KIND})`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const eventIn = (workspaceId: string | null, i: number): AuditEventInput => ({
    workspaceId,
    type: 'login.succeeded',
    context: {
      ip: i % 2 ? '198.51.100.7' : '::1', userAgent: i % 3 ? 'agent "é" \\ \n\t' : null, method: 'POST', path: '/auth/login',
      actor: { type: 'user', id: `usr_"chain_seq":null_${i}` },
    },
    target: { type: 'session', id: `ses_${i}` },
    data: i % 2 ? { reason: 'x"y', n: i, nested: { b: [1, null], a: 'ü' } } : {},
  });

  /** A marker row and the event in one statement; the marker is written from audit_link. */
  const MARK = auditedStatement('test_mark_audited', 1, (audit) => `with ${audit.ctes},
       mark as (insert into idempotency_keys_probe (id) select $1::text from audit_link returning id)
       select ${audit.columns}, (select id from mark) as marker from audit_link`);
  const write = (workspaceId: string | null, i: number, marker = `mark_${workspaceId}_${i}`) =>
    writeAudited<{ marker: string }>(t.db, MARK, [marker], eventIn(workspaceId, i));

  beforeAll(async () => {
    await t.db.exec('create table idempotency_keys_probe (id text primary key)');
  });

  it('starts a new chain (no head yet), links each event to the last, and the chain verifies', async () => {
    const first = await write('wsp_fresh_chain', 0);
    expect(first.event).toMatchObject({ chain_seq: 1, prev_hash: GENESIS_HASH, workspace_id: 'wsp_fresh_chain' });
    expect(first.row.marker).toBe('mark_wsp_fresh_chain_0');
    for (let i = 1; i < 6; i++) {
      const next = await write('wsp_fresh_chain', i);
      expect(next.event.chain_seq).toBe(i + 1);
    }
    expect(await verifyChain(t.db, 'wsp_fresh_chain')).toMatchObject({ valid: true, checked: 6, first_break: null });
    const [stored] = await t.db.query<{ hash: string }>('select hash from audit_events where workspace_id = $1 and chain_seq = 1', ['wsp_fresh_chain']);
    expect(stored!.hash).toBe(first.event.hash);
  });

  it('the account-level chain (no workspace) too', async () => {
    const before = await t.db.query<{ seq: string }>("select seq from audit_chain_heads where chain = ''");
    await write(null, 1);
    await write(null, 2);
    const report = await verifyChain(t.db, null);
    expect(report).toMatchObject({ valid: true, first_break: null });
    expect(report.checked).toBe(Number(before[0]?.seq ?? 0) + 2);
  });

  it('concurrent writers on one chain (and on a chain with no head yet) keep it gap-free and valid', async () => {
    await Promise.all(Array.from({ length: 24 }, (_, i) => write(i % 2 ? 'wsp_busy' : 'wsp_busy_new', i)));
    for (const chain of ['wsp_busy', 'wsp_busy_new']) {
      const report = await verifyChain(t.db, chain);
      expect(report).toMatchObject({ valid: true, checked: 12, first_break: null, head: { chain_seq: 12 } });
    }
  });

  it('when the change fails nothing is written: not the event, not the head', async () => {
    const [head] = await t.db.query<{ seq: string; hash: string }>('select seq, hash from audit_chain_heads where chain = $1', ['wsp_fresh_chain']);
    await expect(write('wsp_fresh_chain', 99, 'mark_wsp_fresh_chain_0')).rejects.toThrow(/duplicate key|unique/);
    const [after] = await t.db.query<{ seq: string; hash: string }>('select seq, hash from audit_chain_heads where chain = $1', ['wsp_fresh_chain']);
    expect(after).toEqual(head);
    expect(await verifyChain(t.db, 'wsp_fresh_chain')).toMatchObject({ valid: true, checked: 6 });
  });

  it('inside a transaction too: the event is announced and kept only if the transaction commits', async () => {
    const [head] = await t.db.query<{ seq: string }>('select seq from audit_chain_heads where chain = $1', ['wsp_fresh_chain']);
    await expect(t.db.transaction(async (tx) => {
      await writeAudited(tx, MARK, ['mark_in_rolled_back_tx'], eventIn('wsp_fresh_chain', 101));
      throw new Error('roll back');
    })).rejects.toThrow('roll back');
    const committed = await t.db.transaction((tx) => writeAudited(tx, MARK, ['mark_in_tx'], eventIn('wsp_fresh_chain', 102)));
    expect(committed.event.chain_seq).toBe(Number(head!.seq) + 1);
    const marks = await t.db.query<{ id: string }>("select id from idempotency_keys_probe where id in ('mark_in_rolled_back_tx', 'mark_in_tx')");
    expect(marks.map((m) => m.id)).toEqual(['mark_in_tx']);
    expect(await verifyChain(t.db, 'wsp_fresh_chain')).toMatchObject({ valid: true, checked: Number(head!.seq) + 1 });
  });
});
