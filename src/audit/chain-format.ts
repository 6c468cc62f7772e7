// The audit hash chain's format and its COPY rows: what the writers hash is exactly what
// verification recomputes. Its only runtime import is node:crypto.
import { hash } from 'node:crypto';
import type { AuditEventRow } from './audit-store.js';

/** A row about to be linked: everything but its hashes. */
export type UnlinkedRow = Omit<AuditEventRow, 'hash' | 'prev_hash'>;

/** Rows linked into a chain: the COPY text that stores them, and each row's hash. */
export interface LinkedRows {
  text: string;
  hashes: string[];
}

/** A one-shot digest (crypto.hash, Node ≥ 20.12) without a Hash object: the fastest path. */
const sha256Hex = (data: string): string => hash('sha256', data, 'hex');

/**
 * JSON with object keys sorted at every level: the same value always gives the same text, even
 * after a round trip through jsonb (which reorders keys).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item)).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let text = '';
  for (const key of keys) {
    if (record[key] === undefined) continue;
    text += `${text === '' ? '' : ','}${JSON.stringify(key)}:${canonicalJson(record[key])}`;
  }
  return `{${text}}`;
}

const ID_TEXT = /^[A-Za-z0-9_]+$/;

/** Most events carry no data: skip the generic canonicaliser for `{}`. */
function dataJson(data: Record<string, unknown>): string {
  for (const _ in data) return canonicalJson(data);
  return '{}';
}

// A batch's events mostly share their millisecond: remember the last ISO text.
let lastIsoMs = NaN;
let lastIso = '';

/** `created_at` as ISO 8601 text (rows read back may hold it as a Date or a string). */
function isoOf(value: Date | string): string {
  const ms = value instanceof Date ? value.getTime() : new Date(value).getTime();
  if (ms !== lastIsoMs) {
    lastIso = new Date(ms).toISOString();
    lastIsoMs = ms;
  }
  return lastIso;
}

type FieldValue = string | number | null;

// Request events of a batch mostly repeat their fields (the same key, path, address, agent): each
// field remembers its last value and that value's text, so a repeat costs a comparison.
function rememberingLast(encode: (value: FieldValue) => string): (slot: number, value: FieldValue) => string {
  const values: FieldValue[] = [];
  const texts: Array<string | undefined> = [];
  return (slot, value) => {
    if (value === values[slot] && texts[slot] !== undefined) return texts[slot];
    const text = encode(value);
    values[slot] = value;
    texts[slot] = text;
    return text;
  };
}

const jsonOf = rememberingLast(JSON.stringify);

/**
 * The canonical text of an event: every stored field but the hashes, as canonical JSON (keys in
 * sorted order — written out by hand for this fixed shape, the hot path of the request writer).
 * id (base62) and the ISO time need no escaping: JSON.stringify would return them quoted as is.
 */
function eventBody(row: UnlinkedRow, seq: number | null): string {
  const j = jsonOf;
  return `{"actor_id":${j(0, row.actor_id)},"actor_type":${j(1, row.actor_type)},"chain_seq":${seq},` +
    `"created_at":"${isoOf(row.created_at)}","data":${dataJson(row.data)},"endpoint_class":${j(2, row.endpoint_class)},` +
    `"id":${ID_TEXT.test(row.id) ? `"${row.id}"` : JSON.stringify(row.id)},"ip":${j(3, row.ip)},"latency_ms":${j(4, row.latency_ms)},"method":${j(5, row.method)},"path":${j(6, row.path)},` +
    `"status":${j(7, row.status)},"target_id":${j(8, row.target_id)},"target_type":${j(9, row.target_type)},"type":${j(10, row.type)},` +
    `"user_agent":${j(11, row.user_agent)},"workspace_id":${j(12, row.workspace_id)}}`;
}

/** What the chain hashes for a row of its own (security events): SHA-256 of the previous hash and the event. */
export function eventHash(prevHash: string, row: UnlinkedRow): string {
  return sha256Hex(`${prevHash}\n${eventBody(row, Number(row.chain_seq))}`);
}

/** Where eventBody leaves an event's place in its chain when it has none yet. */
const SEQ_SLOT = '"chain_seq":null';

/**
 * eventBody split around the chain_seq value: `before + seq + after` is the body of the event at
 * place `seq`, for a statement that takes the place from the chain head itself and hashes in SQL
 * (audit-event-statement.ts). The slot is found by its first occurrence, which is always the field
 * itself: only actor_id and actor_type come before it, each a JSON string or null, and a quote
 * inside a JSON string is escaped, so no value can hold `"chain_seq":` unescaped.
 */
export function eventBodyAroundSeq(row: UnlinkedRow): [before: string, after: string] {
  const body = eventBody(row, null);
  const at = body.indexOf(SEQ_SLOT);
  return [body.slice(0, at + SEQ_SLOT.length - 4), body.slice(at + SEQ_SLOT.length)];
}

/**
 * An event's own hash inside a batch: SHA-256 of the event with chain_seq null (its place is in
 * the batch's link), so it depends on nothing but the event and can be computed before the chain
 * is locked, on the event loop or on the audit thread.
 */
export function leafHash(row: UnlinkedRow): string {
  return sha256Hex(eventBody(row, null));
}

/** leafHash of each row. */
export function leafHashes(rows: readonly UnlinkedRow[]): string[] {
  const hashes = new Array<string>(rows.length);
  for (let i = 0; i < rows.length; i++) hashes[i] = leafHash(rows[i]!);
  return hashes;
}

/**
 * A batch's link: SHA-256 of the previous link's hash, the batch's place (first chain_seq, count)
 * and the hashes of its events in order. One event is proven part of the chain by its own hash,
 * its batch's other event hashes and the batch's link.
 */
export function batchHash(prevHash: string, seqFrom: number, leafHashes: readonly string[]): string {
  return sha256Hex(`${prevHash}\nbatch ${seqFrom} ${leafHashes.length}\n${leafHashes.join('')}`);
}

/**
 * A format-2 batch's link (migrations/014_request_batch_lines.sql): SHA-256 of the previous link's
 * hash, the batch's place and the SHA-256 of its content (request-batch.ts, linesContent). The
 * append statement computes the same in SQL under the chain lock.
 */
export function linesBatchHash(prevHash: string, seqFrom: number, events: number, contentHash: string): string {
  return sha256Hex(`${prevHash}\nbatch2 ${seqFrom} ${events}\n${contentHash}`);
}

/** SHA-256 (hex) of a format-2 batch's content. */
export const contentHash = (content: string): string => sha256Hex(content);

const COPY_SPECIAL = /[\\\t\n\r]/;
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** One field of a COPY text line: `\N` for null, backslash, tab and line breaks escaped. */
export function copyField(value: FieldValue): string {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return COPY_SPECIAL.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]!) : value;
}

/** audit_events columns in the order of the COPY lines linkRows writes. */
export const COLUMNS = [
  'id', 'workspace_id', 'type', 'actor_type', 'actor_id', 'target_type', 'target_id', 'ip', 'method', 'path', 'status',
  'latency_ms', 'endpoint_class', 'user_agent', 'data', 'created_at', 'chain_seq', 'prev_hash', 'hash',
] as const satisfies ReadonlyArray<keyof AuditEventRow>;

const copyOf = rememberingLast(copyField);

/** The row as one line of COPY text, fields in COLUMNS order (id, time, sequence, hashes are plain ASCII). */
function copyLine(row: UnlinkedRow, prevHash: string, hash: string): string {
  const f = copyOf;
  return `${ID_TEXT.test(row.id) ? row.id : copyField(row.id)}\t${f(0, row.workspace_id)}\t${f(1, row.type)}\t${f(2, row.actor_type)}\t${f(3, row.actor_id)}\t` +
    `${f(4, row.target_type)}\t${f(5, row.target_id)}\t${f(6, row.ip)}\t${f(7, row.method)}\t${f(8, row.path)}\t${f(9, row.status)}\t` +
    `${f(10, row.latency_ms)}\t${f(11, row.endpoint_class)}\t${f(12, row.user_agent)}\t${copyField(dataJson(row.data))}\t` +
    `${isoOf(row.created_at)}\t${row.chain_seq}\t${prevHash}\t${hash}\n`;
}

/**
 * Links rows (in chain_seq order, following `headHash`) into the chain: each one's hash, and the
 * COPY text that stores them (hashes[i] is rows[i]'s).
 */
export function linkRows(headHash: string, rows: readonly UnlinkedRow[]): LinkedRows {
  const hashes = new Array<string>(rows.length);
  let prev = headHash;
  let text = '';
  for (let i = 0; i < rows.length; i++) {
    const hash = eventHash(prev, rows[i]!);
    text += copyLine(rows[i]!, prev, hash);
    hashes[i] = hash;
    prev = hash;
  }
  return { text, hashes };
}
