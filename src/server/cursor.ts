import { validationFailed } from '../errors/warden-error.js';
import { isId } from '../lib/ids.js';

/** List cursors are the last row's id, base64url-wrapped so clients treat them as opaque. */
export const encodeCursor = (id: string): string => Buffer.from(id).toString('base64url');

export function decodeCursor(kind: string, cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!isId(kind, id)) throw validationFailed('cursor', 'is not a cursor this endpoint returned');
  return id;
}

/** A page from `limit + 1` rows: the first `limit`, and the cursor (last id) when more follow. */
export function pageOf<Row extends { id: string }>(rows: readonly Row[], limit: number): { items: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? items[items.length - 1]!.id : null };
}
