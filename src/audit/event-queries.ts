import type { Queryable } from '../store/database.js';
import { chainOf, eventHash, GENESIS_HASH, type AuditEventRow } from './audit-store.js';
import type { EventFilter } from './event-view.js';
import { encodeBase62 } from '../lib/base62.js';

/** The smallest event id created at or after `at`: ids begin with their creation time (ms, base62). */
export const eventIdFloor = (at: Date): string => `evt_${encodeBase62(Math.max(0, at.getTime()), 8)}`;

export interface ListEventsInput extends EventFilter {
  workspaceId: string;
  since?: Date | undefined;
  until?: Date | undefined;
  /** Rows strictly older (smaller id) than this one. */
  beforeId?: string | undefined;
  limit: number;
}

/** Newest first (chain order). */
export async function listEvents(db: Queryable, input: ListEventsInput): Promise<AuditEventRow[]> {
  const where = ['workspace_id = $1'];
  const params: unknown[] = [input.workspaceId];
  const add = (sql: string, value: unknown): void => {
    params.push(value);
    where.push(sql.replace('?', `$${params.length}`));
  };
  if (input.actorType !== undefined) add('actor_type = ?', input.actorType);
  if (input.actorId !== undefined) add('actor_id = ?', input.actorId);
  if (input.type !== undefined) add('type = ?', input.type);
  if (input.status !== undefined) add('status = ?', input.status);
  if (input.since !== undefined) add('id >= ?', eventIdFloor(input.since));
  if (input.until !== undefined) add('id < ?', eventIdFloor(input.until));
  // A workspace's events are one chain: chain_seq is their exact commit order (ids only to the ms).
  if (input.beforeId !== undefined) add('chain_seq < (select chain_seq from audit_events where id = ? and workspace_id = $1)', input.beforeId);
  params.push(input.limit);
  return db.query<AuditEventRow>(`select * from audit_events where ${where.join(' and ')} order by chain_seq desc limit $${params.length}`, params);
}

/** The workspace's events after the one with this id, in chain order (SSE resume). */
export async function eventsAfter(db: Queryable, workspaceId: string, afterId: string, limit: number): Promise<AuditEventRow[]> {
  return db.query<AuditEventRow>(
    `select * from audit_events
      where workspace_id = $1 and chain_seq > (select chain_seq from audit_events where id = $2 and workspace_id = $1)
      order by chain_seq limit $3`,
    [workspaceId, afterId, limit],
  );
}

export interface ChainReport {
  valid: boolean;
  checked: number;
  first_break: { id: string; chain_seq: number; reason: string } | null;
  head: { chain_seq: number; hash: string } | null;
}

/**
 * Walks a workspace's chain in order and recomputes every link: each row's prev_hash must be the
 * previous row's hash, its hash must match its content, and chain_seq must have no gaps. The first
 * row kept (older ones may have left by retention) anchors the walk.
 */
export interface ChainWindow {
  /** Start at this event (its predecessor, if kept, anchors the walk); default: the oldest kept. */
  fromSeq?: number | undefined;
  /** Check at most this many events (large chains can be verified in slices). */
  maxEvents?: number | undefined;
}

export async function verifyChain(db: Queryable, workspaceId: string | null, window: ChainWindow = {}, pageSize = 1000): Promise<ChainReport> {
  const chain = chainOf(workspaceId);
  const inChain = workspaceId === null ? 'workspace_id is null' : 'workspace_id = $1';
  let previous: { seq: number; hash: string } | null = null;
  let after = Math.max(0, (window.fromSeq ?? 1) - 1);
  if (after > 0) {
    const [anchor] = await db.query<{ hash: string }>(`select hash from audit_events where ${inChain} and ($1::text is not null) and chain_seq = $2`, [workspaceId ?? '', after]);
    if (anchor) previous = { seq: after, hash: anchor.hash };
  }
  const limit = window.maxEvents ?? Number.POSITIVE_INFINITY;
  let checked = 0;
  for (;;) {
    const rows: AuditEventRow[] = await db.query<AuditEventRow>(
      `select * from audit_events where ${inChain} and ($1::text is not null) and chain_seq > $2 order by chain_seq limit $3`,
      [workspaceId ?? '', previous?.seq ?? after, Math.min(pageSize, limit - checked)],
    );
    for (const row of rows) {
      const seq: number = Number(row.chain_seq);
      const fail = (reason: string): ChainReport => ({ valid: false, checked, first_break: { id: row.id, chain_seq: seq, reason }, head: null });
      if (previous && seq !== previous.seq + 1) return fail(`chain_seq jumps from ${previous.seq} to ${seq}: events are missing`);
      if (previous && row.prev_hash !== previous.hash) return fail('prev_hash does not match the previous event\'s hash');
      if (!previous && seq === 1 && row.prev_hash !== GENESIS_HASH) return fail('the first event does not start from the genesis hash');
      if (eventHash(row.prev_hash ?? '', row) !== row.hash) return fail('the event\'s content does not match its hash (edited)');
      previous = { seq, hash: row.hash! };
      checked++;
    }
    if (checked >= limit) {
      // A slice: its links are sound; the chain head is compared only by a walk that reaches it.
      return { valid: true, checked, first_break: null, head: previous ? { chain_seq: previous.seq, hash: previous.hash } : null };
    }
    if (rows.length < pageSize) break;
  }
  if (previous) {
    const [head] = await db.query<{ seq: string; hash: string }>('select seq, hash from audit_chain_heads where chain = $1', [chain]);
    if (head && (Number(head.seq) !== previous.seq || head.hash !== previous.hash)) {
      return { valid: false, checked, first_break: { id: '', chain_seq: Number(head.seq), reason: 'events at the end of the chain are missing' }, head: null };
    }
  }
  return { valid: true, checked, first_break: null, head: previous ? { chain_seq: previous.seq, hash: previous.hash } : null };
}

/** Retention: deletes events and usage rollups older than `before` (the chain stays verifiable from what is left). */
export async function deleteEventsBefore(db: Queryable, before: Date): Promise<number> {
  const count = async (sql: string, bound: unknown): Promise<number> =>
    Number((await db.query<{ n: string }>(`with gone as (${sql} returning 1) select count(*) as n from gone`, [bound]))[0]?.n ?? 0);
  return count('delete from audit_events where id < $1', eventIdFloor(before));
}
