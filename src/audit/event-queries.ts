import type { Queryable } from '../store/database.js';
import { chainOf, eventHash, GENESIS_HASH, type AuditEventRow } from './audit-store.js';
import type { EventFilter } from './event-view.js';
import { encodeBase62 } from '../lib/base62.js';
import { readBatches, seqOfEvent, unpackBatch } from './request-log.js';
import { eventIdInBatch, storedContentHash, withEventHashes } from './request-batch.js';
import { batchHash, linesBatchHash } from './chain-link.js';
import { linkHolding, linksAfter, type ChainLink } from './chain-links.js';

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

/** Batches read per query while a page is filled from the request log. */
const BATCHES_PER_READ = 8;

/** The filters that rows of either layout must pass (SQL already applied the ones it could). */
function passes(row: AuditEventRow, input: ListEventsInput): boolean {
  const at = new Date(row.created_at).getTime();
  return (input.actorType === undefined || row.actor_type === input.actorType) &&
    (input.actorId === undefined || row.actor_id === input.actorId) &&
    (input.status === undefined || row.status === input.status) &&
    (input.since === undefined || at >= input.since.getTime()) &&
    (input.until === undefined || at < input.until.getTime());
}

/**
 * Request events from the batches, newest first (`desc`) below `bound` or oldest first above it:
 * whole batches are read a few at a time and their events filtered until `limit` pass.
 */
async function requestEventsFrom(db: Queryable, input: ListEventsInput, bound: number | undefined, desc: boolean): Promise<AuditEventRow[]> {
  if (input.type !== undefined && input.type !== 'request') return [];
  const found: AuditEventRow[] = [];
  let next = bound;
  for (;;) {
    const batches = await readBatches(db, {
      workspaceId: input.workspaceId, actorId: input.actorId, since: input.since, until: input.until, limit: BATCHES_PER_READ,
      ...(desc ? { beforeSeq: next } : { afterSeq: next ?? 0 }),
    });
    for (const batch of batches) {
      const rows = unpackBatch(batch);
      if (desc) rows.reverse();
      for (const row of rows) {
        const seq = Number(row.chain_seq);
        if (bound !== undefined && (desc ? seq >= bound : seq <= bound)) continue;
        if (passes(row, input)) found.push(row);
        if (found.length >= input.limit) return found;
      }
    }
    if (batches.length < BATCHES_PER_READ) return found;
    const last = batches.at(-1)!;
    next = desc ? Number(last.seq_from) : Number(last.seq_from) + last.events - 1;
  }
}

/** Rows of audit_events (security events, and request events of the old layout). */
async function rowEventsFrom(db: Queryable, input: ListEventsInput, bound: number | undefined, desc: boolean): Promise<AuditEventRow[]> {
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
  if (bound !== undefined) add(desc ? 'chain_seq < ?' : 'chain_seq > ?', bound);
  params.push(input.limit);
  return db.query<AuditEventRow>(`select * from audit_events where ${where.join(' and ')} order by chain_seq ${desc ? 'desc' : 'asc'} limit $${params.length}`, params);
}

/** Both layouts merged in chain order (a workspace's events are one chain: chain_seq is their exact commit order). */
async function mergedEvents(db: Queryable, input: ListEventsInput, bound: number | undefined, desc: boolean): Promise<AuditEventRow[]> {
  const [rows, requests] = await Promise.all([rowEventsFrom(db, input, bound, desc), requestEventsFrom(db, input, bound, desc)]);
  const merged = rows.concat(requests);
  merged.sort((a, b) => (desc ? Number(b.chain_seq) - Number(a.chain_seq) : Number(a.chain_seq) - Number(b.chain_seq)));
  return withEventHashes(merged.slice(0, input.limit));
}

/** Newest first (chain order), security rows and batched request events merged. */
export async function listEvents(db: Queryable, input: ListEventsInput): Promise<AuditEventRow[]> {
  let bound: number | undefined;
  if (input.beforeId !== undefined) {
    const seq = await seqOfEvent(db, input.workspaceId, input.beforeId);
    if (seq === null) return [];
    bound = seq;
  }
  return mergedEvents(db, input, bound, true);
}

/** The workspace's events after the one with this id, in chain order (SSE resume). */
export async function eventsAfter(db: Queryable, workspaceId: string, afterId: string, limit: number): Promise<AuditEventRow[]> {
  const seq = await seqOfEvent(db, workspaceId, afterId);
  if (seq === null) return [];
  return mergedEvents(db, { workspaceId, limit }, seq, false);
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

/** Does the link's content match its hash? null: yes; otherwise why not. */
function contentBreak(link: ChainLink): string | null {
  if (link.kind === 'row') return eventHash(link.prevHash, link.row) === link.hash ? null : 'the event\'s content does not match its hash (edited)';
  if (link.kind === 'stub') return null;
  const edited = `a request event of the batch at chain_seq ${link.seqFrom}–${link.seqTo} does not match the batch's hash (edited)`;
  if (link.batch.format === 2) {
    const events = link.batch.lines ? link.batch.lines.split('\n').length : 0;
    if (events !== link.batch.events) return `the batch of request events at chain_seq ${link.seqFrom}–${link.seqTo} holds ${events} events (edited)`;
    return linesBatchHash(link.prevHash, link.seqFrom, link.batch.events, storedContentHash(link.batch)) === link.hash ? null : edited;
  }
  const rows = unpackBatch(link.batch);
  if (rows.length !== link.batch.events) return `the batch of request events at chain_seq ${link.seqFrom}–${link.seqTo} holds ${rows.length} events (edited)`;
  const leaves = rows.map((row) => row.hash!);
  return batchHash(link.prevHash, link.seqFrom, leaves) === link.hash ? null : edited;
}

/** Events a link counts for: what retention left of a batch (a stub) holds none. */
const eventsOf = (link: ChainLink): number => (link.kind === 'stub' ? 0 : link.seqTo - link.seqFrom + 1);

/** The first event's id of a link ('' for a stub, whose events are gone). */
const firstIdOf = (link: ChainLink): string => (link.kind === 'row' ? link.row.id : link.kind === 'batch' ? eventIdInBatch(link.batch, 0) ?? '' : '');

export async function verifyChain(db: Queryable, workspaceId: string | null, window: ChainWindow = {}, pageSize = 1000): Promise<ChainReport> {
  const chain = chainOf(workspaceId);
  let previous: { seq: number; hash: string } | null = null;
  let after = 0;
  if (window.fromSeq !== undefined && window.fromSeq > 1) {
    // A walk starts at a link: the one holding from_seq (a batch is checked whole).
    const holding = await linkHolding(db, workspaceId, window.fromSeq);
    after = (holding?.seqFrom ?? window.fromSeq) - 1;
    const anchor = after > 0 ? await linkHolding(db, workspaceId, after) : null;
    if (anchor && anchor.seqTo === after) previous = { seq: after, hash: anchor.hash };
  }
  const limit = window.maxEvents ?? Number.POSITIVE_INFINITY;
  let checked = 0;
  for (;;) {
    const { links, more } = await linksAfter(db, workspaceId, previous?.seq ?? after, pageSize);
    for (const link of links) {
      const fail = (reason: string): ChainReport => ({ valid: false, checked, first_break: { id: firstIdOf(link), chain_seq: link.seqFrom, reason }, head: null });
      if (previous && link.seqFrom !== previous.seq + 1) return fail(`chain_seq jumps from ${previous.seq} to ${link.seqFrom}: events are missing`);
      if (previous && link.prevHash !== previous.hash) return fail('prev_hash does not match the previous event\'s hash');
      if (!previous && link.seqFrom === 1 && link.prevHash !== GENESIS_HASH) return fail('the first event does not start from the genesis hash');
      const broken = contentBreak(link);
      if (broken !== null) return fail(broken);
      previous = { seq: link.seqTo, hash: link.hash };
      checked += eventsOf(link);
      if (checked >= limit) {
        // A slice: its links are sound; the chain head is compared only by a walk that reaches it.
        return { valid: true, checked, first_break: null, head: { chain_seq: previous.seq, hash: previous.hash } };
      }
    }
    if (!more || links.length === 0) break;
  }
  if (previous) {
    const [head] = await db.query<{ seq: string; hash: string }>('select seq, hash from audit_chain_heads where chain = $1', [chain]);
    if (head && (Number(head.seq) !== previous.seq || head.hash !== previous.hash)) {
      return { valid: false, checked, first_break: { id: '', chain_seq: Number(head.seq), reason: 'events at the end of the chain are missing' }, head: null };
    }
  }
  return { valid: true, checked, first_break: null, head: previous ? { chain_seq: previous.seq, hash: previous.hash } : null };
}

/**
 * Security retention: deletes the events of audit_events older than `before` (request events of
 * the old layout go with the request log's retention, pruneRequestLog) and the stubs of removed
 * request batches as old. The chain stays verifiable from what is left.
 */
export async function deleteEventsBefore(db: Queryable, before: Date): Promise<number> {
  const count = async (sql: string, bound: unknown): Promise<number> =>
    Number((await db.query<{ n: string }>(`with gone as (${sql} returning 1) select count(*) as n from gone`, [bound]))[0]?.n ?? 0);
  await db.query('delete from request_batch_stubs where last_at < $1', [before]);
  return count('delete from audit_events where id < $1', eventIdFloor(before));
}
