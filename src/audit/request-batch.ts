import type { AuditEventRow, NewEventRow } from './audit-store.js';
import { leafHashes } from './chain-link.js';

/**
 * The columns of a request_batches row (migrations/012_request_batches.sql): the events in chain
 * order as parallel arrays; repeated text as per-batch dictionaries with 1-based smallint indexes.
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

/** A request_batches row as read back. */
export interface StoredBatch extends BatchColumns {
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
  readonly indexes: number[] = [];
  private readonly seen = new Map<unknown, number>();
  private lastKey: unknown = Symbol('none');
  private lastIndex = 0;

  add(key: unknown, value: T): void {
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
    this.indexes.push(this.lastIndex);
  }
}

const isEmpty = (data: Record<string, unknown>): boolean => {
  for (const _ in data) return false;
  return true;
};

const msOf = (value: Date | string): number => (value instanceof Date ? value.getTime() : new Date(value).getTime());

/** Packs request events (in chain order) into a batch's columns; firstMs is the oldest event's time. */
export function packBatch(rows: readonly NewEventRow[]): { columns: BatchColumns; firstMs: number; lastMs: number } {
  let firstMs = Number.POSITIVE_INFINITY;
  let lastMs = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    const ms = msOf(row.created_at);
    if (ms < firstMs) firstMs = ms;
    if (ms > lastMs) lastMs = ms;
  }
  const actors = new Dictionary<[string | null, string | null]>();
  const ips = new Dictionary<string | null>();
  const agents = new Dictionary<string | null>();
  const paths = new Dictionary<string | null>();
  const methods = new Dictionary<string | null>();
  const classes = new Dictionary<string | null>();
  const datas = new Dictionary<Record<string, unknown>>();
  const ids = new Array<string>(rows.length);
  const offsets = new Array<number>(rows.length);
  const statuses = new Array<number>(rows.length);
  const latencies = new Array<number>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    ids[i] = row.id;
    offsets[i] = msOf(row.created_at) - firstMs;
    statuses[i] = row.status ?? 0;
    latencies[i] = row.latency_ms ?? 0;
    actors.add(`${row.actor_type}\u0000${row.actor_id}`, [row.actor_type, row.actor_id]);
    ips.add(row.ip, row.ip);
    agents.add(row.user_agent, row.user_agent);
    paths.add(row.path, row.path);
    methods.add(row.method, row.method);
    classes.add(row.endpoint_class, row.endpoint_class);
    datas.add(isEmpty(row.data) ? '{}' : JSON.stringify(row.data), row.data);
  }
  return {
    firstMs,
    lastMs,
    columns: {
      ids,
      at_offsets_ms: offsets,
      statuses,
      latencies_ms: latencies,
      actor_types: actors.values.map((a) => a[0]),
      actor_ids: actors.values.map((a) => a[1]),
      actor_idx: actors.indexes,
      ip_values: ips.values,
      ip_idx: ips.indexes,
      agent_values: agents.values,
      agent_idx: agents.indexes,
      path_values: paths.values,
      path_idx: paths.indexes,
      method_values: methods.values,
      method_idx: methods.indexes,
      class_values: classes.values,
      class_idx: classes.indexes,
      data_values: datas.values,
      data_idx: datas.indexes,
    },
  };
}

/** What a batch costs before the database's own compression (for /metrics): its arrays' payload. */
export function batchBytes(columns: BatchColumns): number {
  let bytes = columns.ids.length * (4 + 2 + 4 + 7 * 2);
  const text = (values: ReadonlyArray<string | null>): void => {
    for (const value of values) bytes += 4 + (value?.length ?? 0);
  };
  text(columns.ids);
  text(columns.actor_types);
  text(columns.actor_ids);
  text(columns.ip_values);
  text(columns.agent_values);
  text(columns.path_values);
  text(columns.method_values);
  text(columns.class_values);
  bytes += JSON.stringify(columns.data_values).length;
  return bytes;
}

/** int8 / int2 arrays may come back as strings from some drivers. */
const num = (value: unknown): number => (typeof value === 'number' ? value : Number(value));

/** The batch's events as audit rows (chain_seq set; hash = each event's own hash). */
export function unpackBatch(batch: StoredBatch): AuditEventRow[] {
  const seqFrom = num(batch.seq_from);
  const firstMs = msOf(batch.first_at);
  const rows = new Array<AuditEventRow>(batch.ids.length);
  for (let i = 0; i < batch.ids.length; i++) {
    const actor = num(batch.actor_idx[i]) - 1;
    rows[i] = {
      id: batch.ids[i]!,
      workspace_id: batch.workspace_id,
      type: 'request',
      actor_type: batch.actor_types[actor] ?? null,
      actor_id: batch.actor_ids[actor] ?? null,
      target_type: null,
      target_id: null,
      ip: batch.ip_values[num(batch.ip_idx[i]) - 1] ?? null,
      method: batch.method_values[num(batch.method_idx[i]) - 1] ?? null,
      path: batch.path_values[num(batch.path_idx[i]) - 1] ?? null,
      status: num(batch.statuses[i]),
      latency_ms: num(batch.latencies_ms[i]),
      endpoint_class: batch.class_values[num(batch.class_idx[i]) - 1] ?? null,
      user_agent: batch.agent_values[num(batch.agent_idx[i]) - 1] ?? null,
      data: batch.data_values[num(batch.data_idx[i]) - 1] ?? {},
      created_at: new Date(firstMs + num(batch.at_offsets_ms[i])),
      chain_seq: seqFrom + i,
      prev_hash: null,
      hash: null,
    };
  }
  const leaves = leafHashes(rows);
  for (let i = 0; i < rows.length; i++) rows[i]!.hash = leaves[i]!;
  return rows;
}
