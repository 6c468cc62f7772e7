import { encodeBase62, randomBase62 } from './base62.js';

const TIME_WIDTH = 8; // 62^8 ms ≈ 6,900 years
const RANDOM_WIDTH = 14; // ≈ 83 bits

/**
 * `{kind}_{time}{random}`: ids sort by creation time (lexicographically, base62 is ASCII-ordered),
 * so "newest first" pagination is an index scan on the primary key.
 */
export function newId(kind: string, nowMs: number = Date.now()): string {
  // Ids minted in a row mostly share their kind and millisecond (a batch of request events): the prefix is reused.
  if (nowMs !== lastMs || kind !== lastKind) {
    lastPrefix = `${kind}_${encodeBase62(nowMs, TIME_WIDTH)}`;
    lastMs = nowMs;
    lastKind = kind;
  }
  return lastPrefix + randomBase62(RANDOM_WIDTH);
}

let lastMs = -1;
let lastKind = '';
let lastPrefix = '';

const ID_SHAPE = /^[a-z]{2,5}_[0-9A-Za-z]{22}$/;

export function isId(kind: string, value: string): boolean {
  return value.startsWith(`${kind}_`) && ID_SHAPE.test(value);
}
