import { sha256Hex } from '../lib/hash.js';
import { buildIpAllowList } from '../lib/cidr.js';
import type { Clock } from '../lib/clock.js';
import type { Database } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import { InvalidatingCache, keysListedUnder } from '../store/invalidating-cache.js';
import type { TouchBatcher } from '../store/touch-batcher.js';
import { ScopeSet } from '../auth/scopes.js';
import { parseApiKey, type KeyEnvironment, type KeyFormat } from './key-codec.js';
import { findKeyBySecretHash, type KeyBySecretRow } from './key-store.js';

export const KEY_INVALIDATION_CHANNEL = 'keys.invalidate';

/** What the hot path needs to decide about a key, pre-parsed once per cache fill. */
export interface VerifiedKey {
  id: string;
  workspaceId: string;
  name: string;
  environment: KeyEnvironment;
  scopes: ScopeSet;
  rateLimit: number | null;
  metadata: Record<string, unknown>;
  expiresAtMs: number | null;
  /** The earlier of the key's revocation and this secret's retirement (rotation). */
  deadAtMs: number | null;
  ipAllowed: ((ip: string) => boolean) | null;
}

/** The caller's address, or a function giving it: only keys with `allowed_ips` need it, so it is worked out lazily. */
export type ClientIp = string | null | (() => string | null);

export type KeyFailureCode = 'invalid_key' | 'key_revoked' | 'key_expired' | 'ip_not_allowed';

/** Outcomes are data: a wrong key is a value, only a broken store throws. */
export type KeyCheck = { valid: true; key: VerifiedKey } | { valid: false; code: KeyFailureCode; key?: VerifiedKey };

const UNKNOWN = Symbol('unknown key');
type Entry = VerifiedKey | typeof UNKNOWN;

export interface KeyVerifierOptions {
  db: Database;
  bus: Bus;
  clock: Clock;
  format: KeyFormat;
  touches: TouchBatcher;
  cacheTtlSeconds: number;
  cacheMaxEntries: number;
  negativeTtlSeconds: number;
}

function toVerifiedKey(row: KeyBySecretRow): VerifiedKey {
  // A revoked key is dead whatever the clock says (a clock stepping back must not revive it);
  // a rotated-away secret dies at the end of its grace period.
  const dead = row.revoked_at ? Number.NEGATIVE_INFINITY : row.secret_retired_at?.getTime() ?? null;
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    environment: row.environment,
    scopes: new ScopeSet(row.scopes),
    rateLimit: row.rate_limit,
    metadata: row.metadata,
    expiresAtMs: row.expires_at?.getTime() ?? null,
    deadAtMs: dead,
    ipAllowed: row.allowed_ips.length > 0 ? buildIpAllowList(row.allowed_ips) : null,
  };
}

export class KeyVerifier {
  private readonly cache: InvalidatingCache<Entry>;

  constructor(private readonly options: KeyVerifierOptions) {
    this.cache = new InvalidatingCache<Entry>({
      maxEntries: options.cacheMaxEntries,
      ttlSeconds: options.cacheTtlSeconds,
      load: async (hash) => {
        const row = await findKeyBySecretHash(options.db, hash);
        return row ? toVerifiedKey(row) : UNKNOWN;
      },
      // An unknown hash is remembered only briefly (WARDEN_NEGATIVE_CACHE_TTL_SECONDS; 0: not at all).
      ttlSecondsOf: (entry) => (entry === UNKNOWN ? options.negativeTtlSeconds : undefined),
      shareConcurrentLoads: true,
      bus: options.bus,
      channel: KEY_INVALIDATION_CHANNEL,
      keysOf: keysListedUnder('hashes'),
    });
  }

  /**
   * SHA-256 → cache → checks; on a miss, parse → checksum → database. Synchronous when the key is
   * cached (the hot path touches no database); a Promise only on a cache miss. That synchronous
   * answer is what Authenticator.check's from-memory answer is made of (why it is kept: see there).
   * The cache holds only hashes of keys that parsed (a load comes after the parse), so a hit needs
   * no parse or checksum: the same hash is the same, well-formed key.
   */
  verify(key: string, ip: ClientIp): KeyCheck | Promise<KeyCheck> {
    const hash = sha256Hex(key);
    const cached = this.cache.get(hash);
    if (cached !== undefined) return this.check(cached, ip);
    if (!parseApiKey(key, this.options.format)) return { valid: false, code: 'invalid_key' };
    return this.cache.load(hash).then((entry) => this.check(entry, ip));
  }

  /**
   * The key behind a secret's hash as it stands now — revoked, rotated out, expired or live, with
   * its current scopes — without counting a use and without the IP check (a key's allowed_ips
   * never change): a live stream's re-check.
   */
  async status(hash: string): Promise<KeyCheck> {
    const entry = this.cache.get(hash) ?? (await this.cache.load(hash));
    return entry === UNKNOWN ? { valid: false, code: 'invalid_key' } : this.ended(entry, this.options.clock.nowMs()) ?? { valid: true, key: entry };
  }

  /** Revoked, rotated out or expired → that failure; null: alive. */
  private ended(entry: VerifiedKey, nowMs: number): Extract<KeyCheck, { valid: false }> | null {
    if (entry.deadAtMs !== null && entry.deadAtMs <= nowMs) return { valid: false, code: 'key_revoked', key: entry };
    if (entry.expiresAtMs !== null && entry.expiresAtMs <= nowMs) return { valid: false, code: 'key_expired', key: entry };
    return null;
  }

  private check(entry: Entry, clientIp: ClientIp): KeyCheck {
    if (entry === UNKNOWN) return { valid: false, code: 'invalid_key' };
    const nowMs = this.options.clock.nowMs();
    const ended = this.ended(entry, nowMs);
    if (ended) return ended;
    if (entry.ipAllowed) {
      const ip = typeof clientIp === 'function' ? clientIp() : clientIp;
      if (ip === null || !entry.ipAllowed(ip)) return { valid: false, code: 'ip_not_allowed', key: entry };
    }
    this.options.touches.touch(entry.id, nowMs);
    return { valid: true, key: entry };
  }

  close(): void {
    this.cache.close();
  }
}
