import { randomUUID } from 'node:crypto';
import { closeRedis, isRedisDown, openRedis, waitForRedis } from '../redis.js';
import { BUS_RESYNC_CHANNEL, type Bus, type BusHandler } from './bus.js';

export interface RedisBusOptions {
  url: string;
  /** Prepended to every channel name, so several deployments can share one Redis. */
  prefix?: string;
  /** Redis failures (connection lost, publish/subscribe refused, a handler throwing on a remote message). */
  onError?: (error: Error) => void;
  /**
   * The bound on trusting caches while messages may be getting lost (default 1000 ms): while the
   * subscription is down, BUS_RESYNC_CHANNEL is delivered locally this often, so no cache fed by
   * the bus holds an entry older than this and a revocation made meanwhile on another instance is
   * read from the database within it. The subscriber connection is also PINGed this often, so a
   * connection that went silent without closing counts as down too.
   */
  downResyncIntervalMs?: number;
}

export interface RedisBus extends Bus {
  /** Both connections are up (for health checks; the bus works locally either way). */
  readonly connected: boolean;
  /** This process's id on the bus; its connections are named `warden-bus-pub|sub-<instanceId>` (see CLIENT LIST). */
  readonly instanceId: string;
  /**
   * Since when (Date.now() ms) messages from other instances may be getting lost — the subscription
   * dropped and the resync after its return has not happened yet; null while it is live.
   */
  readonly downSinceMs: number | null;
}

/** What travels through Redis: the publishing instance and the message. */
interface Envelope {
  o: string;
  m?: unknown;
}

/**
 * Redis pub/sub between Warden processes, with the memory bus's semantics inside one process:
 * publish() delivers to this process's handlers synchronously (an invalidation is done locally
 * when publish() returns), then publishes to Redis with this instance's id; the subscriber drops
 * messages that came from its own instance, so nothing is delivered twice. Messages must be
 * JSON-serialisable (remote handlers receive a JSON copy).
 *
 * Pub/sub is at-most-once, so the bus makes up for what it may lose, through BUS_RESYNC_CHANNEL
 * (the caches fed by the bus drop what they hold and read the database again):
 * - subscription down (lost, or silent: PING unanswered): delivered locally every
 *   `downResyncIntervalMs` while it lasts, and once more when it is back and resubscribed;
 * - a message this instance could not send (Redis down: local delivery still happens, the failure
 *   goes to onError and publish() resolves): once it can publish again, it sends a resync to
 *   every other instance, which delivers it to its own handlers.
 *
 * Resolves once both connections are ready, or once the first attempt to connect has failed
 * (reported through onError): it never rejects, and keeps reconnecting in the background.
 */
export async function createRedisBus(options: RedisBusOptions): Promise<RedisBus> {
  const prefix = options.prefix ?? 'warden:';
  const downResyncIntervalMs = options.downResyncIntervalMs ?? 1000;
  const instanceId = randomUUID();
  const handlers = new Map<string, Set<BusHandler>>();
  let closed = false;

  const report = (error: unknown): void => {
    if (closed) return;
    try {
      options.onError?.(error instanceof Error ? error : new Error(String(error)));
    } catch {
      // Reporting must never throw into a request path or into the Redis client.
    }
  };

  const publisher = openRedis(options.url, { name: `warden-bus-pub-${instanceId}`, onError: report });
  const subscriber = openRedis(options.url, { name: `warden-bus-sub-${instanceId}`, onError: report });

  subscriber.on('message', (redisChannel: string, payload: string) => {
    if (!redisChannel.startsWith(prefix)) return;
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch (error) {
      report(error);
      return;
    }
    if (envelope === null || typeof envelope !== 'object' || envelope.o === instanceId) return;
    // BUS_RESYNC_CHANNEL too: another instance could not send us something.
    deliverLocally(redisChannel.slice(prefix.length), envelope.m);
  });

  const deliverLocally = (channel: string, message: unknown): void => {
    for (const handler of [...(handlers.get(channel) ?? [])]) {
      try {
        handler(message);
      } catch (error) {
        report(error);
      }
    }
  };

  // Down: from losing the subscription until the resync after its return. Meanwhile every cache
  // fed by the bus is told to start over every downResyncIntervalMs, so none trusts an entry for
  // longer than that while invalidations cannot reach it.
  let downSinceMs: number | null = null;
  let downTimer: NodeJS.Timeout | undefined;
  const markDown = (): void => {
    if (closed || downSinceMs !== null) return;
    downSinceMs = Date.now();
    downTimer = setInterval(() => deliverLocally(BUS_RESYNC_CHANNEL, { reason: 'down' }), downResyncIntervalMs);
    downTimer.unref();
  };
  const markUp = (): void => {
    downSinceMs = null;
    clearInterval(downTimer);
    downTimer = undefined;
  };
  subscriber.on('close', markDown);

  // A SUBSCRIBE that failed while Redis was down is not retried by ioredis (it only
  // re-subscribes channels that were acknowledged): subscribe everything we need again, then
  // tell the caches to start over if invalidations may have been missed. If that SUBSCRIBE
  // fails, the connection is dropped so the next one tries again.
  let readyCount = 0;
  subscriber.on('ready', () => {
    const attempt = ++readyCount;
    const channels = [BUS_RESYNC_CHANNEL, ...[...handlers.keys()].filter((channel) => channel !== BUS_RESYNC_CHANNEL)];
    subscriber.subscribe(...channels.map((channel) => prefix + channel)).then(
      () => {
        if (closed || attempt !== readyCount || subscriber.status !== 'ready' || downSinceMs === null) return;
        markUp();
        deliverLocally(BUS_RESYNC_CHANNEL, { reason: 'reconnected' });
      },
      (error: unknown) => {
        report(error);
        if (!closed && attempt === readyCount) subscriber.disconnect(true);
      },
    );
  });

  // A connection can go silent without closing (a network partition): a PING that is not answered
  // within the command timeout drops it, which counts as down and reconnects.
  const watchdog = setInterval(() => {
    if (closed || subscriber.status !== 'ready') return;
    subscriber.ping().catch((error: unknown) => {
      if (closed || subscriber.status !== 'ready') return;
      report(new Error(`Redis bus: the subscriber connection did not answer PING (${error instanceof Error ? error.message : String(error)}); reconnecting`));
      subscriber.disconnect(true);
    });
  }, downResyncIntervalMs);
  watchdog.unref();

  // Something this instance published may not have reached the others: once Redis takes a
  // publish again, ask them all to resync.
  let unsent = false;
  const announceUnsent = (): void => {
    if (!unsent || closed || publisher.status !== 'ready') return;
    unsent = false;
    const payload = JSON.stringify({ o: instanceId, m: { reason: 'unsent' } } satisfies Envelope);
    publisher.publish(prefix + BUS_RESYNC_CHANNEL, payload).catch((error: unknown) => {
      unsent = true;
      report(error);
    });
  };
  publisher.on('ready', announceUnsent);

  const sendRemote = async (channel: string, payload: string): Promise<void> => {
    if (closed) return;
    if (isRedisDown(publisher)) {
      unsent = true;
      report(new Error(`Redis bus: not connected (${publisher.status}); "${channel}" was delivered locally only`));
      return;
    }
    try {
      await publisher.publish(prefix + channel, payload);
      announceUnsent();
    } catch (error) {
      unsent = true;
      report(error);
    }
  };

  await Promise.all([waitForRedis(publisher), waitForRedis(subscriber)]);
  if (subscriber.status !== 'ready') markDown();

  return {
    distributed: true,
    instanceId,
    get connected() {
      return publisher.status === 'ready' && subscriber.status === 'ready';
    },
    get downSinceMs() {
      return downSinceMs;
    },

    async publish(channel, message) {
      const payload = JSON.stringify({ o: instanceId, m: message } satisfies Envelope);
      // Sent first (queued on the socket), so a local handler that throws — which rejects this
      // publish(), like the memory bus — does not keep the message from the other instances.
      const remote = sendRemote(channel, payload);
      for (const handler of [...(handlers.get(channel) ?? [])]) handler(message);
      await remote;
    },

    async hasSubscribers(channel) {
      if ((handlers.get(channel)?.size ?? 0) > 0) return true;
      // Down: a publish would reach this process only, and nobody here listens.
      if (closed || isRedisDown(publisher)) return false;
      try {
        // Counts every instance's subscriber connection on the channel (pattern subscriptions
        // are not counted: Warden makes none).
        const reply = (await publisher.pubsub('NUMSUB', prefix + channel)) as (string | number)[];
        return Number(reply[1]) > 0;
      } catch (error) {
        report(error);
        return true;
      }
    },

    subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) {
        handlers.set(channel, (set = new Set()));
        if (!closed && channel !== BUS_RESYNC_CHANNEL) subscriber.subscribe(prefix + channel).catch(report);
      }
      set.add(handler);
      const mine = set;
      return () => {
        if (!mine.delete(handler) || mine.size > 0 || handlers.get(channel) !== mine) return;
        handlers.delete(channel);
        if (!closed && channel !== BUS_RESYNC_CHANNEL) subscriber.unsubscribe(prefix + channel).catch(report);
      };
    },

    async close() {
      if (closed) return;
      closed = true;
      clearInterval(watchdog);
      markUp();
      handlers.clear();
      await Promise.all([closeRedis(publisher), closeRedis(subscriber)]);
    },
  };
}
