import { describe, expect, it } from 'vitest';
import { BUS_RESYNC_CHANNEL } from './bus/bus.js';
import { createMemoryBus } from './bus/memory-bus.js';
import { InvalidatingCache, keysListedUnder, type InvalidatingCacheOptions } from './invalidating-cache.js';

const CHANNEL = 'things.invalidate';

/** A store whose reads stay pending until the test answers them, so a test can put an invalidation in the middle of one. */
function slowStore() {
  const reads: Array<{ key: string; answer: (value: string | null) => void; fail: (error: Error) => void }> = [];
  const load = (key: string): Promise<string | null> =>
    new Promise((answer, fail) => {
      reads.push({ key, answer, fail });
    });
  return { reads, load };
}

function cacheOver(
  load: (key: string) => Promise<string | null>,
  more: Partial<InvalidatingCacheOptions<string, string | null>> = {},
) {
  const bus = createMemoryBus();
  const cache = new InvalidatingCache<string, string | null>({
    maxEntries: 100,
    ttlSeconds: 300,
    load,
    bus,
    channel: CHANNEL,
    keysOf: keysListedUnder('ids'),
    ...more,
  });
  return { bus, cache };
}

describe('InvalidatingCache', () => {
  it('loads a miss once, then answers it synchronously', async () => {
    let reads = 0;
    const { cache } = cacheOver(async (key) => {
      reads++;
      return `value of ${key}`;
    });
    expect(cache.get('a')).toBeUndefined();
    expect(await cache.load('a')).toBe('value of a');
    expect(cache.get('a')).toBe('value of a');
    expect(reads).toBe(1);
    cache.close();
  });

  it('does not remember null (not found) nor a value whose own ttl is 0', async () => {
    const { cache } = cacheOver(async (key) => (key === 'missing' ? null : key), { ttlSecondsOf: (value) => (value === 'brief' ? 0 : undefined) });
    expect(await cache.load('missing')).toBeNull();
    expect(cache.get('missing')).toBeUndefined();
    expect(await cache.load('brief')).toBe('brief');
    expect(cache.get('brief')).toBeUndefined();
    expect(await cache.load('kept')).toBe('kept');
    expect(cache.get('kept')).toBe('kept');
    cache.close();
  });

  it('drops the keys a bus message names, and everything on a resync', async () => {
    const { bus, cache } = cacheOver(async (key) => key);
    await Promise.all(['a', 'b', 'c'].map((key) => cache.load(key)));
    await bus.publish(CHANNEL, { ids: ['a'] });
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 'b', 'c']);
    await bus.publish(CHANNEL, { hashes: ['b'] }); // not this cache's field: names nothing
    await bus.publish(CHANNEL, null);
    expect(cache.get('b')).toBe('b');
    await bus.publish(BUS_RESYNC_CHANNEL, { reason: 'down' });
    expect([cache.get('b'), cache.get('c')]).toEqual([undefined, undefined]);
    cache.close();
  });

  it('does not cache a load that started before an invalidation of its key (it still answers its caller)', async () => {
    const store = slowStore();
    const { bus, cache } = cacheOver(store.load);
    const pending = cache.load('a');
    await bus.publish(CHANNEL, { ids: ['a'] });
    store.reads[0]!.answer('stale a');
    expect(await pending).toBe('stale a');
    expect(cache.get('a')).toBeUndefined();
    cache.close();
  });

  it('does not cache a load that raced any invalidation, a resync or a local one', async () => {
    const store = slowStore();
    const { bus, cache } = cacheOver(store.load);
    const invalidations = [
      () => bus.publish(CHANNEL, { ids: [] }),
      () => bus.publish(BUS_RESYNC_CHANNEL, { reason: 'reconnected' }),
      () => cache.invalidate(['other']),
      () => cache.invalidateAll(),
    ];
    for (const [index, invalidate] of invalidations.entries()) {
      const pending = cache.load('a');
      await invalidate();
      store.reads[index]!.answer('stale a');
      await pending;
      expect(cache.get('a')).toBeUndefined();
    }
    const fresh = cache.load('a');
    store.reads[invalidations.length]!.answer('fresh a');
    await fresh;
    expect(cache.get('a')).toBe('fresh a');
    cache.close();
  });

  it('shares one read between concurrent misses, but not with a miss that comes after an invalidation', async () => {
    const store = slowStore();
    const { bus, cache } = cacheOver(store.load, { shareConcurrentLoads: true });
    const first = cache.load('a');
    const second = cache.load('a');
    expect(store.reads).toHaveLength(1);
    await bus.publish(CHANNEL, { ids: ['a'] });
    const third = cache.load('a');
    expect(store.reads).toHaveLength(2); // read again: the first read may predate the change
    const fourth = cache.load('a');
    expect(store.reads).toHaveLength(2);
    store.reads[1]!.answer('new a');
    store.reads[0]!.answer('old a'); // the older read ends last: it must not replace the newer one
    expect(await Promise.all([first, second, third, fourth])).toEqual(['old a', 'old a', 'new a', 'new a']);
    expect(cache.get('a')).toBe('new a');
    cache.close();
  });

  it('without sharing, each miss reads the store', async () => {
    const store = slowStore();
    const { cache } = cacheOver(store.load);
    const both = Promise.all([cache.load('a'), cache.load('a')]);
    expect(store.reads).toHaveLength(2);
    for (const read of store.reads) read.answer('a');
    await both;
    cache.close();
  });

  it('caches nothing when the store fails, and the next miss reads again', async () => {
    const store = slowStore();
    const { cache } = cacheOver(store.load, { shareConcurrentLoads: true });
    const failing = cache.load('a');
    store.reads[0]!.fail(new Error('store down'));
    await expect(failing).rejects.toThrow('store down');
    expect(cache.get('a')).toBeUndefined();
    const retry = cache.load('a');
    expect(store.reads).toHaveLength(2);
    store.reads[1]!.answer('a');
    expect(await retry).toBe('a');
    cache.close();
  });

  it('tells a side index what enters and leaves', async () => {
    const stored: string[] = [];
    const dropped: string[] = [];
    const { bus, cache } = cacheOver(async (key) => `v${key}`, {
      maxEntries: 2,
      onStored: (key, value) => stored.push(`${key}=${value}`),
      onDropped: (key, value) => dropped.push(`${key}=${value}`),
    });
    await cache.load('1');
    await cache.load('2');
    await cache.load('3'); // evicts 1
    await bus.publish(CHANNEL, { ids: ['2'] });
    await bus.publish(BUS_RESYNC_CHANNEL, {});
    expect(stored).toEqual(['1=v1', '2=v2', '3=v3']);
    expect(dropped).toEqual(['1=v1', '2=v2', '3=v3']);
    cache.close();
  });

  it('close() empties the cache and stops listening to the bus', async () => {
    const store = slowStore();
    const { bus, cache } = cacheOver(store.load);
    const pending = cache.load('a');
    cache.close();
    store.reads[0]!.answer('a');
    await pending;
    expect(cache.get('a')).toBeUndefined(); // a load running at close does not refill it
    expect(await bus.hasSubscribers(CHANNEL)).toBe(false);
    expect(await bus.hasSubscribers(BUS_RESYNC_CHANNEL)).toBe(false);
  });
});
