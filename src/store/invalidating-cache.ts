import { LRUCache } from 'lru-cache';
import { BUS_RESYNC_CHANNEL, type Bus } from './bus/bus.js';

/** `V`: what is cached; `Loaded`: what a load answers — V, or V | null where null (not found) is never cached. */
export interface InvalidatingCacheOptions<V extends {}, Loaded extends V | null = V> {
  /** Size cap (least recently used entries leave first). */
  maxEntries: number;
  /** How long an entry is trusted at most (0: until evicted or invalidated). */
  ttlSeconds: number;
  /** Reads the value behind a key from the store; null: nothing to remember (the next miss reads again). */
  load: (key: string) => Promise<Loaded>;
  /** A value's own lifetime (e.g. a shorter one for "unknown" answers): undefined = `ttlSeconds`, 0 = not cached at all. */
  ttlSecondsOf?: (value: V) => number | undefined;
  /** Concurrent misses on one key share one read of the store. */
  shareConcurrentLoads?: boolean;
  bus: Bus;
  /** A message on this channel names the keys to drop (see `keysOf`); BUS_RESYNC_CHANNEL drops everything. */
  channel: string;
  keysOf: (message: unknown) => readonly string[];
  /** Run when a loaded value enters the cache, and when an entry leaves it (evicted, expired, replaced, invalidated): keeps a side index in step. */
  onStored?: (key: string, value: V) => void;
  onDropped?: (key: string, value: V) => void;
}

/** `keysOf` for the usual message shape `{[field]: string[]}`; anything else names no key. */
export function keysListedUnder(field: string): (message: unknown) => readonly string[] {
  return (message) => {
    const keys = (message as Record<string, unknown> | null)?.[field];
    return Array.isArray(keys) ? keys.map(String) : [];
  };
}

/**
 * An in-memory LRU cache of store reads that the bus keeps honest: an invalidation drops the keys
 * it names (here and, over a distributed bus, in every instance), a resync drops everything.
 *
 * Stale loads: a read of the store that started before an invalidation may return what the
 * invalidation just made obsolete, so each invalidation bumps an epoch and a load only fills the
 * cache if the epoch did not move meanwhile (it still answers its own callers). For the same
 * reason a load shared between concurrent misses is not shared with misses that come after an
 * invalidation: they read the store again.
 *
 * `get` is synchronous and allocates nothing, so callers can answer a hit without a Promise.
 */
export class InvalidatingCache<V extends {}, Loaded extends V | null = V> {
  private readonly entries: LRUCache<string, V>;
  private readonly inflight: Map<string, Promise<Loaded>> | null;
  /** Bumped by every invalidation: a load that started before one must not fill the cache. */
  private epoch = 0;
  private readonly unsubscribes: Array<() => void>;

  constructor(private readonly options: InvalidatingCacheOptions<V, Loaded>) {
    const { onDropped } = options;
    this.entries = new LRUCache<string, V>({
      max: options.maxEntries,
      ttl: options.ttlSeconds * 1000,
      ...(onDropped ? { dispose: (value: V, key: string) => onDropped(key, value) } : {}),
    });
    this.inflight = options.shareConcurrentLoads ? new Map() : null;
    this.unsubscribes = [
      options.bus.subscribe(options.channel, (message) => this.invalidate(options.keysOf(message))),
      options.bus.subscribe(BUS_RESYNC_CHANNEL, () => this.invalidateAll()),
    ];
  }

  /** The cached value, or undefined on a miss (never touches the store). */
  get(key: string): V | undefined {
    return this.entries.get(key);
  }

  /** Reads `key` from the store (whether or not it is cached) and caches the answer unless an invalidation came meanwhile. */
  load(key: string): Promise<Loaded> {
    const inflight = this.inflight;
    if (inflight === null) return this.read(key);
    const running = inflight.get(key);
    if (running) return running;
    const promise = this.read(key).finally(() => {
      if (inflight.get(key) === promise) inflight.delete(key);
    });
    inflight.set(key, promise);
    return promise;
  }

  private async read(key: string): Promise<Loaded> {
    const epochAtStart = this.epoch;
    const value = await this.options.load(key);
    if (value !== null && this.epoch === epochAtStart) this.store(key, value);
    return value;
  }

  private store(key: string, value: V): void {
    const ttlSeconds = this.options.ttlSecondsOf?.(value);
    if (ttlSeconds === 0) return;
    this.entries.set(key, value, ttlSeconds === undefined ? undefined : { ttl: ttlSeconds * 1000 });
    this.options.onStored?.(key, value);
  }

  /** Drops these keys; loads already running will not cache what they read. */
  invalidate(keys: Iterable<string>): void {
    this.epoch++;
    this.inflight?.clear();
    for (const key of keys) this.entries.delete(key);
  }

  /** Drops everything; loads already running will not cache what they read. */
  invalidateAll(): void {
    this.epoch++;
    this.inflight?.clear();
    this.entries.clear();
  }

  close(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.invalidateAll();
  }
}
