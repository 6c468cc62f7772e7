import { COLUMNS, leafHashes, linkRows, type LinkedRows, type UnlinkedRow } from './chain-format.js';

export { batchHash, canonicalJson, contentHash, eventHash, leafHash, leafHashes, linesBatchHash, type LinkedRows, type UnlinkedRow } from './chain-format.js';

/** Links rows after `headHash` (the format: chain-format.ts); on the event loop or on a thread. */
export type ChainLinker = (headHash: string, rows: readonly UnlinkedRow[]) => LinkedRows | Promise<LinkedRows>;

/** audit_events columns in the order of the COPY lines. */
export const CHAIN_COLUMNS: readonly string[] = COLUMNS;
/** Links on the event loop, all at once (a ChainLinker that answers synchronously). */
export const inlineLinker: (headHash: string, rows: readonly UnlinkedRow[]) => LinkedRows = linkRows;

/** Rows the event loop links between two turns (≈ 3 µs each here: under a millisecond a slice). */
export const LINK_SLICE_ROWS = 128;

/**
 * Links on the event loop, `sliceRows` at a time, letting waiting requests go between two slices:
 * a flush of a quarter-second of request events never holds the event loop for longer than one
 * slice. The same hashes and text as linking all at once.
 */
export function slicedLinker(sliceRows: number = LINK_SLICE_ROWS): ChainLinker {
  return async (headHash, rows) => {
    if (rows.length <= sliceRows) return linkRows(headHash, rows);
    const texts: string[] = [];
    const hashes: string[] = [];
    let prev = headHash;
    for (let start = 0; start < rows.length; start += sliceRows) {
      if (start > 0) await new Promise((resolve) => setImmediate(resolve));
      const linked = linkRows(prev, rows.slice(start, start + sliceRows));
      texts.push(linked.text);
      for (const hash of linked.hashes) hashes.push(hash);
      prev = linked.hashes.at(-1)!;
    }
    return { text: texts.join(''), hashes };
  };
}
