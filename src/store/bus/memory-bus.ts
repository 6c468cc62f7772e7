import type { Bus, BusHandler } from './bus.js';

/** One process: delivery is synchronous, so an invalidation is done when publish() returns. */
export function createMemoryBus(): Bus {
  const handlers = new Map<string, Set<BusHandler>>();
  return {
    distributed: false,
    async publish(channel, message) {
      for (const handler of handlers.get(channel) ?? []) handler(message);
    },
    async hasSubscribers(channel) {
      return (handlers.get(channel)?.size ?? 0) > 0;
    },
    subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) handlers.set(channel, (set = new Set()));
      set.add(handler);
      return () => set.delete(handler);
    },
    async close() {
      handlers.clear();
    },
  };
}
