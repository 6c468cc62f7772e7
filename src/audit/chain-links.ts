import type { Queryable } from '../store/database.js';
import type { AuditEventRow } from './audit-store.js';
import { eventIdInBatch, type StoredBatch } from './request-batch.js';

/**
 * One link of a workspace's hash chain, whichever way it is stored: a row of audit_events (one
 * event), a request batch (many), or the stub retention left of a removed request batch.
 */
export type ChainLink =
  | { kind: 'row'; seqFrom: number; seqTo: number; prevHash: string; hash: string; row: AuditEventRow }
  | { kind: 'batch'; seqFrom: number; seqTo: number; prevHash: string; hash: string; batch: StoredBatch }
  | { kind: 'stub'; seqFrom: number; seqTo: number; prevHash: string; hash: string };

/** Batches per page of a walk: a batch holds up to 10 000 events. */
const BATCHES_PER_PAGE = 16;

const inChainOf = (workspaceId: string | null): string => (workspaceId === null ? 'workspace_id is null and $1::text is not null' : 'workspace_id = $1');

/**
 * The next links after chain_seq `afterSeq`, in chain order; `more` when there may be others after
 * them. Each store is read a page at a time; only links up to the smallest page end of a full
 * page are returned, so nothing is skipped between stores.
 */
export async function linksAfter(db: Queryable, workspaceId: string | null, afterSeq: number, pageSize: number): Promise<{ links: ChainLink[]; more: boolean }> {
  const param = workspaceId ?? '';
  const rows = await db.query<AuditEventRow>(
    `select * from audit_events where ${inChainOf(workspaceId)} and chain_seq > $2 order by chain_seq limit $3`,
    [param, afterSeq, pageSize],
  );
  const batches = workspaceId === null ? [] : await db.query<StoredBatch>(
    'select * from request_batches where workspace_id = $1 and seq_from > $2 order by seq_from limit $3',
    [param, afterSeq, BATCHES_PER_PAGE],
  );
  const stubs = workspaceId === null ? [] : await db.query<{ seq_from: string | number; events: number; prev_hash: string; hash: string }>(
    'select seq_from, events, prev_hash, hash from request_batch_stubs where workspace_id = $1 and seq_from > $2 order by seq_from limit $3',
    [param, afterSeq, pageSize],
  );
  let bound = Number.POSITIVE_INFINITY;
  const links: ChainLink[] = [];
  for (const row of rows) {
    const seq = Number(row.chain_seq);
    links.push({ kind: 'row', seqFrom: seq, seqTo: seq, prevHash: row.prev_hash ?? '', hash: row.hash ?? '', row });
  }
  if (rows.length === pageSize) bound = Math.min(bound, Number(rows.at(-1)!.chain_seq));
  for (const batch of batches) {
    const seq = Number(batch.seq_from);
    links.push({ kind: 'batch', seqFrom: seq, seqTo: seq + batch.events - 1, prevHash: batch.prev_hash, hash: batch.hash, batch });
  }
  if (batches.length === BATCHES_PER_PAGE) bound = Math.min(bound, Number(batches.at(-1)!.seq_from));
  for (const stub of stubs) {
    const seq = Number(stub.seq_from);
    links.push({ kind: 'stub', seqFrom: seq, seqTo: seq + stub.events - 1, prevHash: stub.prev_hash, hash: stub.hash });
  }
  if (stubs.length === pageSize) bound = Math.min(bound, Number(stubs.at(-1)!.seq_from));
  links.sort((a, b) => a.seqFrom - b.seqFrom);
  return { links: links.filter((link) => link.seqFrom <= bound), more: Number.isFinite(bound) };
}

/** The link holding chain_seq `seq` (null: none kept). */
export async function linkHolding(db: Queryable, workspaceId: string | null, seq: number): Promise<ChainLink | null> {
  const param = workspaceId ?? '';
  const [row] = await db.query<AuditEventRow>(`select * from audit_events where ${inChainOf(workspaceId)} and chain_seq = $2`, [param, seq]);
  if (row) return { kind: 'row', seqFrom: seq, seqTo: seq, prevHash: row.prev_hash ?? '', hash: row.hash ?? '', row };
  if (workspaceId === null) return null;
  const [batch] = await db.query<StoredBatch>(
    'select * from request_batches where workspace_id = $1 and seq_from <= $2 and seq_from + events > $2 order by seq_from desc limit 1',
    [param, seq],
  );
  if (batch) {
    const from = Number(batch.seq_from);
    return { kind: 'batch', seqFrom: from, seqTo: from + batch.events - 1, prevHash: batch.prev_hash, hash: batch.hash, batch };
  }
  const [stub] = await db.query<{ seq_from: string | number; events: number; prev_hash: string; hash: string }>(
    'select seq_from, events, prev_hash, hash from request_batch_stubs where workspace_id = $1 and seq_from <= $2 and seq_from + events > $2 order by seq_from desc limit 1',
    [param, seq],
  );
  if (stub) {
    const from = Number(stub.seq_from);
    return { kind: 'stub', seqFrom: from, seqTo: from + stub.events - 1, prevHash: stub.prev_hash, hash: stub.hash };
  }
  return null;
}

/** The oldest chain_seq still kept (an event, a batch or a stub), null for an empty chain. */
export async function oldestKeptSeq(db: Queryable, workspaceId: string | null): Promise<number | null> {
  const param = workspaceId ?? '';
  const [row] = await db.query<{ a: string | number | null; b: string | number | null; c: string | number | null }>(
    `select (select min(chain_seq) from audit_events where ${inChainOf(workspaceId)}) as a,
            (select min(seq_from) from request_batches where workspace_id = $1) as b,
            (select min(seq_from) from request_batch_stubs where workspace_id = $1) as c`,
    [param],
  );
  const seqs = [row?.a, row?.b, row?.c].filter((value) => value != null).map(Number);
  return seqs.length === 0 ? null : Math.min(...seqs);
}

/** The id of the event at `seq` (a batch's event by its place; null for a stub or nothing). */
export function eventIdAt(link: ChainLink | null, seq: number): string | null {
  if (link === null || link.kind === 'stub') return null;
  if (link.kind === 'row') return link.row.id;
  return eventIdInBatch(link.batch, seq - link.seqFrom);
}
