import type { Database } from '../../src/store/database.js';
import type { AuditEventRow } from '../../src/audit/audit-store.js';
import { batchHash, leafHashes } from '../../src/audit/chain-link.js';
import { ensureDayPartition } from '../../src/audit/request-log.js';

/** A request event as a format-1 batch held it. */
export interface Format1Event {
  id: string;
  atMs: number;
  actorType: string;
  actorId: string;
  ip: string | null;
  userAgent: string | null;
  method: string;
  path: string;
  status: number;
  latencyMs: number;
  endpointClass: string | null;
  data: Record<string, unknown>;
}

/**
 * Writes request events as ONE batch in format 1 (migrations/012_request_batches.sql), the way
 * Warden wrote them before migration 014: each event in parallel arrays with per-batch
 * dictionaries, each event's own hash (leafHash), the batch linked over those hashes (batchHash).
 * For tests of batches written by an older Warden; the schema may be at 012 or later.
 */
export async function appendFormat1Batch(db: Database, workspaceId: string, events: readonly Format1Event[]): Promise<{ seqFrom: number; hash: string }> {
  const firstMs = Math.min(...events.map((e) => e.atMs));
  const lastMs = Math.max(...events.map((e) => e.atMs));
  await ensureDayPartition(db, firstMs);
  const rows = events.map((e): AuditEventRow => ({
    id: e.id, workspace_id: workspaceId, type: 'request', actor_type: e.actorType, actor_id: e.actorId, target_type: null, target_id: null,
    ip: e.ip, method: e.method, path: e.path, status: e.status, latency_ms: e.latencyMs, endpoint_class: e.endpointClass, user_agent: e.userAgent,
    data: e.data, created_at: new Date(e.atMs), chain_seq: null, prev_hash: null, hash: null,
  }));
  const leaves = leafHashes(rows);
  const dictionary = <T>(values: T[], keyOf: (value: T) => string = (value) => JSON.stringify(value)): { values: T[]; idx: number[] } => {
    const seen = new Map<string, number>();
    const out: T[] = [];
    const idx = values.map((value) => {
      const key = keyOf(value);
      let i = seen.get(key);
      if (i === undefined) {
        out.push(value);
        seen.set(key, (i = out.length));
      }
      return i;
    });
    return { values: out, idx };
  };
  const actors = dictionary(events.map((e) => [e.actorType, e.actorId] as const));
  const ips = dictionary(events.map((e) => e.ip));
  const agents = dictionary(events.map((e) => e.userAgent));
  const paths = dictionary(events.map((e) => e.path));
  const methods = dictionary(events.map((e) => e.method));
  const classes = dictionary(events.map((e) => e.endpointClass));
  const datas = dictionary(events.map((e) => e.data));
  return db.transaction(async (tx) => {
    await tx.query("insert into audit_chain_heads (chain, seq, hash) values ($1, 0, repeat('0', 64)) on conflict (chain) do nothing", [workspaceId]);
    const [head] = await tx.query<{ seq: string | number; hash: string }>('select seq, hash from audit_chain_heads where chain = $1 for update', [workspaceId]);
    const seqFrom = Number(head!.seq) + 1;
    const hash = batchHash(head!.hash, seqFrom, leaves);
    await tx.query(
      `insert into request_batches (workspace_id, seq_from, events, first_at, last_at, prev_hash, hash, ids, at_offsets_ms, statuses, latencies_ms,
         actor_types, actor_ids, actor_idx, ip_values, ip_idx, agent_values, agent_idx, path_values, path_idx, method_values, method_idx,
         class_values, class_idx, data_values, data_idx)
       values ($1, $2, $3, $4, $5, $6, $7, $8::text[], $9::integer[], $10::smallint[], $11::integer[], $12::text[], $13::text[], $14::smallint[],
         $15::text[], $16::smallint[], $17::text[], $18::smallint[], $19::text[], $20::smallint[], $21::text[], $22::smallint[], $23::text[],
         $24::smallint[], $25::jsonb, $26::smallint[])`,
      [
        workspaceId, seqFrom, events.length, new Date(firstMs), new Date(lastMs), head!.hash, hash, events.map((e) => e.id),
        events.map((e) => e.atMs - firstMs), events.map((e) => e.status), events.map((e) => e.latencyMs),
        actors.values.map((a) => a[0]), actors.values.map((a) => a[1]), actors.idx, ips.values, ips.idx, agents.values, agents.idx,
        paths.values, paths.idx, methods.values, methods.idx, classes.values, classes.idx, JSON.stringify(datas.values), datas.idx,
      ],
    );
    await tx.query('update audit_chain_heads set seq = $2, hash = $3 where chain = $1', [workspaceId, seqFrom + events.length - 1, hash]);
    return { seqFrom, hash };
  });
}
