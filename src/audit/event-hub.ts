import type { Bus } from '../store/bus/bus.js';
import type { AuditEventRow } from './audit-store.js';
import { toEventView, type EventView } from './event-view.js';

export const EVENTS_CHANNEL = 'audit.events';

export type EventListener = (event: EventView) => void;

/**
 * Committed audit events → every open live stream, on every instance: the database's audit sink
 * publishes each committed event on the bus (Redis pub/sub in a cluster), and each instance hands
 * what arrives to its local streams of that workspace.
 */
export class EventHub {
  private readonly listeners = new Map<string, Set<EventListener>>();
  private readonly unsubscribe: () => void;

  constructor(private readonly bus: Bus, private readonly onError: (error: unknown) => void) {
    this.unsubscribe = bus.subscribe(EVENTS_CHANNEL, (message) => {
      const events = (message as { events?: unknown }).events;
      if (!Array.isArray(events)) return;
      for (const event of events as EventView[]) {
        if (!event || typeof event !== 'object' || typeof event.id !== 'string') continue;
        for (const listener of this.listeners.get(event.workspace_id ?? '') ?? []) listener(event);
      }
    });
  }

  /**
   * The database's audit sink: called after commit with a transaction's rows — one bus message
   * per transaction (a batch of request events is one message, not one per request).
   */
  readonly sink = (rows: readonly Record<string, unknown>[]): void => {
    // Nobody can be listening: no stream here, and the bus reaches no other process.
    if (rows.length === 0 || (!this.bus.distributed && this.listeners.size === 0)) return;
    this.bus.publish(EVENTS_CHANNEL, { events: rows.map((row) => toEventView(row as unknown as AuditEventRow)) }).catch(this.onError);
  };

  listen(workspaceId: string, listener: EventListener): () => void {
    let set = this.listeners.get(workspaceId);
    if (!set) this.listeners.set(workspaceId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(workspaceId);
    };
  }

  get openStreams(): number {
    let n = 0;
    for (const set of this.listeners.values()) n += set.size;
    return n;
  }

  close(): void {
    this.unsubscribe();
    this.listeners.clear();
  }
}
