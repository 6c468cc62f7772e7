import type { Queryable, Transaction } from '../store/database.js';
import type { RequestContext } from '../auth/principal.js';
import { newId } from '../lib/ids.js';
import { sha256Hex } from '../lib/hash.js';
import { canonicalJson } from './canonical-json.js';

export interface AuditEventInput {
  workspaceId: string | null;
  /** `{resource}.{past verb}`: `key.created`, `key.revoked`, `login.succeeded`, … or `request`. */
  type: string;
  context: RequestContext;
  target?: { type: string; id: string };
  status?: number;
  latencyMs?: number;
  endpointClass?: string;
  data?: Record<string, unknown>;
  /** When it happened (default: now). */
  at?: Date;
}

/** An audit_events row (what the API lists and the stream sends). */
export interface AuditEventRow {
  id: string;
  workspace_id: string | null;
  type: string;
  actor_type: string | null;
  actor_id: string | null;
  target_type: string | null;
  target_id: string | null;
  ip: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  latency_ms: number | null;
  endpoint_class: string | null;
  user_agent: string | null;
  data: Record<string, unknown>;
  created_at: Date;
  chain_seq: string | number | null;
  prev_hash: string | null;
  hash: string | null;
}

export const GENESIS_HASH = '0'.repeat(64);
const COLUMNS = [
  'id', 'workspace_id', 'type', 'actor_type', 'actor_id', 'target_type', 'target_id', 'ip', 'method', 'path', 'status',
  'latency_ms', 'endpoint_class', 'user_agent', 'data', 'created_at', 'chain_seq', 'prev_hash', 'hash',
] as const;

/** The chain a workspace's events belong to ('' for account-level events). */
export const chainOf = (workspaceId: string | null): string => workspaceId ?? '';

/** What the chain hashes: every stored field but the hashes themselves, canonically. */
export function eventHash(prevHash: string, row: Omit<AuditEventRow, 'hash' | 'prev_hash'>): string {
  const body = canonicalJson({
    id: row.id,
    chain_seq: Number(row.chain_seq),
    workspace_id: row.workspace_id,
    type: row.type,
    actor_type: row.actor_type,
    actor_id: row.actor_id,
    target_type: row.target_type,
    target_id: row.target_id,
    ip: row.ip,
    method: row.method,
    path: row.path,
    status: row.status,
    latency_ms: row.latency_ms,
    endpoint_class: row.endpoint_class,
    user_agent: row.user_agent,
    data: row.data,
    created_at: new Date(row.created_at).toISOString(),
  });
  return sha256Hex(`${prevHash}\n${body}`);
}

function rowOf(event: AuditEventInput): Omit<AuditEventRow, 'chain_seq' | 'prev_hash' | 'hash'> {
  const at = event.at ?? new Date();
  return {
    id: newId('evt', at.getTime()),
    workspace_id: event.workspaceId,
    type: event.type,
    actor_type: event.context.actor.type,
    actor_id: event.context.actor.id,
    target_type: event.target?.type ?? null,
    target_id: event.target?.id ?? null,
    ip: event.context.ip,
    method: event.context.method,
    path: event.context.path,
    status: event.status ?? null,
    latency_ms: event.latencyMs ?? null,
    endpoint_class: event.endpointClass ?? null,
    user_agent: event.context.userAgent,
    data: event.data ?? {},
    created_at: at,
  };
}

/** Locks the chain's head row until the transaction ends; returns where the chain stands. */
async function lockChainHead(tx: Queryable, chain: string): Promise<{ seq: number; hash: string }> {
  const [head] = await tx.query<{ seq: string | number; hash: string }>(
    `insert into audit_chain_heads (chain, seq, hash) values ($1, 0, $2)
     on conflict (chain) do update set chain = excluded.chain returning seq, hash`,
    [chain, GENESIS_HASH],
  );
  return { seq: Number(head!.seq), hash: head!.hash };
}

/**
 * Appends events of one chain inside the caller's transaction: takes the chain head's lock, links
 * each event to the previous one, inserts them and moves the head. Returns the stored rows.
 */
export async function appendToChain(tx: Transaction, chain: string, inputs: readonly AuditEventInput[]): Promise<AuditEventRow[]> {
  const head = await lockChainHead(tx, chain);
  let { seq, hash } = head;
  const rows: AuditEventRow[] = inputs.map((input) => {
    const base = { ...rowOf(input), chain_seq: ++seq };
    const linked = { ...base, prev_hash: hash, hash: eventHash(hash, base) };
    hash = linked.hash;
    return linked;
  });
  const CHUNK = 500;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const values = COLUMNS.map((column) => (column === 'data' ? JSON.stringify(row.data) : row[column]));
      const start = params.length;
      params.push(...values);
      return `(${values.map((_, k) => `$${start + k + 1}`).join(', ')})`;
    });
    await tx.query(`insert into audit_events (${COLUMNS.join(', ')}) values ${tuples.join(', ')}`, params);
  }
  await tx.query('update audit_chain_heads set seq = $2, hash = $3 where chain = $1', [chain, seq, hash]);
  const sink = tx.auditSink;
  if (sink) tx.afterCommit(() => sink(rows as unknown as Record<string, unknown>[]));
  return rows;
}

/** Writes one audit row with the caller's transaction, so the row and the change commit together. */
export async function recordAuditEvent(tx: Transaction, event: AuditEventInput): Promise<string> {
  const [row] = await appendToChain(tx, chainOf(event.workspaceId), [event]);
  return row!.id;
}
