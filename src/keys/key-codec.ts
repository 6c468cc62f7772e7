import { crc32 } from 'node:zlib';
import { decodeBase62, isBase62, randomBase62 } from '../lib/base62.js';
import { checksumOf } from '../lib/checksummed-secret.js';
import type { CredentialEnvironment } from '../auth/environments.js';

/** A key's environment is a credential environment (auth/environments.ts). */
export type KeyEnvironment = CredentialEnvironment;

/**
 * `env`: `{prefix}_{env}_{type_}{random}{checksum}` (seeds 000, 002, 004). `flat`:
 * `{prefix}_{type_}{random}{checksum}` with 44 characters after the head (seed 001's `bsk_` + 44):
 * the environment is then a property of the stored key, not of its text.
 */
export type KeyLayout = 'env' | 'flat';

export interface KeyFormat {
  /** Deployment prefix, e.g. `wk` or `bk`. */
  prefix: string;
  /** Optional type segment, e.g. `sk`; empty for none. */
  type: string;
  /** How new keys are written (default `env`); keys of either layout are accepted. */
  layout?: KeyLayout;
}

/** 32 base62 characters ≈ 190 random bits (≥ 160 required). */
export const RANDOM_LENGTH = 32;
/** Flat keys: 38 random characters (≈ 226 bits) + the checksum = seed 001's 44 characters. */
export const FLAT_RANDOM_LENGTH = 38;
export const CHECKSUM_LENGTH = 6;
const DISPLAY_RANDOM_CHARS = 4;

export interface GeneratedKey {
  key: string;
  displayPrefix: string;
  environment: KeyEnvironment;
}

export interface ParsedKey {
  /** From the text of an `env` key; null for a `flat` key (its environment is stored with it). */
  environment: KeyEnvironment | null;
  displayPrefix: string;
}

function head(format: KeyFormat, environment: KeyEnvironment): string {
  return format.type ? `${format.prefix}_${environment}_${format.type}_` : `${format.prefix}_${environment}_`;
}

function flatHead(format: KeyFormat): string {
  return format.type ? `${format.prefix}_${format.type}_` : `${format.prefix}_`;
}

export { checksumOf };

export function generateApiKey(format: KeyFormat, environment: KeyEnvironment): GeneratedKey {
  const flat = format.layout === 'flat';
  const keyHead = flat ? flatHead(format) : head(format, environment);
  const body = keyHead + randomBase62(flat ? FLAT_RANDOM_LENGTH : RANDOM_LENGTH);
  const key = body + checksumOf(body);
  return { key, environment, displayPrefix: key.slice(0, keyHead.length + DISPLAY_RANDOM_CHARS) };
}

interface FormatHeads {
  live: string;
  test: string;
  length: number;
  flat: string;
  flatLength: number;
}

// parseApiKey runs on every request: build the two expected heads once per format.
const headsByFormat = new WeakMap<KeyFormat, FormatHeads>();

function headsOf(format: KeyFormat): FormatHeads {
  let heads = headsByFormat.get(format);
  if (!heads) {
    heads = {
      live: head(format, 'live'),
      test: head(format, 'test'),
      length: head(format, 'live').length + RANDOM_LENGTH + CHECKSUM_LENGTH,
      flat: flatHead(format),
      flatLength: flatHead(format).length + FLAT_RANDOM_LENGTH + CHECKSUM_LENGTH,
    };
    headsByFormat.set(format, heads);
  }
  return heads;
}

/**
 * Checks shape and checksum without any lookup: a mistyped, truncated or foreign key is
 * rejected here, before the cache or the database is asked. Returns null when invalid. Both
 * layouts are accepted whichever one the deployment writes (their lengths differ by one), so
 * keys issued before a change of `WARDEN_KEY_FORMAT` keep working.
 */
export function parseApiKey(key: string, format: KeyFormat): ParsedKey | null {
  const heads = headsOf(format);
  let environment: KeyEnvironment | null;
  let headLength: number;
  if (key.length === heads.length) {
    environment = key.startsWith(heads.live) ? 'live' : key.startsWith(heads.test) ? 'test' : null;
    if (environment === null) return null;
    headLength = heads.live.length; // live and test heads have the same length
  } else if (key.length === heads.flatLength && key.startsWith(heads.flat)) {
    environment = null;
    headLength = heads.flat.length;
  } else {
    return null;
  }
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

/** The regular expression secret scanners can use to find the keys this deployment writes. */
export function apiKeyPattern(format: KeyFormat): string {
  const type = format.type ? `${format.type}_` : '';
  if (format.layout === 'flat') return `\\b${format.prefix}_${type}[0-9A-Za-z]{${FLAT_RANDOM_LENGTH + CHECKSUM_LENGTH}}\\b`;
  return `\\b${format.prefix}_(?:live|test)_${type}[0-9A-Za-z]{${RANDOM_LENGTH + CHECKSUM_LENGTH}}\\b`;
}
