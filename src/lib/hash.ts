import { createHash } from 'node:crypto';
import * as crypto from 'node:crypto';

type HashFn = (algorithm: string, data: string, encoding: 'hex') => string;
// crypto.hash (Node >= 20.12) is a one-shot digest without the Hash object: the fastest path.
const oneShot = (crypto as unknown as { hash?: HashFn }).hash;

export function sha256Hex(data: string): string {
  if (oneShot) return oneShot('sha256', data, 'hex');
  return createHash('sha256').update(data).digest('hex');
}
