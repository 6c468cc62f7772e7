import type { Database, Transaction } from '../store/database.js';
import type { Actor } from '../auth/principal.js';
import { newId } from '../lib/ids.js';
import { appendRows, type NewEventRow } from './audit-store.js';
import { slicedLinker, type ChainLinker } from './chain-link.js';

/**
 * One authenticated request, as captured when its response is sent: a single flat object, since
 * it waits in memory until the next flush (a nested event would be four objects for the garbage
 * collector to copy while they wait). Becomes its audit_events row only when it is written.
 */
export interface RequestEvent {
  workspaceId: string;
  actorType: Actor['type'];
  actorId: string;
  ip: string | null;
  userAgent: string | null;
  method: string;
  /** Secrets in the query already redacted. */
  path: string;
  status: number;
  latencyMs: number;
  endpointClass: string | null;
  sessionId: string | null;
  atMs: number;
}

/** The audit_events row of a captured request. */
function rowOfRequest(event: RequestEvent): NewEventRow {
  return {
    id: newId('evt', event.atMs),
    workspace_id: event.workspaceId,
    type: 'request',
    actor_type: event.actorType,
    actor_id: event.actorId,
    target_type: null,
    target_id: null,
    ip: event.ip,
    method: event.method,
    path: event.path,
    status: event.status,
    latency_ms: event.latencyMs,
    endpoint_class: event.endpointClass,
    user_agent: event.userAgent,
    data: event.sessionId ? { session_id: event.sessionId } : {},
    created_at: new Date(event.atMs),
    chain_seq: null,
    prev_hash: null,
    hash: null,
  };
}

export interface RequestWriterOptions {
  db: Database;
  /** Flush at least this often (≤ 250 ms). */
  intervalMs: number;
  /** Events held at most; beyond it new request events are dropped (counted and logged), never blocking requests. */
  maxQueue: number;
  onError: (error: unknown) => void;
  onDrop: (dropped: number) => void;
  /**
   * Links batches into their chain. Default: on the event loop, a slice at a time (the cheapest in
   * CPU); `WARDEN_AUDIT_THREAD=on` gives it the audit thread.
   */
  link?: ChainLinker;
  /**
   * Events per transaction at most (default: all of a workspace's in one). The embedded PGlite
   * runs on the event loop, so a flush of thousands of rows would hold every request up for its
   * whole length: in transactions of this many, with the event loop served in between, each
   * hold is bounded.
   */
  maxBatchRows?: number;
}

export interface RequestWriterStats {
  written: number;
  dropped: number;
  queued: number;
  flushes: number;
  /** Transactions the flushes took (one per workspace per flush, more when maxBatchRows splits them). */
  transactions: number;
}

const statusClassOf = (status: number): string => `${Math.floor(status / 100)}xx`;
const MINUTE_MS = 60_000;

/** Adds a batch's requests to the per-minute usage rollups. */
async function addToRollups(tx: Transaction, events: readonly RequestEvent[]): Promise<void> {
  const counts = new Map<string, { key: [string, Date, string, string, string, string]; n: number }>();
  for (const event of events) {
    const minuteMs = Math.floor(event.atMs / MINUTE_MS) * MINUTE_MS;
    const endpointClass = event.endpointClass ?? 'standard';
    const statusClass = statusClassOf(event.status);
    const id = `${event.workspaceId}|${minuteMs}|${event.actorType}|${event.actorId}|${endpointClass}|${statusClass}`;
    const entry = counts.get(id);
    if (entry) entry.n++;
    else counts.set(id, { key: [event.workspaceId, new Date(minuteMs), event.actorType, event.actorId, endpointClass, statusClass], n: 1 });
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
 * batches — one transaction per chain (or per `maxBatchRows` of it), which also adds them to the usage rollups — every
 * `intervalMs` and on shutdown. The queue is bounded: when the store cannot keep up, new request
 * events are dropped and counted rather than slowing requests down. (Mutations never come here:
 * they are written in their own transaction.)
 */
export class RequestWriter {
  private queue: RequestEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private readonly counters = { written: 0, dropped: 0, flushes: 0, transactions: 0 };
  private droppedSinceReport = 0;
  private readonly link: ChainLinker;

  constructor(private readonly options: RequestWriterOptions) {
    this.link = options.link ?? slicedLinker();
    this.timer = setInterval(() => void this.flush(), options.intervalMs);
    this.timer.unref();
  }

  enqueue(event: RequestEvent): void {
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
    // A workspace's events are its chain (request events always have a workspace).
    const byChain = new Map<string, RequestEvent[]>();
    for (const event of batch) {
      const list = byChain.get(event.workspaceId);
      if (list) list.push(event);
      else byChain.set(event.workspaceId, [event]);
    }
    const step = this.options.maxBatchRows ?? Number.POSITIVE_INFINITY;
    const chunks: [string, RequestEvent[]][] = [];
    for (const [chain, events] of byChain) {
      for (let i = 0; i < events.length; i += step) chunks.push([chain, events.length <= step ? events : events.slice(i, i + step)]);
    }
    // A chunk that fails is retried at the next flush, and so is the rest of its chain (its order
    // in the chain is kept).
    const failedChains = new Set<string>();
    // Chunks, not events: a chain can hold up to maxQueue events, too many to spread into push().
    const retryChunks: RequestEvent[][] = [];
    for (const [n, [chain, events]] of chunks.entries()) {
      if (failedChains.has(chain)) {
        retryChunks.push(events);
        continue;
      }
      // Between two transactions, requests waiting on the event loop go first.
      if (n > 0 && this.options.maxBatchRows !== undefined) await new Promise((resolve) => setImmediate(resolve));
      try {
        await this.options.db.transaction(async (tx) => {
          await appendRows(tx, chain, events.map(rowOfRequest), this.link);
          await addToRollups(tx, events);
        });
        this.counters.written += events.length;
        this.counters.transactions++;
      } catch (error) {
        failedChains.add(chain);
        retryChunks.push(events);
        this.options.onError(error);
      }
    }
    const retry = retryChunks.flat();
    if (retry.length > 0) {
      // Back in front of what arrived meanwhile, within the bound.
      const room = Math.max(0, this.options.maxQueue - this.queue.length);
      this.queue = [...retry.slice(0, room), ...this.queue];
      this.counters.dropped += retry.length - Math.min(room, retry.length);
    }
    this.counters.flushes++;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
