import type { Database, Transaction } from '../store/database.js';
import { appendToChain, chainOf, type AuditEventInput } from './audit-store.js';
import type { ChainLinker } from './chain-link.js';

export interface RequestWriterOptions {
  db: Database;
  /** Flush at least this often (≤ 250 ms). */
  intervalMs: number;
  /** Events held at most; beyond it new request events are dropped (counted and logged), never blocking requests. */
  maxQueue: number;
  onError: (error: unknown) => void;
  onDrop: (dropped: number) => void;
  /** Links batches into their chain (default: on the event loop; services give it the audit thread). */
  link?: ChainLinker;
}

export interface RequestWriterStats {
  written: number;
  dropped: number;
  queued: number;
  flushes: number;
}

const statusClassOf = (status: number | undefined): string => (status === undefined ? 'unknown' : `${Math.floor(status / 100)}xx`);
const MINUTE_MS = 60_000;

/** Adds a batch's requests to the per-minute usage rollups. */
async function addToRollups(tx: Transaction, events: readonly AuditEventInput[]): Promise<void> {
  const counts = new Map<string, { key: [string, Date, string, string, string, string]; n: number }>();
  for (const event of events) {
    if (!event.workspaceId) continue;
    const minute = new Date(Math.floor((event.at ?? new Date()).getTime() / MINUTE_MS) * MINUTE_MS);
    const key: [string, Date, string, string, string, string] = [
      event.workspaceId, minute, event.context.actor.type, event.context.actor.id, event.endpointClass ?? 'standard', statusClassOf(event.status),
    ];
    const id = `${key[0]}|${minute.getTime()}|${key[2]}|${key[3]}|${key[4]}|${key[5]}`;
    const entry = counts.get(id);
    if (entry) entry.n++;
    else counts.set(id, { key, n: 1 });
  }
  const entries = [...counts.values()];
  for (let i = 0; i < entries.length; i += 500) {
    const params: unknown[] = [];
    const tuples = entries.slice(i, i + 500).map(({ key, n }) => {
      const start = params.length;
      params.push(...key, n);
      return `($${start + 1}, $${start + 2}, $${start + 3}, $${start + 4}, $${start + 5}, $${start + 6}, $${start + 7})`;
    });
    await tx.query(
      `insert into usage_rollups (workspace_id, minute, actor_type, actor_id, endpoint_class, status_class, requests)
       values ${tuples.join(', ')}
       on conflict (workspace_id, minute, actor_type, actor_id, endpoint_class, status_class)
       do update set requests = usage_rollups.requests + excluded.requests`,
      params,
    );
  }
}

/**
 * Request events (one per authenticated request) go through here: queued in memory, written in
 * batches — one transaction per chain, which also adds them to the usage rollups — every
 * `intervalMs` and on shutdown. The queue is bounded: when the store cannot keep up, new request
 * events are dropped and counted rather than slowing requests down. (Mutations never come here:
 * they are written in their own transaction.)
 */
export class RequestWriter {
  private queue: AuditEventInput[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private readonly counters = { written: 0, dropped: 0, flushes: 0 };
  private droppedSinceReport = 0;

  constructor(private readonly options: RequestWriterOptions) {
    this.timer = setInterval(() => void this.flush(), options.intervalMs);
    this.timer.unref();
  }

  enqueue(event: AuditEventInput): void {
    if (this.queue.length >= this.options.maxQueue) {
      this.counters.dropped++;
      if (this.droppedSinceReport++ === 0) queueMicrotask(() => this.reportDrops());
      return;
    }
    this.queue.push(event);
  }

  private reportDrops(): void {
    // One log line per burst of drops, not one per event.
    setTimeout(() => {
      this.options.onDrop(this.droppedSinceReport);
      this.droppedSinceReport = 0;
    }, 1000).unref();
  }

  get stats(): RequestWriterStats {
    return { ...this.counters, queued: this.queue.length };
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce());
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const byChain = new Map<string, AuditEventInput[]>();
    for (const event of batch) {
      const chain = chainOf(event.workspaceId);
      const list = byChain.get(chain);
      if (list) list.push(event);
      else byChain.set(chain, [event]);
    }
    for (const [chain, events] of byChain) {
      try {
        await this.options.db.transaction(async (tx) => {
          await appendToChain(tx, chain, events, this.options.link);
          await addToRollups(tx, events);
        });
        this.counters.written += events.length;
      } catch (error) {
        // Put them back in front (within the bound) for the next flush.
        const room = Math.max(0, this.options.maxQueue - this.queue.length);
        this.queue = [...events.slice(0, room), ...this.queue];
        this.counters.dropped += events.length - Math.min(room, events.length);
        this.options.onError(error);
      }
    }
    this.counters.flushes++;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
