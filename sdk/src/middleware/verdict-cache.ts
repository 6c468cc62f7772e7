import type { WardenPrincipal } from './principal.js';

/** One positive answer of Warden's, and what an invalidation may name it by. */
export interface CachedVerdict {
  principal: WardenPrincipal;
  expiresAtMs: number;
  /** SHA-256 (hex) of the credential: how the invalidation stream names API keys and session tokens. */
  credentialHash: string;
  /** An access token's `sid` (user session or grant) and `jti`. */
  sid: string | null;
  jti: string | null;
}

/** What an `invalidate` event of `GET /v1/invalidations/stream` names. */
export interface InvalidationNames {
  credential_hashes?: string[];
  session_ids?: string[];
  grant_ids?: string[];
  jtis?: string[];
  principal_ids?: string[];
}

/** A credential's rate-limit state as Warden last reported it, spent locally by cached hits. */
export interface LocalBudget {
  policy: string;
  limit: number;
  remaining: number;
  windowEndsAtMs: number;
}

const WINDOW_MS = 60_000;

type IndexName = 'hash' | 'sid' | 'jti' | 'principal';

/**
 * Positive verdicts for a few seconds, keyed by a hash of (credential, workspace, client IP,
 * required scopes) — never the secret itself — with side indexes by credential hash, `sid`, `jti`
 * and principal id so that an invalidation drops every entry it concerns.
 *
 * Only trusted while the invalidation stream is up (`enabled`): disabling empties it. Every
 * invalidation bumps an epoch; an answer whose request started before one is not stored (it may be
 * what the invalidation just made obsolete).
 */
export class VerdictCache {
  private readonly entries = new Map<string, CachedVerdict>();
  private readonly indexes = {
    hash: new Map<string, Set<string>>(),
    sid: new Map<string, Set<string>>(),
    jti: new Map<string, Set<string>>(),
    principal: new Map<string, Set<string>>(),
  };
  private readonly budgets = new Map<string, LocalBudget>();
  private currentEpoch = 0;
  private on = false;

  constructor(private readonly options: { ttlMs: number; maxEntries: number }) {}

  get enabled(): boolean {
    return this.on && this.options.ttlMs > 0;
  }

  get epoch(): number {
    return this.currentEpoch;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The stream is up (true) or down (false: everything cached is dropped and nothing is stored). */
  setEnabled(enabled: boolean): void {
    this.on = enabled;
    this.clear();
  }

  get(key: string, nowMs: number): CachedVerdict | undefined {
    if (!this.enabled) return undefined;
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs <= nowMs) {
      this.delete(key);
      return undefined;
    }
    return entry;
  }

  /** Stores the verdict unless an invalidation came since `epochAtStart` (or the stream is down). */
  set(key: string, verdict: Omit<CachedVerdict, 'expiresAtMs'> & { notAfterMs: number | null }, epochAtStart: number, nowMs: number): void {
    if (!this.enabled || epochAtStart !== this.currentEpoch) return;
    const expiresAtMs = Math.min(nowMs + this.options.ttlMs, verdict.notAfterMs ?? Number.POSITIVE_INFINITY);
    if (expiresAtMs <= nowMs) return;
    this.delete(key);
    if (this.entries.size >= this.options.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.delete(oldest.value);
    }
    const entry: CachedVerdict = { principal: verdict.principal, credentialHash: verdict.credentialHash, sid: verdict.sid, jti: verdict.jti, expiresAtMs };
    this.entries.set(key, entry);
    this.index('hash', entry.credentialHash, key);
    this.index('principal', entry.principal.id, key);
    if (entry.sid !== null) this.index('sid', entry.sid, key);
    if (entry.jti !== null) this.index('jti', entry.jti, key);
  }

  /** Drops whatever the invalidation names (and, by the epoch, answers still on their way). */
  invalidate(names: InvalidationNames): void {
    this.currentEpoch++;
    for (const hash of names.credential_hashes ?? []) {
      this.dropAll('hash', hash);
      this.budgets.delete(hash);
    }
    for (const id of [...(names.session_ids ?? []), ...(names.grant_ids ?? [])]) this.dropAll('sid', id);
    for (const jti of names.jtis ?? []) this.dropAll('jti', jti);
    for (const id of names.principal_ids ?? []) this.dropAll('principal', id);
  }

  clear(): void {
    this.currentEpoch++;
    this.entries.clear();
    for (const index of Object.values(this.indexes)) index.clear();
    this.budgets.clear();
  }

  /** The local budget of a credential: spent by cached hits, refreshed (never raised within its window) by Warden's answers. */
  budgetOf(credentialHash: string, nowMs: number): LocalBudget | undefined {
    const budget = this.budgets.get(credentialHash);
    if (budget !== undefined && budget.windowEndsAtMs <= nowMs) {
      this.budgets.delete(credentialHash);
      return undefined;
    }
    return budget;
  }

  noteRateLimit(credentialHash: string, reported: { policy: string; limit: number; remaining: number }, nowMs: number): LocalBudget {
    const current = this.budgetOf(credentialHash, nowMs);
    const budget = current
      ? { ...current, policy: reported.policy, limit: reported.limit, remaining: Math.min(current.remaining, reported.remaining) }
      : { ...reported, windowEndsAtMs: nowMs + WINDOW_MS };
    if (this.enabled) {
      if (this.budgets.size >= this.options.maxEntries && !this.budgets.has(credentialHash)) {
        const oldest = this.budgets.keys().next();
        if (!oldest.done) this.budgets.delete(oldest.value);
      }
      this.budgets.set(credentialHash, budget);
    }
    return budget;
  }

  private index(name: IndexName, value: string, key: string): void {
    const index = this.indexes[name];
    let keys = index.get(value);
    if (!keys) index.set(value, (keys = new Set()));
    keys.add(key);
  }

  private dropAll(name: IndexName, value: string): void {
    const keys = this.indexes[name].get(value);
    if (!keys) return;
    for (const key of [...keys]) this.delete(key);
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const unindex = (name: IndexName, value: string | null): void => {
      if (value === null) return;
      const keys = this.indexes[name].get(value);
      keys?.delete(key);
      if (keys?.size === 0) this.indexes[name].delete(value);
    };
    unindex('hash', entry.credentialHash);
    unindex('principal', entry.principal.id);
    unindex('sid', entry.sid);
    unindex('jti', entry.jti);
  }
}
