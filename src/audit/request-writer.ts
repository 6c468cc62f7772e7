import type { Database, Transaction } from '../store/database.js';
import type { Actor } from '../auth/principal.js';
import { newId } from '../lib/ids.js';
import { appendRows, type NewEventRow } from './audit-store.js';
import { slicedLinker, type ChainLinker } from './chain-link.js';
import { memoryBacklog, type RequestBacklog } from './request-backlog.js';
import { addRequestRollups } from '../usage/usage-rollups.js';

/**
 * `maxBatchRows` per store. PGlite writes on the event loop: bound how long one transaction holds
 * requests up (≈ 500 × 25 µs). PostgreSQL: enough for any flush of a running instance, and it keeps
 * the replay of a long outage's backlog in transactions that finish well within
 * WARDEN_DATABASE_QUERY_TIMEOUT_MS.
 */
export const MAX_BATCH_ROWS = { pglite: 500, postgres: 10_000 } as const;

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
  /** The gateway route that matched (`GET /v1/deals/**`), kept in the event's data; null off the gateway. */
  route?: string | null;
  atMs: number;
  /**
   * Its audit_events id, given when it is first written or spooled: a retry or a replay writes the
   * same id, so it can tell an event that is stored already (a commit whose answer was lost).
   */
  id?: string;
}

function dataOfRequest(event: RequestEvent): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  if (event.sessionId) data.session_id = event.sessionId;
  if (event.route) data.route = event.route;
  return data;
}

/** The audit_events row of a captured request. */
function rowOfRequest(event: RequestEvent): NewEventRow {
  return {
    id: (event.id ??= newId('evt', event.atMs)),
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
    data: dataOfRequest(event),
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
  /**
   * Where events wait while the database does not take them (default: in memory). A RequestSpool
   * keeps them on disk: while it holds any, or while a write is still going when the next interval
   * comes, each interval's events go there rather than waiting in memory, so a process that dies
   * during an outage loses no more than it would otherwise (one interval's).
   */
  backlog?: RequestBacklog;
}

export interface RequestWriterStats {
  written: number;
  dropped: number;
  queued: number;
  flushes: number;
  /** Transactions the flushes took (one per workspace per flush, more when maxBatchRows splits them). */
  transactions: number;
}

/**
 * Request events (one per authenticated request) go through here: queued in memory, written in
 * batches — one transaction per chain (or per `maxBatchRows` of it), which also adds them to the usage rollups — every
 * `intervalMs` and on shutdown. The queue is bounded: when the store cannot keep up, new request
 * events are dropped and counted rather than slowing requests down. (Mutations never come here:
 * they are written in their own transaction.)
 *
 * Events a write could not store wait in the backlog (in memory, or spooled to disk) and go first
 * at the next flush, in order; the backlog's events are written with their ids checked against
 * what is stored, so none is written twice.
 */
export class RequestWriter {
  private queue: RequestEvent[] = [];
  private flushing: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private readonly counters = { written: 0, dropped: 0, flushes: 0, transactions: 0 };
  private droppedSinceReport = 0;
  private readonly link: ChainLinker;
  private readonly backlog: RequestBacklog;
  /** A flush is writing now. */
  private writing = false;
  /** Moving queued events into the backlog, beside the write in progress. */
  private spooling: Promise<void> = Promise.resolve();

  constructor(private readonly options: RequestWriterOptions) {
    this.link = options.link ?? slicedLinker();
    this.backlog = options.backlog ?? memoryBacklog();
    this.timer = setInterval(() => this.tick(), options.intervalMs);
    this.timer.unref();
  }

  enqueue(event: RequestEvent): void {
    if (this.queue.length + this.backlog.size >= this.options.maxQueue) {
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
    return { ...this.counters, queued: this.queue.length + this.backlog.size };
  }

  private tick(): void {
    // The database is away (events wait in the backlog already) or slow (the last write is still
    // going): this interval's events join the backlog now instead of waiting in memory for it.
    if (this.queue.length > 0 && (this.backlog.size > 0 || this.writing)) {
      const events = this.takeQueue();
      this.spooling = this.spooling.then(() => this.backlog.add(events)).catch((error: unknown) => this.putBack(events, error));
    }
    void this.flush();
  }

  /** The queue, every event with its id. */
  private takeQueue(): RequestEvent[] {
    const events = this.queue;
    this.queue = [];
    for (const event of events) event.id ??= newId('evt', event.atMs);
    return events;
  }

  /** Events the backlog could not take (a full disk) wait in memory again, in front, within the bound. */
  private putBack(events: readonly RequestEvent[], error: unknown): void {
    this.options.onError(error);
    const room = Math.max(0, this.options.maxQueue - this.queue.length - this.backlog.size);
    this.queue = events.slice(0, room).concat(this.queue);
    this.counters.dropped += events.length - Math.min(room, events.length);
  }

  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce());
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    // What the ticks moved to the backlog meanwhile is there before the backlog is read.
    await this.spooling;
    if (this.queue.length === 0 && this.backlog.size === 0) return;
    this.writing = true;
    try {
      if (this.backlog.size === 0) {
        const events = this.takeQueue();
        const unwritten = await this.write(events, { checkStored: false });
        // In front of whatever the ticks spooled while this write was going.
        if (unwritten.length > 0) await this.backlog.settle(unwritten, 0).catch((error: unknown) => this.putBack(unwritten, error));
      } else {
        // The backlog first, in order, then what was queued since.
        const events = this.takeQueue();
        if (events.length > 0) await this.backlog.add(events).catch((error: unknown) => this.putBack(events, error));
        const waiting = await this.backlog.read();
        const unwritten = await this.write(waiting.events, { checkStored: true });
        await this.backlog.settle(unwritten, waiting.end);
      }
    } catch (error) {
      // The backlog itself failed (a disk error); its events stay where they were.
      this.options.onError(error);
    } finally {
      this.writing = false;
      this.counters.flushes++;
    }
  }

  /** Writes events, a chain at a time; returns those not written, in order. */
  private async write(batch: readonly RequestEvent[], options: { checkStored: boolean }): Promise<RequestEvent[]> {
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
    const unwritten = new Set<RequestEvent>();
    for (const [n, [chain, events]] of chunks.entries()) {
      if (failedChains.has(chain)) {
        for (const event of events) unwritten.add(event);
        continue;
      }
      // Between two transactions, requests waiting on the event loop go first.
      if (n > 0 && this.options.maxBatchRows !== undefined) await new Promise((resolve) => setImmediate(resolve));
      try {
        const stored = await this.options.db.transaction(async (tx) => {
          const fresh = options.checkStored ? await notStoredYet(tx, events) : events;
          if (fresh.length === 0) return 0;
          await appendRows(tx, chain, fresh.map(rowOfRequest), this.link);
          await addRequestRollups(tx, fresh);
          return fresh.length;
        });
        this.counters.written += stored;
        this.counters.transactions++;
      } catch (error) {
        failedChains.add(chain);
        for (const event of events) unwritten.add(event);
        this.options.onError(error);
      }
    }
    // In the order they came (chunks are per chain; the backlog keeps arrival order across chains).
    return unwritten.size === 0 ? [] : batch.filter((event) => unwritten.has(event));
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await this.backlog.close();
  }
}

/** The events whose ids are not in audit_events yet (a write whose commit was not confirmed may have stored them). */
async function notStoredYet(tx: Transaction, events: RequestEvent[]): Promise<RequestEvent[]> {
  for (const event of events) event.id ??= newId('evt', event.atMs);
  const stored = await tx.query<{ id: string }>('select id from audit_events where id = any($1::text[])', [events.map((event) => event.id)]);
  if (stored.length === 0) return events;
  const known = new Set(stored.map((row) => row.id));
  return events.filter((event) => !known.has(event.id!));
}
