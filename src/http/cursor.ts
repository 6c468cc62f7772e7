import { validationFailed } from '../errors/warden-error.js';
import { isId } from '../lib/ids.js';

/** List cursors are the last row's id, base64url-wrapped so clients treat them as opaque. */
export const encodeCursor = (id: string): string => Buffer.from(id).toString('base64url');

export function decodeCursor(kind: string, cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!isId(kind, id)) throw validationFailed('cursor', 'is not a cursor this endpoint returned');
  return id;
}

const DEFAULT_PAGE_SIZE = 20;

/** A list route's `?limit=&cursor=`: how many rows, and after which id (the cursor's, checked to be a `kind` id). */
export function pageRequestOf(query: { limit?: string | undefined; cursor?: string | undefined }, kind: string): { limit: number; afterId: string | undefined } {
  return {
    limit: query.limit === undefined ? DEFAULT_PAGE_SIZE : Number(query.limit),
    afterId: query.cursor ? decodeCursor(kind, query.cursor) : undefined,
  };
}

/** A list route's answer: the page, and the opaque cursor of the next one (null on the last page). */
export function pageAnswerOf<Item>(data: Item[], nextCursor: string | null): { data: Item[]; next_cursor: string | null } {
  return { data, next_cursor: nextCursor ? encodeCursor(nextCursor) : null };
}
