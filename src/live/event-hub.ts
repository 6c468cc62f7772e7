import type { Bus } from '../store/bus/bus.js';
import type { AuditEventRow } from '../audit/event-view.js';
import { toEventView, type EventView } from '../audit/event-view.js';

/** One bus channel per workspace: an instance hears only the workspaces it has live streams for. */
export const eventsChannelOf = (workspaceId: string): string => `audit.events.${workspaceId}`;

export type EventListener = (event: EventView) => void;

interface Audience {
  listeners: Set<EventListener>;
  unsubscribe: () => void;
}

/**
 * Committed audit events → every open live stream, on every instance. The store's commit notice
 * publishes a transaction's events on their workspace's bus channel (Redis pub/sub in a cluster);
 * an instance subscribes to a workspace's channel while it holds a stream of that workspace, so
 * the others' request events never reach (or cost) an instance that has nobody to hand them to.
 */
export class EventHub {
  private readonly audiences = new Map<string, Audience>();

  constructor(private readonly bus: Bus, private readonly onError: (error: unknown) => void) {}

  /**
   * Listens on the store's AUDIT_COMMITTED_TOPIC: called after commit with a transaction's rows — one bus message
   * per workspace in it (a batch of request events is one message, not one per request). On a
   * distributed bus, a workspace without a stream here is published only if some instance
   * subscribes to its channel (one PUBSUB NUMSUB per workspace per batch): a cluster where nobody
   * watches does not serialise and ship every request event through Redis. A stream that opens
   * while the check is on its way misses that batch, as it would miss a publish that overtook
   * its SUBSCRIBE; it is live from when it opened, and `Last-Event-ID` replays what came before.
   */
  readonly sink = (items: () => readonly Record<string, unknown>[]): void => {
    // Memory bus and no stream open here: nobody anywhere to hand the rows to (they are not even built).
    if (!this.bus.distributed && this.audiences.size === 0) return;
    const byWorkspace = new Map<string, AuditEventRow[]>();
    for (const row of items() as unknown as AuditEventRow[]) {
      // Account-level events (no workspace) have no stream to go to.
      const workspaceId = row.workspace_id;
      if (workspaceId === null) continue;
      // Memory bus: nobody else can be listening, so without a stream here there is no one.
      if (!this.bus.distributed && !this.audiences.has(workspaceId)) continue;
      const list = byWorkspace.get(workspaceId);
      if (list) list.push(row);
      else byWorkspace.set(workspaceId, [row]);
    }
    for (const [workspaceId, events] of byWorkspace) {
      const channel = eventsChannelOf(workspaceId);
      const publish = (): Promise<void> => this.bus.publish(channel, { events: events.map(toEventView) });
      if (this.audiences.has(workspaceId)) publish().catch(this.onError);
      else this.bus.hasSubscribers(channel).then((heard) => (heard ? publish() : undefined)).catch(this.onError);
    }
  };

  listen(workspaceId: string, listener: EventListener): () => void {
    let audience = this.audiences.get(workspaceId);
    if (!audience) {
      const listeners = new Set<EventListener>();
      const unsubscribe = this.bus.subscribe(eventsChannelOf(workspaceId), (message) => {
        const events = (message as { events?: unknown } | null)?.events;
        if (!Array.isArray(events)) return;
        for (const event of events as EventView[]) {
          if (!event || typeof event !== 'object' || typeof event.id !== 'string' || event.workspace_id !== workspaceId) continue;
          for (const each of [...listeners]) each(event);
        }
      });
      audience = { listeners, unsubscribe };
      this.audiences.set(workspaceId, audience);
    }
    const mine = audience;
    mine.listeners.add(listener);
    return () => {
      if (!mine.listeners.delete(listener) || mine.listeners.size > 0 || this.audiences.get(workspaceId) !== mine) return;
      this.audiences.delete(workspaceId);
      mine.unsubscribe();
    };
  }

  get openStreams(): number {
    let n = 0;
    for (const audience of this.audiences.values()) n += audience.listeners.size;
    return n;
  }

  close(): void {
    for (const audience of this.audiences.values()) audience.unsubscribe();
    this.audiences.clear();
  }
}
