import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBus, type RedisBus } from '../src/store/bus/redis-bus.js';
import { BUS_RESYNC_CHANNEL } from '../src/store/bus/bus.js';
import { closeRedis, openRedis, type Redis } from '../src/store/redis.js';

const REDIS_URL = process.env.REDIS_URL;
/** Per file run: parallel test files (and reruns) never hear each other. */
const PREFIX = `warden-test:${randomUUID()}:bus:`;
const OTHER_PREFIX = `warden-test:${randomUUID()}:bus:`;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A handler that records messages and lets a test wait for the next one matching a predicate. */
function recorder() {
  const messages: unknown[] = [];
  let waiters: Array<{ match: (m: unknown) => boolean; resolve: (m: unknown) => void }> = [];
  return {
    messages,
    handler: (message: unknown) => {
      messages.push(message);
      const ready = waiters.filter((w) => w.match(message));
      waiters = waiters.filter((w) => !w.match(message));
      for (const w of ready) w.resolve(message);
    },
    next(match: (m: unknown) => boolean, what: string, ms = 3000): Promise<unknown> {
      const seen = messages.find(match);
      if (seen !== undefined) return Promise.resolve(seen);
      return withTimeout(new Promise((resolve) => waiters.push({ match, resolve })), ms, what);
    },
  };
}

const isId = (id: string) => (m: unknown) => typeof m === 'object' && m !== null && (m as { id?: unknown }).id === id;

describe.runIf(REDIS_URL)('Redis bus', () => {
  let a: RedisBus;
  let b: RedisBus;
  let admin: Redis;
  const buses: RedisBus[] = [];
  const errors: Error[] = [];
  const open = async (prefix = PREFIX): Promise<RedisBus> => {
    const bus = await createRedisBus({ url: REDIS_URL!, prefix, onError: (e) => errors.push(e) });
    buses.push(bus);
    return bus;
  };

  /** SUBSCRIBE is asynchronous: wait until Redis counts `n` subscribers on the channel. */
  async function subscribers(channel: string, n: number): Promise<void> {
    const deadline = Date.now() + 3000;
    for (;;) {
      const reply = (await admin.pubsub('NUMSUB', channel)) as unknown[];
      if (Number(reply[1]) === n) return;
      if (Date.now() > deadline) throw new Error(`${channel}: expected ${n} subscribers, have ${String(reply[1])}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Drops one connection server-side, as a network blip would (ioredis then reconnects). */
  async function killConnection(name: string): Promise<void> {
    const list = String(await admin.client('LIST'));
    const line = list.split('\n').find((l) => l.includes(` name=${name} `));
    if (!line) throw new Error(`no Redis connection named ${name}`);
    await admin.client('KILL', 'ID', /(?:^| )id=(\d+)/.exec(line)![1]!);
  }

  beforeAll(async () => {
    admin = openRedis(REDIS_URL!, { name: 'warden-test-bus-admin' });
    a = await open();
    b = await open();
    expect(a.connected && b.connected).toBe(true);
  });

  afterAll(async () => {
    await Promise.all(buses.map((bus) => bus.close()));
    await closeRedis(admin);
  });

  it('delivers to the other instance through Redis, and to its own handlers once, synchronously', async () => {
    const onA = recorder();
    const onB = recorder();
    const offA = a.subscribe('sessions', onA.handler);
    const offB = b.subscribe('sessions', onB.handler);
    await subscribers(`${PREFIX}sessions`, 2);

    const pending = a.publish('sessions', { id: 'one', kind: 'revoke' });
    // Delivered locally before publish() even returns its promise.
    expect(onA.messages).toEqual([{ id: 'one', kind: 'revoke' }]);
    await pending;
    expect(await onB.next(isId('one'), 'B to receive "one"')).toEqual({ id: 'one', kind: 'revoke' });

    // B answers; once A has it, A's own echo of "one" (published earlier) would have arrived too.
    await b.publish('sessions', { id: 'two' });
    await onA.next(isId('two'), 'A to receive "two"');
    expect(onA.messages).toEqual([{ id: 'one', kind: 'revoke' }, { id: 'two' }]);
    expect(onB.messages).toEqual([{ id: 'one', kind: 'revoke' }, { id: 'two' }]);
    offA();
    offB();
    expect(errors).toEqual([]);
  });

  it('after losing its connection, resubscribes and tells its own handlers to resync (not at first connect, not other instances)', async () => {
    const bus = await open();
    const resyncs = recorder();
    const elsewhere = recorder();
    bus.subscribe(BUS_RESYNC_CHANNEL, resyncs.handler);
    a.subscribe(BUS_RESYNC_CHANNEL, elsewhere.handler);
    const onBus = recorder();
    bus.subscribe('after-reconnect', onBus.handler);
    await subscribers(`${PREFIX}after-reconnect`, 1);
    expect(resyncs.messages).toEqual([]);

    await killConnection(`warden-bus-sub-${bus.instanceId}`);
    expect(await resyncs.next(() => true, 'a resync after the reconnect', 5000)).toEqual({ reason: 'reconnected' });
    await subscribers(`${PREFIX}after-reconnect`, 1);
    await a.publish('after-reconnect', { id: 'back' });
    await onBus.next(isId('back'), 'the reconnected bus to receive "back"');
    expect(resyncs.messages).toHaveLength(1);
    expect(elsewhere.messages).toEqual([]);
  });

  it('hasSubscribers: a local handler, or another instance subscribed through Redis (under this prefix only)', async () => {
    expect(await a.hasSubscribers('presence')).toBe(false);
    const offB = b.subscribe('presence', () => {});
    await subscribers(`${PREFIX}presence`, 1);
    expect(await a.hasSubscribers('presence')).toBe(true);
    expect(await b.hasSubscribers('presence')).toBe(true);
    const other = await open(OTHER_PREFIX);
    expect(await other.hasSubscribers('presence')).toBe(false);
    offB();
    await subscribers(`${PREFIX}presence`, 0);
    expect(await a.hasSubscribers('presence')).toBe(false);
    const offA = a.subscribe('presence', () => {});
    expect(await a.hasSubscribers('presence')).toBe(true); // at once, before Redis has the SUBSCRIBE
    offA();
    expect(errors).toEqual([]);
  });

  it('stops delivering after unsubscribe, locally and remotely', async () => {
    const onA = recorder();
    const onB = recorder();
    const sentinel = recorder();
    const offA = a.subscribe('keys', onA.handler);
    const offB = b.subscribe('keys', onB.handler);
    b.subscribe('sentinel', sentinel.handler);
    await subscribers(`${PREFIX}keys`, 2);
    await subscribers(`${PREFIX}sentinel`, 1);

    offB();
    offB(); // idempotent
    await subscribers(`${PREFIX}keys`, 1);
    await a.publish('keys', { id: 'after-unsubscribe' });
    await a.publish('sentinel', { id: 'sentinel' });
    // Same subscriber connection, messages in publish order: the sentinel comes after.
    await sentinel.next(isId('sentinel'), 'the sentinel');
    expect(onB.messages).toEqual([]);
    expect(onA.messages).toEqual([{ id: 'after-unsubscribe' }]);

    offA();
    await subscribers(`${PREFIX}keys`, 0);
    await a.publish('keys', { id: 'nobody' });
    expect(onA.messages).toHaveLength(1);
  });

  it('keeps other handlers of a channel when one unsubscribes', async () => {
    const first = recorder();
    const second = recorder();
    const offFirst = b.subscribe('grants', first.handler);
    const offSecond = b.subscribe('grants', second.handler);
    await subscribers(`${PREFIX}grants`, 1);
    offFirst();
    await a.publish('grants', { id: 'g' });
    await second.next(isId('g'), 'the remaining handler');
    expect(first.messages).toEqual([]);
    offSecond();
  });

  it('isolates different prefixes', async () => {
    const c = await open(OTHER_PREFIX);
    const d = await open(OTHER_PREFIX);
    const onC = recorder();
    const onB = recorder();
    c.subscribe('sessions', onC.handler);
    b.subscribe('sessions', onB.handler);
    await subscribers(`${OTHER_PREFIX}sessions`, 1);
    await subscribers(`${PREFIX}sessions`, 1);

    await a.publish('sessions', { id: 'prefix-a' });
    await d.publish('sessions', { id: 'prefix-d' });
    await onC.next(isId('prefix-d'), 'C to receive from its own prefix');
    await onB.next(isId('prefix-a'), 'B to receive from its own prefix');
    expect(onC.messages).toEqual([{ id: 'prefix-d' }]);
    expect(onB.messages).toEqual([{ id: 'prefix-a' }]);
  });

  it('carries JSON values of any shape', async () => {
    const onB = recorder();
    b.subscribe('shapes', onB.handler);
    await subscribers(`${PREFIX}shapes`, 1);
    const values = ['text', 42, null, [1, 'two'], { id: 'last', nested: { ok: true } }];
    for (const value of values) await a.publish('shapes', value);
    await onB.next(isId('last'), 'the last value');
    expect(onB.messages).toEqual(values);
  });

  it('still sends to other instances when a local handler throws (and publish rejects, like the memory bus)', async () => {
    const onB = recorder();
    const offB = b.subscribe('throwing', onB.handler);
    const offA = a.subscribe('throwing', () => {
      throw new Error('local handler failed');
    });
    await subscribers(`${PREFIX}throwing`, 2);
    await expect(a.publish('throwing', { id: 'thrown' })).rejects.toThrow('local handler failed');
    await onB.next(isId('thrown'), 'B despite the local failure');
    offA();
    offB();
  });

  it('rejects a message that cannot be serialised, without delivering it', async () => {
    const onA = recorder();
    const off = a.subscribe('bad', onA.handler);
    await expect(a.publish('bad', { n: 1n })).rejects.toThrow(TypeError);
    expect(onA.messages).toEqual([]);
    off();
  });
});

describe('Redis bus without Redis', () => {
  it('still delivers locally and reports the failure through onError', async () => {
    const errors: Error[] = [];
    const started = performance.now();
    const bus = await createRedisBus({ url: 'redis://127.0.0.1:1', prefix: PREFIX, onError: (e) => errors.push(e) });
    try {
      expect(performance.now() - started).toBeLessThan(3000);
      expect(bus.connected).toBe(false);
      const received: unknown[] = [];
      const off = bus.subscribe('sessions', (m) => received.push(m));
      const publishing = bus.publish('sessions', { id: 'local' });
      expect(received).toEqual([{ id: 'local' }]);
      await expect(withTimeout(publishing, 3000, 'publish to resolve')).resolves.toBeUndefined();
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.some((e) => /ECONNREFUSED|not connected/.test(e.message))).toBe(true);
      off();
      await bus.publish('sessions', { id: 'after' });
      expect(received).toHaveLength(1);
    } finally {
      await withTimeout(bus.close(), 3000, 'close');
    }
  }, 10_000);
});
