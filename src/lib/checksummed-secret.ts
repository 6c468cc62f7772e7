import { crc32 } from 'node:zlib';
import { encodeBase62, randomBase62 } from './base62.js';

/** 32 base62 characters ≈ 190 random bits (≥ 160 required), then a 6-character CRC32 checksum. */
const RANDOM_LENGTH = 32;
const CHECKSUM_LENGTH = 6;

/** CRC32 of everything before the checksum, as 6 base62 characters (GitHub's token scheme). */
export function checksumOf(body: string): string {
  return encodeBase62(crc32(body), CHECKSUM_LENGTH);
}

/** `{prefix}{random}{checksum}`, e.g. `cs_…`: a mistyped secret is refused before any lookup. */
export function generateChecksummedSecret(prefix: string): string {
  const body = prefix + randomBase62(RANDOM_LENGTH);
  return body + checksumOf(body);
}

export function isChecksummedSecret(prefix: string, value: string): boolean {
  if (value.length !== prefix.length + RANDOM_LENGTH + CHECKSUM_LENGTH || !value.startsWith(prefix)) return false;
  if (!/^[0-9A-Za-z]+$/.test(value.slice(prefix.length))) return false;
  const body = value.slice(0, -CHECKSUM_LENGTH);
  return checksumOf(body) === value.slice(-CHECKSUM_LENGTH);
}
