import { createRequire } from 'node:module';
import type { AuditEventRow } from './audit-store.js';

/** A row about to be linked: everything but its hashes. */
export type UnlinkedRow = Omit<AuditEventRow, 'hash' | 'prev_hash'>;

/** Rows linked into a chain: the COPY text that stores them, and each row's hash. */
export interface LinkedRows {
  text: string;
  hashes: string[];
}

/** Links rows after `headHash` (see workers/audit-chain.cjs); on the event loop or on a thread. */
export type ChainLinker = (headHash: string, rows: readonly UnlinkedRow[]) => LinkedRows | Promise<LinkedRows>;

interface AuditChainModule {
  canonicalJson(value: unknown): string;
  eventHash(prevHash: string, row: UnlinkedRow): string;
  linkRows(headHash: string, rows: readonly UnlinkedRow[]): LinkedRows;
  COLUMNS: readonly string[];
  rowToTuple(row: UnlinkedRow): unknown[];
  splitHashes(joined: string): string[];
}

// `workers/` sits at the package root; this file is two levels down in both src/ and dist/. The
// chain format lives there once, for the event loop and the audit worker thread alike.
const chain = createRequire(import.meta.url)('../../workers/audit-chain.cjs') as AuditChainModule;

/**
 * JSON with object keys sorted at every level: the same value always gives the same text, even
 * after a round trip through jsonb (which reorders keys).
 */
export const canonicalJson = chain.canonicalJson;
/** What the chain hashes for a row: SHA-256 of the previous hash and the row's canonical JSON. */
export const eventHash = chain.eventHash;
/** audit_events columns in the order of the COPY lines. */
export const CHAIN_COLUMNS = chain.COLUMNS;
/** Links on the event loop. */
export const inlineLinker: ChainLinker = chain.linkRows;
/** A row as the audit thread receives it. */
export const rowToTuple = chain.rowToTuple;
/** The audit thread's joined hashes, one per row again. */
export const splitHashes = chain.splitHashes;

/** Rows the event loop links between two turns (≈ 3 µs each here: under a millisecond a slice). */
export const LINK_SLICE_ROWS = 128;

/**
 * Links on the event loop, `sliceRows` at a time, letting waiting requests go between two slices:
 * a flush of a quarter-second of request events never holds the event loop for longer than one
 * slice. The same hashes and text as linking all at once.
 */
export function slicedLinker(sliceRows: number = LINK_SLICE_ROWS): ChainLinker {
  return async (headHash, rows) => {
    if (rows.length <= sliceRows) return chain.linkRows(headHash, rows);
    const texts: string[] = [];
    const hashes: string[] = [];
    let prev = headHash;
    for (let start = 0; start < rows.length; start += sliceRows) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      const linked = chain.linkRows(prev, rows.slice(start, start + sliceRows));
      texts.push(linked.text);
      for (const hash of linked.hashes) hashes.push(hash);
      prev = linked.hashes.at(-1)!;
    }
    return { text: texts.join(''), hashes };
  };
}
