import { describe, expect, it } from 'vitest';
import { createMemoryBus } from '../store/bus/memory-bus.js';
import type { Bus } from '../store/bus/bus.js';
import { EventHub, eventsChannelOf } from './event-hub.js';
import type { EventView } from '../audit/event-view.js';

const row = (id: string, workspaceId: string | null) => ({
  id, workspace_id: workspaceId, type: 'request', actor_type: 'api_key', actor_id: 'key_1', target_type: null, target_id: null,
  ip: '127.0.0.1', method: 'GET', path: '/v1/me', status: 200, latency_ms: 1, endpoint_class: 'standard', user_agent: null,
  data: {}, created_at: new Date('2026-12-02T00:00:00Z'), chain_seq: 1, prev_hash: '0'.repeat(64), hash: 'a'.repeat(64),
});

/** A memory bus that records what is published and which channels are subscribed. */
function recordingBus(distributed: boolean, remoteListeners: string[] = []): Bus & { published: string[]; channels: Map<string, number> } {
  const inner = createMemoryBus();
  const published: string[] = [];
  const channels = new Map<string, number>();
  return {
    distributed,
    published,
    channels,
    // Subscribed here, or (distributed) on another instance.
    async hasSubscribers(channel) {
      return (await inner.hasSubscribers(channel)) || (distributed && remoteListeners.includes(channel));
    },
    publish(channel, message) {
      published.push(channel);
      return inner.publish(channel, message);
    },
    subscribe(channel, handler) {
      channels.set(channel, (channels.get(channel) ?? 0) + 1);
      const off = inner.subscribe(channel, handler);
      return () => {
        channels.set(channel, channels.get(channel)! - 1);
        off();
      };
    },
    close: () => inner.close(),
  };
}

describe('EventHub: one bus channel per workspace', () => {
  it('hands a stream only its workspace\'s events; one subscription per workspace, dropped with its last stream', () => {
    const bus = recordingBus(false);
    const hub = new EventHub(bus, (error) => { throw error; });
    const seen: Record<string, string[]> = { a1: [], a2: [], b: [] };
    const offA1 = hub.listen('wsp_a', (e: EventView) => seen.a1!.push(e.id));
    const offA2 = hub.listen('wsp_a', (e: EventView) => seen.a2!.push(e.id));
    const offB = hub.listen('wsp_b', (e: EventView) => seen.b!.push(e.id));
    expect([...bus.channels]).toEqual([[eventsChannelOf('wsp_a'), 1], [eventsChannelOf('wsp_b'), 1]]);
    expect(hub.openStreams).toBe(3);

    hub.sink(() => [row('evt_1', 'wsp_a'), row('evt_2', 'wsp_b'), row('evt_3', null), row('evt_4', 'wsp_a'), row('evt_5', 'wsp_c')]);
    expect(seen).toEqual({ a1: ['evt_1', 'evt_4'], a2: ['evt_1', 'evt_4'], b: ['evt_2'] });
    // A memory bus reaches no other process: no message for a workspace without a stream here.
    expect(bus.published).toEqual([eventsChannelOf('wsp_a'), eventsChannelOf('wsp_b')]);

    offA1();
    expect(bus.channels.get(eventsChannelOf('wsp_a'))).toBe(1);
    offA2();
    offA2(); // twice is harmless
    expect(bus.channels.get(eventsChannelOf('wsp_a'))).toBe(0);
    hub.sink(() => [row('evt_6', 'wsp_a')]);
    expect(seen.a2).toEqual(['evt_1', 'evt_4']);
    offB();
    expect(hub.openStreams).toBe(0);
  });

  it('on a distributed bus it publishes a workspace\'s events when some instance listens to it, one message per workspace', async () => {
    const bus = recordingBus(true, [eventsChannelOf('wsp_a'), eventsChannelOf('wsp_c')]);
    const hub = new EventHub(bus, (error) => { throw error; });
    const seenB: string[] = [];
    hub.listen('wsp_b', (e) => seenB.push(e.id));
    hub.sink(() => [row('evt_1', 'wsp_a'), row('evt_2', 'wsp_a'), row('evt_3', 'wsp_b'), row('evt_4', null), row('evt_5', 'wsp_d')]);
    // A local stream (wsp_b) gets its events at once; the others wait for the check.
    expect(seenB).toEqual(['evt_3']);
    await new Promise((resolve) => setImmediate(resolve));
    // wsp_a: heard elsewhere; wsp_d: nobody anywhere, so never serialised nor sent.
    expect(bus.published.sort()).toEqual([eventsChannelOf('wsp_a'), eventsChannelOf('wsp_b')]);
    expect(bus.channels.size).toBe(1);
  });

  it('ignores a message whose events belong to another workspace or are malformed', async () => {
    const bus = recordingBus(true);
    const hub = new EventHub(bus, (error) => { throw error; });
    const seen: string[] = [];
    hub.listen('wsp_a', (e) => seen.push(e.id));
    await bus.publish(eventsChannelOf('wsp_a'), { events: [{ id: 'evt_x', workspace_id: 'wsp_b' }, null, { id: 7 }, { id: 'evt_ok', workspace_id: 'wsp_a' }] });
    await bus.publish(eventsChannelOf('wsp_a'), { events: 'nope' });
    expect(seen).toEqual(['evt_ok']);
  });
});
