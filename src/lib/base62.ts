import { randomFillSync } from 'node:crypto';

export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BASE62_CHAR = /^[0-9A-Za-z]*$/;

// CSPRNG bytes are drawn in 8 KiB refills (as Node's randomUUID does): a small randomBytes()
// call per id costs microseconds, and ids are minted on hot paths (every audited request).
const POOL_BYTES = 8192;
const pool = Buffer.alloc(POOL_BYTES);
let poolOffset = POOL_BYTES;

function nextRandomByte(): number {
  if (poolOffset === POOL_BYTES) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  return pool[poolOffset++]!;
}

/** Uniformly random base62 string: rejection sampling keeps every character equally likely. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    const byte = nextRandomByte();
    // Each byte is used once and never again: the pool is consumed, not reread.
    if (byte < 248) out += BASE62_ALPHABET[byte % 62];
  }
  return out;
}

/** Fixed-width base62 of a non-negative integer (left-padded with '0'). */
export function encodeBase62(value: number, width: number): string {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('value must be a non-negative safe integer');
  let out = '';
  let rest = value;
  do {
    out = BASE62_ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  if (out.length > width) throw new RangeError(`value does not fit in ${width} base62 characters`);
  return out.padStart(width, '0');
}

export function isBase62(text: string): boolean {
  return BASE62_CHAR.test(text);
}

/** Inverse of encodeBase62 for up to 8 characters; null when a character is not base62. */
export function decodeBase62(text: string): number | null {
  let value = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let digit: number;
    if (code >= 48 && code <= 57) digit = code - 48; // 0-9
    else if (code >= 65 && code <= 90) digit = code - 55; // A-Z
    else if (code >= 97 && code <= 122) digit = code - 61; // a-z
    else return null;
    value = value * 62 + digit;
  }
  return value;
}
