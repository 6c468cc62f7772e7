import { randomUUID } from 'node:crypto';
import { closeRedis, isRedisDown, openRedis, waitForRedis } from '../redis.js';
import { BUS_RESYNC_CHANNEL, type Bus, type BusHandler } from './bus.js';

export interface RedisBusOptions {
  url: string;
  /** Prepended to every channel name, so several deployments can share one Redis. */
  prefix?: string;
  /** Redis failures (connection lost, publish/subscribe refused, a handler throwing on a remote message). */
  onError?: (error: Error) => void;
}

export interface RedisBus extends Bus {
  /** Both connections are up (for health checks; the bus works locally either way). */
  readonly connected: boolean;
  /** This process's id on the bus; its connections are named `warden-bus-pub|sub-<instanceId>` (see CLIENT LIST). */
  readonly instanceId: string;
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
 * messages that came from its own instance, so nothing is delivered twice.
 *
 * Redis down: local delivery still happens, the failure goes to onError and publish() resolves.
 * Pub/sub is at-most-once — messages published by other instances while this one is disconnected
 * are lost; after a reconnect the bus delivers BUS_RESYNC_CHANNEL locally so caches start over. Messages must be JSON-serialisable (remote handlers receive a JSON copy).
 *
 * Resolves once both connections are ready, or once the first attempt to connect has failed
 * (reported through onError): it never rejects, and keeps reconnecting in the background.
 */
export async function createRedisBus(options: RedisBusOptions): Promise<RedisBus> {
  const prefix = options.prefix ?? 'warden:';
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
    const channel = redisChannel.slice(prefix.length);
    if (channel !== BUS_RESYNC_CHANNEL) deliverLocally(channel, envelope.m);
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

  // A SUBSCRIBE that failed while Redis was down is not retried by ioredis (it only
  // re-subscribes channels that were acknowledged): subscribe everything we need again. And a
  // reconnect means invalidations may have been missed: tell the caches to start over.
  let wasReady = false;
  subscriber.on('ready', () => {
    const channels = [...handlers.keys()].filter((channel) => channel !== BUS_RESYNC_CHANNEL).map((channel) => prefix + channel);
    const resubscribed = channels.length > 0 ? subscriber.subscribe(...channels) : Promise.resolve();
    if (wasReady) void resubscribed.catch(report).then(() => deliverLocally(BUS_RESYNC_CHANNEL, { reason: 'reconnected' }));
    wasReady = true;
  });

  const sendRemote = async (channel: string, payload: string): Promise<void> => {
    if (closed) return;
    if (isRedisDown(publisher)) {
      report(new Error(`Redis bus: not connected (${publisher.status}); "${channel}" was delivered locally only`));
      return;
    }
    try {
      await publisher.publish(prefix + channel, payload);
    } catch (error) {
      report(error);
    }
  };

  await Promise.all([waitForRedis(publisher), waitForRedis(subscriber)]);

  return {
    distributed: true,
    instanceId,
    get connected() {
      return publisher.status === 'ready' && subscriber.status === 'ready';
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
      handlers.clear();
      await Promise.all([closeRedis(publisher), closeRedis(subscriber)]);
    },
  };
}
