import type { NamedStatement, Queryable } from '../store/database.js';
import { AUDIT_COMMITTED_TOPIC, chainOf, GENESIS_HASH, rowOf, type AuditEventInput, type AuditEventRow } from './audit-store.js';
import { eventBodyAroundSeq } from './chain-format.js';

/**
 * A change and its audit event in ONE statement (one round trip, and no BEGIN/COMMIT: a single
 * statement is atomic). The other domains keep their own SQL and ask for the audit part here:
 *
 *   const INSERT_THING = auditedStatement('thing_insert', 2, (audit) =>
 *     `with ${audit.ctes},
 *           thing as (insert into things (id, name) select $1, $2 from audit_link)
 *      select ${audit.columns} from audit_link`);
 *   await writeAudited(db, INSERT_THING, [id, name], { type: 'thing.created', … });
 *
 * `audit.ctes` locks the chain head (`for update`), moves it one place, and inserts the event with
 * the hash verification recomputes, SHA-256(prev_hash + "\n" + canonical event), computed by
 * PostgreSQL's sha256() over the canonical text built here around the place the head gives
 * (chain-format.ts eventBodyAroundSeq). It names `audit_link`, one row (seq, prev_hash, hash) when
 * the event is written and none when the chain has no head yet: the caller's writes select FROM
 * audit_link (or from a CTE that does), so without the event nothing of the change is written
 * either; writeAudited then creates the head and runs the statement again.
 */
export interface AuditCtes {
  /** CTEs to put after `with` (comma-separated, no trailing comma); the last one is `audit_event`. */
  ctes: string;
  /** The select list that reads the event's place: `select ${columns} from audit_link` ends the statement. */
  columns: string;
}

/** What a statement built on AuditCtes can run on: a database (the statement commits on its own) or a transaction. */
export interface AuditedWriter extends Queryable {
  notifyOnCommit(topic: string, items: readonly Record<string, unknown>[]): void;
}

const EVENT_COLUMNS = [
  ['id', 'text'], ['workspace_id', 'text'], ['type', 'text'], ['actor_type', 'text'], ['actor_id', 'text'], ['target_type', 'text'],
  ['target_id', 'text'], ['ip', 'text'], ['method', 'text'], ['path', 'text'], ['status', 'integer'], ['latency_ms', 'integer'],
  ['endpoint_class', 'text'], ['user_agent', 'text'], ['data', 'jsonb'], ['created_at', 'timestamptz'],
] as const satisfies ReadonlyArray<readonly [keyof AuditEventRow, string]>;

/** The audit CTEs with their parameters from $(offset + 1): chain, body before and after chain_seq, then EVENT_COLUMNS. */
function auditCtesAt(offset: number): AuditCtes {
  const p = (i: number): string => `$${offset + i}`;
  return {
    ctes: `audit_head as (select seq, hash from audit_chain_heads where chain = ${p(1)}::text for update),
     audit_link as (
       update audit_chain_heads h
          set seq = audit_head.seq + 1,
              hash = encode(sha256(convert_to(audit_head.hash || E'\\n' || ${p(2)}::text || (audit_head.seq + 1)::text || ${p(3)}::text, 'UTF8')), 'hex')
         from audit_head
        where h.chain = ${p(1)}::text
       returning h.seq, audit_head.hash as prev_hash, h.hash),
     audit_event as (
       insert into audit_events (${EVENT_COLUMNS.map(([name]) => name).join(', ')}, chain_seq, prev_hash, hash)
       select ${EVENT_COLUMNS.map(([, type], i) => `${p(i + 4)}::${type}`).join(', ')}, audit_link.seq, audit_link.prev_hash, audit_link.hash
         from audit_link)`,
    columns: 'audit_link.seq as audit_seq, audit_link.prev_hash as audit_prev_hash, audit_link.hash as audit_hash',
  };
}

/** A statement built on AuditCtes: a named statement (parsed once, run by name) and how many parameters are the caller's. */
export interface AuditedStatement extends NamedStatement {
  readonly params: number;
}

/**
 * The caller's statement with the audit part: `sql` gets the audit CTEs (their parameters follow
 * the caller's `params`) and returns the whole text. Make it once, as a module constant.
 */
export function auditedStatement(name: string, params: number, sql: (audit: AuditCtes) => string): AuditedStatement {
  return { name, text: sql(auditCtesAt(params)), params };
}

export interface AuditedResult<Row> {
  /** The statement's first row (it has exactly one: `… from audit_link`). */
  row: Row;
  /** The audit event as stored. */
  event: AuditEventRow;
}

/**
 * Runs the caller's statement (its parameters are $1…$n, the audit part's follow) with the audit
 * event written in it; announces the event to the live stream once committed (at once on a
 * database; at commit in a transaction).
 */
export async function writeAudited<Row extends Record<string, unknown>>(
  db: AuditedWriter,
  statement: AuditedStatement,
  params: readonly unknown[],
  event: AuditEventInput,
): Promise<AuditedResult<Row>> {
  if (params.length !== statement.params) throw new Error(`${statement.name} takes ${statement.params} parameters, not ${params.length}`);
  const row = rowOf(event);
  const chain = chainOf(event.workspaceId);
  const [before, after] = eventBodyAroundSeq(row);
  const all = [...params, chain, before, after, ...EVENT_COLUMNS.map(([name]) => (name === 'data' ? JSON.stringify(row.data) : row[name]))];
  let [result] = await db.query<Row & { audit_seq: string | number; audit_prev_hash: string; audit_hash: string }>(statement, all);
  if (!result) {
    // The chain's first event: no head to lock yet, so nothing was written. Create it and go again.
    await db.query('insert into audit_chain_heads (chain, seq, hash) values ($1, 0, $2) on conflict (chain) do nothing', [chain, GENESIS_HASH]);
    [result] = await db.query<Row & { audit_seq: string | number; audit_prev_hash: string; audit_hash: string }>(statement, all);
    if (!result) throw new Error(`audit chain head of '${chain}' missing`);
  }
  const stored = row as unknown as AuditEventRow;
  stored.chain_seq = Number(result.audit_seq);
  stored.prev_hash = result.audit_prev_hash;
  stored.hash = result.audit_hash;
  db.notifyOnCommit(AUDIT_COMMITTED_TOPIC, [stored as unknown as Record<string, unknown>]);
  return { row: result, event: stored };
}

/** An event that is the whole change (a failed login): the audit part alone. */
const EVENT_ALONE = auditedStatement('warden_audit_event_alone', 0, (audit) => `with ${audit.ctes} select ${audit.columns} from audit_link`);

/**
 * Records an event that comes with no other write, in one statement of its own (no transaction:
 * one statement is atomic): the chain head's lock, the row, the head's move.
 */
export async function recordAuditEventAlone(db: AuditedWriter, event: AuditEventInput): Promise<AuditEventRow> {
  return (await writeAudited(db, EVENT_ALONE, [], event)).event;
}
