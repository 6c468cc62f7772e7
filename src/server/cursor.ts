import { validationFailed } from '../errors/warden-error.js';
import { isId } from '../lib/ids.js';

/** List cursors are the last row's id, base64url-wrapped so clients treat them as opaque. */
export const encodeCursor = (id: string): string => Buffer.from(id).toString('base64url');

export function decodeCursor(kind: string, cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString();
  if (!isId(kind, id)) throw validationFailed('cursor', 'is not a cursor this endpoint returned');
  return id;
}
