import type { Database, NamedStatement, Queryable } from '../store/database.js';
import { GENESIS_HASH } from './audit-store.js';
import { rollupCall, rollupParams, type RollupCounts } from '../usage/usage-rollups.js';
import { lineIdOf, unpackBatch, type BatchDictionaries, type LinesBatch, type StoredBatch } from './request-batch.js';
import { decodeBase62, encodeBase62 } from '../lib/base62.js';

const DAY_MS = 86_400_000;

/** The dictionaries in the order of the INSERT's parameters (after the link's and the lines). */
const DICTIONARY_NAMES: ReadonlyArray<keyof BatchDictionaries> = [
  'actor_types', 'actor_ids', 'ip_values', 'agent_values', 'path_values', 'method_values', 'class_values', 'data_values',
];

/**
 * One statement appends a format-2 batch: append_request_batch (migrations/014_request_batch_lines.sql,
 * a function so that its plan is kept) locks the chain head, links the batch (the SHA-256 of
 * the link text over the content hash Warden computed: linesBatchHash), inserts it and moves the
 * head; for the batch it returns, the usage domain's add_request_rollups counts its requests.
 * One round trip per batch, atomic without a transaction; a named statement (parsed once).
 */
const APPEND_BATCH: NamedStatement = { name: 'warden_append_request_batch', text:
  `select a.seq_from, a.prev_hash, a.hash, r.rolled
     from append_request_batch($1, $2::integer, $3, $4::timestamptz, $5::timestamptz, $6, ` +
  DICTIONARY_NAMES.map((name, i) => `$${i + 7}::${name === 'data_values' ? 'jsonb' : 'text[]'}`).join(', ') + `) a
     cross join lateral (select ${rollupCall('$1', 7 + DICTIONARY_NAMES.length)} as rolled) r` };

/** A day's partition: request_batches_YYYYMMDD, [day, day + 1) UTC. */
export function partitionNameOf(dayStartMs: number): string {
  return `request_batches_${new Date(dayStartMs).toISOString().slice(0, 10).replaceAll('-', '')}`;
}

export const dayStartOf = (ms: number): number => Math.floor(ms / DAY_MS) * DAY_MS;

/** The day partitions this process knows exist (per database). */
const knownPartitions = new WeakMap<Queryable, Set<number>>();

/**
 * Creates the day partition that `atMs` falls in unless it exists. Outside any transaction: a
 * partition is DDL, and two instances creating the same one race harmlessly (the loser finds it).
 */
export async function ensureDayPartition(db: Queryable, atMs: number): Promise<void> {
  const day = dayStartOf(atMs);
  let known = knownPartitions.get(db);
  if (!known) knownPartitions.set(db, (known = new Set()));
  if (known.has(day)) return;
  const name = partitionNameOf(day);
  // to_regclass looks in the search path (the schema Warden works in), not in every schema.
  const exists = async (): Promise<boolean> => (await db.query<{ found: boolean }>('select to_regclass($1) is not null as found', [name]))[0]?.found === true;
  if (!(await exists())) {
    try {
      await db.query(
        `create table if not exists ${name} partition of request_batches for values from ('${new Date(day).toISOString()}') to ('${new Date(day + DAY_MS).toISOString()}')`,
      );
    } catch (error) {
      if (!(await exists())) throw error;
    }
  }
  known.add(day);
}

/** Forgets the partitions this process saw (after a failed write or a drop: they are looked up again). */
export function forgetPartitions(db: Queryable): void {
  knownPartitions.delete(db);
}

/**
 * Appends request events of one workspace, packed as ONE format-2 batch (packLines), as one link
 * of the workspace's chain with its usage rollups: one statement locks the head, links the batch,
 * inserts it, moves the head and counts the requests — in the caller's transaction, or atomic on
 * its own. The day partition of its first event must exist (ensureDayPartition); `knownHeads`
 * holds the chains whose head row this writer saw (a new chain's head is made first). Returns the
 * chain_seq of its first event.
 */
export async function appendRequestBatch(db: Queryable, workspaceId: string, batch: LinesBatch, rollups: RollupCounts, knownHeads: Set<string>): Promise<number> {
  if (!knownHeads.has(workspaceId)) {
    await db.query('insert into audit_chain_heads (chain, seq, hash) values ($1, 0, $2) on conflict (chain) do nothing', [workspaceId, GENESIS_HASH]);
    knownHeads.add(workspaceId);
  }
  const d = batch.dictionaries;
  const [link] = await db.query<{ seq_from: string | number; prev_hash: string; hash: string }>(APPEND_BATCH, [
    workspaceId, batch.events, batch.contentHash, new Date(batch.firstMs), new Date(batch.lastMs), batch.lines,
    ...DICTIONARY_NAMES.map((name) => (name === 'data_values' ? JSON.stringify(d.data_values) : d[name])),
    ...rollupParams(rollups),
  ]);
  if (!link) {
    knownHeads.delete(workspaceId);
    throw new Error(`audit chain head of ${workspaceId} missing`);
  }
  return Number(link.seq_from);
}

/** The time an event id was made (its first 8 base62 characters after `evt_`). */
export function timeOfEventId(id: string): number | null {
  const match = /^evt_([0-9A-Za-z]{8})/.exec(id);
  return match ? decodeBase62(match[1]!) : null;
}

/** The chain_seq of an event, wherever it is stored (null: not in this workspace). */
export async function seqOfEvent(db: Queryable, workspaceId: string, id: string): Promise<number | null> {
  const [row] = await db.query<{ chain_seq: string | number | null }>('select chain_seq from audit_events where id = $1 and workspace_id = $2', [id, workspaceId]);
  if (row?.chain_seq != null) return Number(row.chain_seq);
  const atMs = timeOfEventId(id);
  if (atMs === null) return null;
  // Format 1: the id's place in `ids`; format 2: the lines before the id's line (its newlines
  // counted). A line starts with the id without its `evt_` and time (lineIdOf), or the whole id.
  const [batch] = await db.query<{ seq: string | number | null }>(
    `with found as (
       select seq_from, format, ids, lines,
              greatest(strpos(E'\\n' || lines, E'\\n' || $4 || E'\\t'), strpos(E'\\n' || lines, E'\\n' || $3 || E'\\t')) as at
         from request_batches
        where workspace_id = $1 and last_at >= $2 and first_at <= $2)
     select case when format = 2
                 then seq_from + length(left(lines, at - 1)) - length(replace(left(lines, at - 1), E'\\n', ''))
                 else seq_from + array_position(ids, $3) - 1 end as seq
       from found
      where case when format = 2 then at > 0 else $3 = any(ids) end`,
    [workspaceId, new Date(atMs), id, lineIdOf(id)],
  );
  return batch?.seq == null ? null : Number(batch.seq);
}

/** Of these event ids of a workspace (made between minMs and maxMs), those stored already. */
export async function storedRequestIds(db: Queryable, workspaceId: string, ids: readonly string[], minMs: number, maxMs: number): Promise<Set<string>> {
  // Format 2 lines hold an id without its `evt_` and time (lineIdOf): matched on that, mapped back.
  const byLineId = new Map(ids.map((id) => [lineIdOf(id), id]));
  const rows = await db.query<{ id: string }>(
    `select id from (select unnest(ids) as id from request_batches
                      where format = 1 and workspace_id = $1 and last_at >= $2 and first_at <= $3 and ids && $4::text[]) b
      where id = any($4::text[])
     union all
     select split_part(line, E'\\t', 1) from request_batches, unnest(string_to_array(lines, E'\\n')) as line
      where format = 2 and workspace_id = $1 and last_at >= $2 and first_at <= $3 and (split_part(line, E'\\t', 1) = any($5::text[]) or split_part(line, E'\\t', 1) = any($4::text[]))
     union all
     select id from audit_events where id = any($4::text[])`,
    [workspaceId, new Date(minMs), new Date(maxMs), ids, [...byLineId.keys()]],
  );
  return new Set(rows.map((row) => byLineId.get(row.id) ?? row.id));
}

export interface BatchQuery {
  workspaceId: string;
  /** Batches holding events with chain_seq below this (newest first) … */
  beforeSeq?: number | undefined;
  /** … or above this (oldest first). */
  afterSeq?: number | undefined;
  actorId?: string | undefined;
  since?: Date | undefined;
  until?: Date | undefined;
  limit: number;
}

/** Batches of a workspace in chain order (newest first with beforeSeq or without either bound). */
export async function readBatches(db: Queryable, query: BatchQuery): Promise<StoredBatch[]> {
  const where = ['workspace_id = $1'];
  const params: unknown[] = [query.workspaceId];
  const add = (sql: string, value: unknown): void => {
    params.push(value);
    where.push(sql.replaceAll('?', `$${params.length}`));
  };
  if (query.beforeSeq !== undefined) add('seq_from < ?', query.beforeSeq);
  if (query.afterSeq !== undefined) add('seq_from + events - 1 > ?', query.afterSeq);
  if (query.actorId !== undefined) add('actor_ids @> array[?::text]', query.actorId);
  if (query.since !== undefined) add('last_at >= ?', query.since);
  if (query.until !== undefined) add('first_at < ?', query.until);
  params.push(query.limit);
  const ascending = query.afterSeq !== undefined;
  return db.query<StoredBatch>(
    `select * from request_batches where ${where.join(' and ')} order by seq_from ${ascending ? 'asc' : 'desc'} limit $${params.length}`,
    params,
  );
}

export { unpackBatch, type StoredBatch };

/** Retention of the request log: what it removed. */
export interface RequestLogPruned {
  /** Events removed (batched, and old per-row request events). */
  events: number;
  /** Day partitions dropped whole. */
  partitions: number;
}

/**
 * Removes request events older than `before`: whole day partitions when the day (and the longest a
 * batch spans) is older, otherwise the batches entirely older; and per-row request events of the
 * old layout. What each removed batch leaves is its link (request_batch_stubs), so the security
 * events after it still verify.
 */
export async function pruneRequestLog(db: Database, before: Date, maxBatchSpanMs: number): Promise<RequestLogPruned> {
  let events = 0;
  let partitions = 0;
  const stubs = (from: string, where: string): string =>
    `insert into request_batch_stubs (workspace_id, seq_from, events, last_at, prev_hash, hash)
     select workspace_id, seq_from, events, last_at, prev_hash, hash from ${from} where ${where}
     on conflict do nothing`;
  // The partitions of this schema's request_batches (regclass resolves it in the search path).
  const parts = await db.query<{ name: string }>(
    `select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
      where i.inhparent = 'request_batches'::regclass order by 1`,
  );
  for (const { name } of parts) {
    const match = /^request_batches_(\d{4})(\d{2})(\d{2})$/.exec(name);
    if (!match) continue;
    const dayEndMs = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + DAY_MS;
    if (dayEndMs + maxBatchSpanMs > before.getTime()) continue;
    events += await db.transaction(async (tx) => {
      const [count] = await tx.query<{ n: string | number | null }>(`select coalesce(sum(events), 0) as n from ${name}`);
      await tx.query(stubs(name, 'true'));
      await tx.exec(`drop table ${name}`);
      return Number(count?.n ?? 0);
    });
    partitions++;
  }
  if (partitions > 0) forgetPartitions(db);
  const floor = `evt_${encodeBase62(Math.max(0, before.getTime()), 8)}`;
  events += await db.transaction(async (tx) => {
    const [count] = await tx.query<{ n: string | number | null }>('select coalesce(sum(events), 0) as n from request_batches where last_at < $1', [before]);
    await tx.query(stubs('request_batches', 'last_at < $1'), [before]);
    await tx.query('delete from request_batches where last_at < $1', [before]);
    // The old layout: request events one row each in audit_events.
    await tx.query(
      `insert into request_batch_stubs (workspace_id, seq_from, events, last_at, prev_hash, hash)
       select workspace_id, chain_seq, 1, created_at, prev_hash, hash from audit_events
        where type = 'request' and id < $1 and workspace_id is not null and chain_seq is not null and hash is not null
       on conflict do nothing`,
      [floor],
    );
    const [legacy] = await tx.query<{ n: string }>(
      "with gone as (delete from audit_events where type = 'request' and id < $1 returning 1) select count(*) as n from gone",
      [floor],
    );
    return Number(count?.n ?? 0) + Number(legacy?.n ?? 0);
  });
  return { events, partitions };
}
