import type { Queryable, Transaction } from '../store/database.js';
import type { RequestContext } from '../auth/principal.js';
import { newId } from '../lib/ids.js';
import { CHAIN_COLUMNS, eventHash, inlineLinker, type ChainLinker } from './chain-link.js';

export { eventHash };

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

/** The commit-notice topic on which the store announces committed audit rows (the live stream listens: Database.onCommitted). */
export const AUDIT_COMMITTED_TOPIC = 'audit.committed';

/** The chain a workspace's events belong to ('' for account-level events). */
export const chainOf = (workspaceId: string | null): string => workspaceId ?? '';

/** An event as a row, before it has a place in the chain (chain_seq and hashes are set when appended). */
export type NewEventRow = Omit<AuditEventRow, 'chain_seq' | 'prev_hash' | 'hash'> & { chain_seq: null; prev_hash: null; hash: null };

/** The row for an event (its place in the chain and its hashes are filled in by appendRows). */
export function rowOf(event: AuditEventInput): NewEventRow {
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
    chain_seq: null,
    prev_hash: null,
    hash: null,
  };
}

/** Locks the chain's head row until the transaction ends; returns where the chain stands. */
export async function lockChainHead(tx: Queryable, chain: string): Promise<{ seq: number; hash: string }> {
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
export function appendToChain(
  tx: Transaction,
  chain: string,
  inputs: readonly AuditEventInput[],
  link: ChainLinker = inlineLinker,
): Promise<AuditEventRow[]> {
  return appendRows(tx, chain, inputs.map(rowOf), link);
}

/** appendToChain for rows already built (the request writer makes them straight from what it captured). */
export async function appendRows(
  tx: Transaction,
  chain: string,
  newRows: readonly NewEventRow[],
  link: ChainLinker = inlineLinker,
): Promise<AuditEventRow[]> {
  const head = await lockChainHead(tx, chain);
  const rows = newRows as unknown as AuditEventRow[];
  rows.forEach((row, i) => {
    row.chain_seq = head.seq + 1 + i;
  });
  if (rows.length === 1) {
    // One change (the usual audited mutation): hashed here, and the row and the head move in one
    // round trip.
    const row = rows[0]!;
    row.prev_hash = head.hash;
    row.hash = eventHash(head.hash, row);
    const values = CHAIN_COLUMNS.map((column) => (column === 'data' ? JSON.stringify(row.data) : row[column as keyof AuditEventRow]));
    await tx.query(
      `with inserted as (insert into audit_events (${CHAIN_COLUMNS.join(', ')}) values (${CHAIN_COLUMNS.map((_, i) => `$${i + 4}`).join(', ')}))
       update audit_chain_heads set seq = $2, hash = $3 where chain = $1`,
      [chain, row.chain_seq, row.hash, ...values],
    );
  } else {
    // A batch: hashes and COPY text from `link` (the audit thread for request events). COPY is
    // PostgreSQL's cheapest way in for many rows (measured: about half the server CPU per row of
    // unpacking one JSON parameter with jsonb_populate_recordset).
    const { text, hashes } = await link(head.hash, rows);
    rows.forEach((row, i) => {
      row.prev_hash = i === 0 ? head.hash : hashes[i - 1]!;
      row.hash = hashes[i]!;
    });
    await tx.copyRows('audit_events', CHAIN_COLUMNS, text);
    await tx.query('update audit_chain_heads set seq = $2, hash = $3 where chain = $1', [chain, head.seq + rows.length, rows.at(-1)?.hash ?? head.hash]);
  }
  tx.notifyOnCommit(AUDIT_COMMITTED_TOPIC, rows as unknown as Record<string, unknown>[]);
  return rows;
}
