import { BUS_RESYNC_CHANNEL, type Bus } from '../store/bus/bus.js';
import { KEY_INVALIDATION_CHANNEL } from '../keys/key-verifier.js';
import { SESSION_INVALIDATION_CHANNEL } from '../sessions/session-verifier.js';
import { GRANT_INVALIDATION_CHANNEL } from '../grants/grant-verifier.js';
import { TOKEN_REVOCATION_CHANNEL } from '../tokens/token-deny-list.js';
import { CLIENT_INVALIDATION_CHANNEL } from '../oauth/client-service.js';

/**
 * One invalidation as a service outside Warden can match it against what it cached:
 * `credential_hashes` are SHA-256 (hex) of credential secrets (API keys — every secret of a
 * revoked, rotated or changed key — and session tokens); `session_ids` / `grant_ids` are the `sid`
 * of access tokens; `jtis` single revoked access tokens; `principal_ids` OAuth clients changed.
 * `flush`: something may have been missed (the bus resynchronised): drop everything.
 */
export type Invalidation =
  | { kind: 'invalidate'; credential_hashes?: string[]; session_ids?: string[]; grant_ids?: string[]; jtis?: string[]; principal_ids?: string[] }
  | { kind: 'flush'; reason: string };

export type InvalidationListener = (invalidation: Invalidation) => void;

const stringsOf = (message: unknown, field: string): string[] => {
  const value = (message as Record<string, unknown> | null)?.[field];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
};

/**
 * Every credential invalidation the bus carries (here, and from other instances over Redis),
 * translated once for the open invalidation streams. Session invalidations name token hashes;
 * the feed also looks up their session ids, which is what access tokens carry.
 */
export class InvalidationFeed {
  private readonly listeners = new Set<InvalidationListener>();
  private readonly unsubscribes: (() => void)[];

  constructor(bus: Bus, private readonly sessionIdsOf: (hashes: readonly string[]) => Promise<string[]>, private readonly onError: (error: unknown) => void) {
    this.unsubscribes = [
      bus.subscribe(KEY_INVALIDATION_CHANNEL, (message) => this.emitList('credential_hashes', stringsOf(message, 'hashes'))),
      bus.subscribe(SESSION_INVALIDATION_CHANNEL, (message) => this.sessionsEnded(stringsOf(message, 'hashes'))),
      bus.subscribe(GRANT_INVALIDATION_CHANNEL, (message) => this.emitList('grant_ids', stringsOf(message, 'ids'))),
      bus.subscribe(CLIENT_INVALIDATION_CHANNEL, (message) => this.emitList('principal_ids', stringsOf(message, 'ids'))),
      bus.subscribe(TOKEN_REVOCATION_CHANNEL, (message) => {
        const jti = (message as { jti?: unknown } | null)?.jti;
        if (typeof jti === 'string') this.emit({ kind: 'invalidate', jtis: [jti] });
      }),
      bus.subscribe(BUS_RESYNC_CHANNEL, () => this.emit({ kind: 'flush', reason: 'bus_resync' })),
    ];
  }

  get size(): number {
    return this.listeners.size;
  }

  listen(listener: InvalidationListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emitList(field: 'credential_hashes' | 'session_ids' | 'grant_ids' | 'principal_ids', values: string[]): void {
    if (values.length > 0) this.emit({ kind: 'invalidate', [field]: values });
  }

  /** The hashes go out at once; the ids follow after a lookup (or, if the store fails, a flush: fail safe). */
  private sessionsEnded(hashes: string[]): void {
    if (hashes.length === 0) return;
    this.emit({ kind: 'invalidate', credential_hashes: hashes });
    if (this.listeners.size === 0) return;
    this.sessionIdsOf(hashes).then(
      (ids) => this.emitList('session_ids', ids),
      (error: unknown) => {
        this.onError(error);
        this.emit({ kind: 'flush', reason: 'lookup_failed' });
      },
    );
  }

  private emit(invalidation: Invalidation): void {
    for (const listener of this.listeners) listener(invalidation);
  }

  close(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.listeners.clear();
  }
}
