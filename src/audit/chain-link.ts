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
