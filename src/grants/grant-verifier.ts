import type { Clock } from '../lib/clock.js';
import type { Database } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import { InvalidatingCache, keysListedUnder } from '../store/invalidating-cache.js';
import { findGrant, type GrantRow } from './grant-store.js';

export const GRANT_INVALIDATION_CHANNEL = 'grants.invalidate';

/** Drops grants from every process's cache, so their tokens are refused at once. */
export async function invalidateGrants(bus: Bus, ids: readonly string[]): Promise<void> {
  if (ids.length > 0) await bus.publish(GRANT_INVALIDATION_CHANNEL, { ids });
}

export interface GrantVerifierOptions {
  db: Database;
  bus: Bus;
  clock: Clock;
  cacheTtlSeconds: number;
  cacheMaxEntries: number;
}

const UNKNOWN = Symbol('unknown grant');
type Entry = GrantRow | typeof UNKNOWN;

/**
 * The grant (`sid`) behind a machine token: a client's or agent's current grant, or a key
 * exchange session. Cached like keys: synchronous when known, invalidated through the bus.
 */
export class GrantVerifier {
  private readonly cache: InvalidatingCache<Entry>;

  constructor(private readonly options: GrantVerifierOptions) {
    this.cache = new InvalidatingCache<Entry>({
      maxEntries: options.cacheMaxEntries,
      ttlSeconds: options.cacheTtlSeconds,
      load: async (id) => (await findGrant(options.db, id)) ?? UNKNOWN,
      bus: options.bus,
      channel: GRANT_INVALIDATION_CHANNEL,
      keysOf: keysListedUnder('ids'),
    });
  }

  /**
   * The grant if it is live for a token with this subject and jti; null otherwise. Synchronous when
   * cached: part of Authenticator.check's from-memory answer (why: see there).
   */
  live(id: string, subjectId: string, jti: string): GrantRow | null | Promise<GrantRow | null> {
    const cached = this.cache.get(id);
    // A cached exchange session with another jti may just be older than a re-issue on another instance: look again.
    if (cached !== undefined && !(cached !== UNKNOWN && cached.jti !== null && cached.jti !== jti)) return this.check(cached, subjectId, jti);
    return this.cache.load(id).then((entry) => this.check(entry, subjectId, jti));
  }

  private check(entry: Entry, subjectId: string, jti: string): GrantRow | null {
    if (entry === UNKNOWN || entry.revoked_at !== null || entry.subject_id !== subjectId) return null;
    // A key exchange session re-issues with a new jti once its token expired: only that one counts.
    if (entry.jti !== null && entry.jti !== jti) return null;
    if (entry.expires_at !== null && entry.expires_at.getTime() <= this.options.clock.nowMs()) return null;
    return entry;
  }

  close(): void {
    this.cache.close();
  }
}
