import type { AuditEventRow } from './audit-store.js';
import { canonicalJson, contentHash, leafHash, leafHashes } from './chain-link.js';
import { encodeBase62 } from '../lib/base62.js';

/** A batch's dictionaries: each distinct text of its events once (both formats). */
export interface BatchDictionaries {
  actor_types: Array<string | null>;
  actor_ids: Array<string | null>;
  ip_values: Array<string | null>;
  agent_values: Array<string | null>;
  path_values: Array<string | null>;
  method_values: Array<string | null>;
  class_values: Array<string | null>;
  data_values: Array<Record<string, unknown>>;
}

/**
 * The columns of a format-1 request_batches row (migrations/012_request_batches.sql): the events in
 * chain order as parallel arrays; repeated text as per-batch dictionaries with 1-based smallint
 * indexes. Written before migration 014; read and verified still.
 */
export interface BatchColumns {
  ids: string[];
  at_offsets_ms: number[];
  statuses: number[];
  latencies_ms: number[];
  actor_types: Array<string | null>;
  actor_ids: Array<string | null>;
  actor_idx: number[];
  ip_values: Array<string | null>;
  ip_idx: number[];
  agent_values: Array<string | null>;
  agent_idx: number[];
  path_values: Array<string | null>;
  path_idx: number[];
  method_values: Array<string | null>;
  method_idx: number[];
  class_values: Array<string | null>;
  class_idx: number[];
  data_values: Array<Record<string, unknown>>;
  data_idx: number[];
}

/** A request_batches row as read back: format 1 has the per-event arrays, format 2 `lines`. */
export interface StoredBatch extends BatchDictionaries, Partial<Omit<BatchColumns, keyof BatchDictionaries>> {
  format: number;
  lines: string | null;
  workspace_id: string;
  seq_from: string | number;
  events: number;
  first_at: Date | string;
  last_at: Date | string;
  prev_hash: string;
  hash: string;
}

/** The most events one batch holds: every dictionary index fits in a smallint. */
export const MAX_BATCH_EVENTS = 10_000;

/** A batch spans at most this much time (its partition is its first event's day; retention allows for the span). */
export const MAX_BATCH_SPAN_MS = 3_600_000;

/** Values → 1-based indexes, each distinct value stored once. */
class Dictionary<T> {
  readonly values: T[] = [];
  private readonly seen = new Map<unknown, number>();
  private lastKey: unknown = Symbol('none');
  private lastIndex = 0;

  /** The value's index (added if new). */
  indexOf(key: unknown, value: T): number {
    // Events of a batch mostly repeat the last one's value: one comparison.
    if (key !== this.lastKey) {
      let index = this.seen.get(key);
      if (index === undefined) {
        this.values.push(value);
        index = this.values.length;
        this.seen.set(key, index);
      }
      this.lastKey = key;
      this.lastIndex = index;
    }
    return this.lastIndex;
  }
}

/** What a batch stores of a request event (the writer's RequestEvent has these fields). */
export interface BatchEvent {
  id: string;
  atMs: number;
  status: number;
  latencyMs: number;
  actorType: string;
  actorId: string;
  ip: string | null;
  userAgent: string | null;
  method: string;
  path: string;
  endpointClass: string | null;
}

/** A format-2 batch ready to append: what its row stores and the hash of its content. */
export interface LinesBatch {
  dictionaries: BatchDictionaries;
  lines: string;
  events: number;
  firstMs: number;
  lastMs: number;
  /** SHA-256 of linesContent(…): what the batch's link hashes. */
  contentHash: string;
  /** The dictionaries' and lines' text, before the database compresses it (for /metrics). */
  bytes: number;
}

const PLAIN_ID = /^[A-Za-z0-9_]+$/;

/** `evt_` and the 8 base62 characters of an event id's time (ids.ts newId). */
const ID_TIME_END = 12;

// Events of a batch mostly share their millisecond: the last id prefix is remembered.
let prefixMs = NaN;
let prefix = '';
/** The id an event of this time begins with: `evt_` + its time in base62. */
function idPrefixAt(atMs: number): string {
  if (atMs !== prefixMs) {
    prefix = `evt_${encodeBase62(atMs, 8)}`;
    prefixMs = atMs;
  }
  return prefix;
}

/**
 * An event id as its line holds it: the part after `evt_` and the time when the id begins with
 * the event's own time (always, for ids Warden makes: the line's time rebuilds it), else whole.
 */
function idInLine(id: string, atMs: number): string {
  return id.length > ID_TIME_END && id.startsWith(idPrefixAt(atMs)) ? id.slice(ID_TIME_END) : id;
}

/** What a line's first field holds for this id when the id begins with its own time (Warden's ids always do). */
export const lineIdOf = (id: string): string => (/^evt_[0-9A-Za-z]{8}./.test(id) ? id.slice(ID_TIME_END) : id);

/** The event id from its line's first field and the event's time (idInLine's inverse). */
function idFromLine(field: string, atMs: number): string {
  return field.includes('_') ? field : idPrefixAt(atMs) + field;
}
const NO_DATA: Record<string, unknown> = Object.freeze({});

/**
 * Packs request events (in chain order) as a format-2 batch (migrations/014_request_batch_lines.sql):
 * each distinct text once in the dictionaries, each event a line of its id, time offset, numbers and
 * dictionary indexes. `dataOf` gives an event's data (null: `{}`). One pass, no object per event.
 */
export function packLines<E extends BatchEvent>(workspaceId: string, events: readonly E[], dataOf: (event: E) => Record<string, unknown> | null): LinesBatch {
  let firstMs = Number.POSITIVE_INFINITY;
  let lastMs = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    if (event.atMs < firstMs) firstMs = event.atMs;
    if (event.atMs > lastMs) lastMs = event.atMs;
  }
  const actors = new Dictionary<number>();
  const actorTypes: Array<string | null> = [];
  const actorIds: Array<string | null> = [];
  const ips = new Dictionary<string | null>();
  const agents = new Dictionary<string | null>();
  const paths = new Dictionary<string | null>();
  const methods = new Dictionary<string | null>();
  const classes = new Dictionary<string | null>();
  const datas = new Dictionary<Record<string, unknown>>();
  const lines = new Array<string>(events.length);
  let lastActorType: string | null = null;
  let lastActorId: string | null = null;
  let actor = 0;
  for (let i = 0; i < events.length; i++) {
    const event = events[i]!;
    // Ids are Warden's own (newId): base62 and `_`, nothing a line would have to escape.
    if (!PLAIN_ID.test(event.id)) throw new Error(`request event id ${JSON.stringify(event.id)} cannot be stored in a batch line`);
    if (event.actorId !== lastActorId || event.actorType !== lastActorType) {
      const before = actorIds.length;
      actor = actors.indexOf(`${event.actorType}\u0000${event.actorId}`, before + 1);
      if (actor > before) {
        actorTypes.push(event.actorType);
        actorIds.push(event.actorId);
      }
      lastActorType = event.actorType;
      lastActorId = event.actorId;
    }
    const data = dataOf(event);
    lines[i] = `${idInLine(event.id, event.atMs)}\t${event.atMs - firstMs}\t${event.status}\t${event.latencyMs}\t${actor}\t${ips.indexOf(event.ip, event.ip)}\t` +
      `${agents.indexOf(event.userAgent, event.userAgent)}\t${paths.indexOf(event.path, event.path)}\t${methods.indexOf(event.method, event.method)}\t` +
      `${classes.indexOf(event.endpointClass, event.endpointClass)}\t${data === null ? datas.indexOf('{}', NO_DATA) : datas.indexOf(JSON.stringify(data), data)}`;
  }
  const dictionaries: BatchDictionaries = {
    actor_types: actorTypes, actor_ids: actorIds, ip_values: ips.values, agent_values: agents.values, path_values: paths.values,
    method_values: methods.values, class_values: classes.values, data_values: datas.values,
  };
  const text = lines.join('\n');
  const content = linesContent(workspaceId, firstMs, dictionaries, text);
  return { dictionaries, lines: text, events: events.length, firstMs, lastMs, contentHash: contentHash(content), bytes: content.length };
}

/**
 * What a format-2 batch's link hashes (through its SHA-256): the workspace, the first event's time,
 * the dictionaries as canonical JSON (the same text after a round trip through jsonb) and the lines.
 */
export function linesContent(workspaceId: string, firstMs: number, dictionaries: BatchDictionaries, lines: string): string {
  const d = dictionaries;
  const dictionaryText = canonicalJson({
    actor_types: d.actor_types, actor_ids: d.actor_ids, ip_values: d.ip_values, agent_values: d.agent_values, path_values: d.path_values,
    method_values: d.method_values, class_values: d.class_values, data_values: d.data_values,
  });
  return `${workspaceId}\n${firstMs}\n${dictionaryText}\n${lines}`;
}

/** The SHA-256 of a stored format-2 batch's content (verification recomputes its link from it). */
export function storedContentHash(batch: StoredBatch): string {
  return contentHash(linesContent(batch.workspace_id, msOf(batch.first_at), batch, batch.lines ?? ''));
}

const msOf = (value: Date | string): number => (value instanceof Date ? value.getTime() : new Date(value).getTime());

/** int8 / int2 arrays may come back as strings from some drivers. */
const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value));

/**
 * The batch's events as audit rows, chain_seq set. `hash`: each event's own hash (leafHash) in a
 * format-1 batch; null in a format-2 batch, whose link hashes its content (withEventHashes fills it
 * in for the events shown).
 */
export function unpackBatch(batch: StoredBatch): AuditEventRow[] {
  return batch.format === 2 ? unpackLines(batch) : unpackArrays(batch);
}

/** The id of the batch's event at `index` (0-based), either format. */
export function eventIdInBatch(batch: StoredBatch, index: number): string | null {
  if (batch.format !== 2) return batch.ids?.[index] ?? null;
  const lines = batch.lines ?? '';
  let start = 0;
  for (let i = 0; i < index; i++) {
    start = lines.indexOf('\n', start) + 1;
    if (start === 0) return null;
  }
  const end = lines.indexOf('\t', start);
  if (end === -1) return null;
  const offsetEnd = lines.indexOf('\t', end + 1);
  return idFromLine(lines.slice(start, end), msOf(batch.first_at) + Number(lines.slice(end + 1, offsetEnd)));
}

/** Where an event's fields are in its batch: its own values, and 1-based indexes into the dictionaries. */
interface EventPlace {
  id: string;
  atMs: number;
  seq: number;
  status: number;
  latencyMs: number;
  actor: number;
  ip: number;
  agent: number;
  path: number;
  method: number;
  endpointClass: number;
  data: number;
}

/** The audit row of a batch's event (either format), its hash not filled in. */
function rowAt(batch: StoredBatch, e: EventPlace): AuditEventRow {
  return {
    id: e.id,
    workspace_id: batch.workspace_id,
    type: 'request',
    actor_type: batch.actor_types[e.actor - 1] ?? null,
    actor_id: batch.actor_ids[e.actor - 1] ?? null,
    target_type: null,
    target_id: null,
    ip: batch.ip_values[e.ip - 1] ?? null,
    method: batch.method_values[e.method - 1] ?? null,
    path: batch.path_values[e.path - 1] ?? null,
    status: e.status,
    latency_ms: e.latencyMs,
    endpoint_class: batch.class_values[e.endpointClass - 1] ?? null,
    user_agent: batch.agent_values[e.agent - 1] ?? null,
    data: batch.data_values[e.data - 1] ?? {},
    created_at: new Date(e.atMs),
    chain_seq: e.seq,
    prev_hash: null,
    hash: null,
  };
}

function unpackLines(batch: StoredBatch): AuditEventRow[] {
  const seqFrom = num(batch.seq_from);
  const firstMs = msOf(batch.first_at);
  const lines = batch.lines ? batch.lines.split('\n') : [];
  const rows = new Array<AuditEventRow>(lines.length);
  for (let i = 0; i < lines.length; i++) {
    const f = lines[i]!.split('\t');
    const atMs = firstMs + Number(f[1]);
    rows[i] = rowAt(batch, {
      id: idFromLine(f[0]!, atMs), atMs, seq: seqFrom + i, status: Number(f[2]), latencyMs: Number(f[3]), actor: Number(f[4]),
      ip: Number(f[5]), agent: Number(f[6]), path: Number(f[7]), method: Number(f[8]), endpointClass: Number(f[9]), data: Number(f[10]),
    });
  }
  return rows;
}

/** Each request event's own hash where it has none yet (format-2 batches): for the events an answer shows. */
export function withEventHashes<R extends AuditEventRow>(rows: R[]): R[] {
  for (const row of rows) if (row.hash === null && row.type === 'request') row.hash = leafHash(row);
  return rows;
}

function unpackArrays(stored: StoredBatch): AuditEventRow[] {
  const batch = stored as StoredBatch & BatchColumns;
  const seqFrom = num(batch.seq_from);
  const firstMs = msOf(batch.first_at);
  const rows = new Array<AuditEventRow>(batch.ids.length);
  for (let i = 0; i < batch.ids.length; i++) {
    rows[i] = rowAt(batch, {
      id: batch.ids[i]!, atMs: firstMs + num(batch.at_offsets_ms[i]), seq: seqFrom + i, status: num(batch.statuses[i]), latencyMs: num(batch.latencies_ms[i]),
      actor: num(batch.actor_idx[i]), ip: num(batch.ip_idx[i]), agent: num(batch.agent_idx[i]), path: num(batch.path_idx[i]),
      method: num(batch.method_idx[i]), endpointClass: num(batch.class_idx[i]), data: num(batch.data_idx[i]),
    });
  }
  const leaves = leafHashes(rows);
  for (let i = 0; i < rows.length; i++) rows[i]!.hash = leaves[i]!;
  return rows;
}
