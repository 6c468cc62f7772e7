import { crc32 } from 'node:zlib';
import { decodeBase62, isBase62, randomBase62 } from '../lib/base62.js';
import { checksumOf } from '../lib/checksummed-secret.js';

export type KeyEnvironment = 'live' | 'test';

export interface KeyFormat {
  /** Deployment prefix, e.g. `wk` or `bk`. */
  prefix: string;
  /** Optional type segment, e.g. `sk`; empty for none. */
  type: string;
}

/** 32 base62 characters ≈ 190 random bits (≥ 160 required). */
export const RANDOM_LENGTH = 32;
export const CHECKSUM_LENGTH = 6;
const DISPLAY_RANDOM_CHARS = 4;

export interface GeneratedKey {
  key: string;
  displayPrefix: string;
  environment: KeyEnvironment;
}

export interface ParsedKey {
  environment: KeyEnvironment;
  displayPrefix: string;
}

function head(format: KeyFormat, environment: KeyEnvironment): string {
  return format.type ? `${format.prefix}_${environment}_${format.type}_` : `${format.prefix}_${environment}_`;
}

export { checksumOf };

export function generateApiKey(format: KeyFormat, environment: KeyEnvironment): GeneratedKey {
  const body = head(format, environment) + randomBase62(RANDOM_LENGTH);
  const key = body + checksumOf(body);
  return { key, environment, displayPrefix: displayPrefixOf(key, format, environment) };
}

function displayPrefixOf(key: string, format: KeyFormat, environment: KeyEnvironment): string {
  return key.slice(0, head(format, environment).length + DISPLAY_RANDOM_CHARS);
}

interface FormatHeads {
  live: string;
  test: string;
  length: number;
}

// parseApiKey runs on every request: build the two expected heads once per format.
const headsByFormat = new WeakMap<KeyFormat, FormatHeads>();

function headsOf(format: KeyFormat): FormatHeads {
  let heads = headsByFormat.get(format);
  if (!heads) {
    heads = { live: head(format, 'live'), test: head(format, 'test'), length: head(format, 'live').length + RANDOM_LENGTH + CHECKSUM_LENGTH };
    headsByFormat.set(format, heads);
  }
  return heads;
}

/**
 * Checks shape and checksum without any lookup: a mistyped, truncated or foreign key is
 * rejected here, before the cache or the database is asked. Returns null when invalid.
 */
export function parseApiKey(key: string, format: KeyFormat): ParsedKey | null {
  const heads = headsOf(format);
  if (key.length !== heads.length) return null;
  const environment: KeyEnvironment | null = key.startsWith(heads.live) ? 'live' : key.startsWith(heads.test) ? 'test' : null;
  if (environment === null) return null;
  const headLength = heads.live.length; // live and test heads have the same length
  if (!isBase62(key.slice(headLength))) return null;
  // Compare numbers, not strings: no per-request encoding of the checksum.
  const bodyLength = key.length - CHECKSUM_LENGTH;
  if (decodeBase62(key.slice(bodyLength)) !== crc32(key.slice(0, bodyLength))) return null;
  return { environment, displayPrefix: key.slice(0, headLength + DISPLAY_RANDOM_CHARS) };
}

/** True when the string starts like a key of this deployment (so errors can say `invalid_key`). */
export function looksLikeApiKey(candidate: string, format: KeyFormat): boolean {
  return candidate.startsWith(`${format.prefix}_`);
}

/** The regular expression secret scanners can use to find this deployment's keys. */
export function apiKeyPattern(format: KeyFormat): string {
  const type = format.type ? `${format.type}_` : '';
  return `\\b${format.prefix}_(?:live|test)_${type}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}\\b`;
}
