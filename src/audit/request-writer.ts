import type { Database, Queryable } from '../store/database.js';
import type { Actor } from '../auth/principal.js';
import { newId } from '../lib/ids.js';
import { AUDIT_COMMITTED_TOPIC, type AuditEventRow } from './audit-store.js';
import { appendRequestBatch, ensureDayPartition, forgetPartitions, storedRequestIds } from './request-log.js';
import { MAX_BATCH_EVENTS, MAX_BATCH_SPAN_MS, packLines, withEventHashes, type LinesBatch } from './request-batch.js';
import { memoryBacklog, type RequestBacklog } from './request-backlog.js';
import { countRequestRollups } from '../usage/usage-rollups.js';

/**
 * `maxBatchRows` per store. PGlite writes on the event loop: bound how long one write holds
 * requests up (≈ 500 × 4 µs). PostgreSQL: enough for any flush of a running instance, and it keeps
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

/** A chain's events that become one batch. */
interface Chunk {
  chain: string;
  events: RequestEvent[];
}

/** The event's `data` (null: none): its session and the gateway route that matched. */
function dataOf(event: RequestEvent): Record<string, unknown> | null {
  if (!event.sessionId && event.route == null) return null;
  const data: Record<string, unknown> = {};
  if (event.sessionId) data.session_id = event.sessionId;
  if (event.route != null) data.route = event.route;
  return data;
}

/** The audit row of a stored request event (for the live stream; withEventHashes adds its own hash). */
function rowOfRequest(event: RequestEvent, chainSeq: number): AuditEventRow {
  return {
    id: event.id!,
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
    data: dataOf(event) ?? {},
    created_at: new Date(event.atMs),
    chain_seq: chainSeq,
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
  /** Batches written (one row of request_batches, one link of a chain, each). */
  batches: number;
  /** The batches' content as hashed (dictionaries and lines), before the database stores it. */
  batchBytes: number;
  dropped: number;
  queued: number;
  flushes: number;
  /** Writes the flushes made: one statement for a lone batch, else one transaction for up to maxBatchRows events of several batches. */
  transactions: number;
}

/**
 * Request events (one per authenticated request) go through here: queued in memory, written in
 * batches — one per chain (or per `maxBatchRows` of it), each one statement that also adds its
 * events to the usage rollups; a flush's batches in one transaction unless it has only one — every
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
  private readonly counters = { written: 0, batches: 0, batchBytes: 0, dropped: 0, flushes: 0, transactions: 0 };
  private droppedSinceReport = 0;
  /** Chains whose head row exists (a new chain's is made before its first batch). */
  private readonly knownHeads = new Set<string>();
  private readonly backlog: RequestBacklog;
  /** A flush is writing now. */
  private writing = false;
  /** Moving queued events into the backlog, beside the write in progress. */
  private spooling: Promise<void> = Promise.resolve();

  constructor(private readonly options: RequestWriterOptions) {
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
    // Chains in a fixed order, so that two instances' transactions lock chain heads in the same order.
    const chunks: Chunk[] = [];
    for (const chain of [...byChain.keys()].sort()) for (const events of this.chunksOf(byChain.get(chain)!)) chunks.push({ chain, events });
    // Chunks of several chains share a transaction (up to maxBatchRows events): one round trip per
    // batch, begin and commit once per flush. A transaction that fails is retried at the next flush,
    // and so is the rest of each chain in it (its order in the chain is kept).
    const step = Math.min(this.options.maxBatchRows ?? MAX_BATCH_EVENTS, MAX_BATCH_EVENTS);
    const failedChains = new Set<string>();
    const unwritten = new Set<RequestEvent>();
    let group: Chunk[] = [];
    let groupEvents = 0;
    let transactions = 0;
    const runGroup = async (): Promise<void> => {
      const chunksOfGroup = group.filter((chunk) => {
        if (!failedChains.has(chunk.chain)) return true;
        for (const event of chunk.events) unwritten.add(event);
        return false;
      });
      group = [];
      groupEvents = 0;
      if (chunksOfGroup.length === 0) return;
      // Between two transactions, requests waiting on the event loop go first.
      if (transactions++ > 0) await new Promise((resolve) => setImmediate(resolve));
      try {
        await this.writeChunks(chunksOfGroup, options);
      } catch (error) {
        // A partition dropped meanwhile (retention on another instance) is looked up again next time.
        forgetPartitions(this.options.db);
        this.knownHeads.clear();
        for (const chunk of chunksOfGroup) {
          failedChains.add(chunk.chain);
          for (const event of chunk.events) unwritten.add(event);
        }
        this.options.onError(error);
      }
    };
    for (const chunk of chunks) {
      if (group.length > 0 && groupEvents + chunk.events.length > step) await runGroup();
      group.push(chunk);
      groupEvents += chunk.events.length;
    }
    await runGroup();
    // In the order they came (chunks are per chain; the backlog keeps arrival order across chains).
    return unwritten.size === 0 ? [] : batch.filter((event) => unwritten.has(event));
  }

  /** Writes chunks (one batch each) and their usage rollups in one transaction. */
  private async writeChunks(chunks: readonly Chunk[], options: { checkStored: boolean }): Promise<void> {
    const days = new Set<number>();
    for (const { events } of chunks) {
      let firstMs = Number.POSITIVE_INFINITY;
      for (const event of events) if (event.atMs < firstMs) firstMs = event.atMs;
      days.add(firstMs);
    }
    for (const firstMs of days) await ensureDayPartition(this.options.db, firstMs);
    // Packed (and hashed) before any statement, unless the events must first be checked against what is stored.
    const packed: Array<LinesBatch | null> = chunks.map((chunk) => (options.checkStored ? null : this.pack(chunk.chain, chunk.events)));
    const appended: Array<{ events: RequestEvent[]; seqFrom: number }> = [];
    let bytes = 0;
    const append = async (db: Queryable): Promise<void> => {
      for (let c = 0; c < chunks.length; c++) {
        const chunk = chunks[c]!;
        let events = chunk.events;
        let batch = packed[c];
        if (!batch) {
          const fresh = await notStoredYet(db, chunk.chain, events);
          if (fresh.length === 0) continue;
          events = fresh;
          batch = this.pack(chunk.chain, events);
        }
        const seqFrom = await appendRequestBatch(db, chunk.chain, batch, countRequestRollups(events), this.knownHeads);
        appended.push({ events, seqFrom });
        bytes += batch.bytes;
      }
    };
    // The live stream gets the rows only if some listener takes them (built after commit, not before).
    const rows = (): Record<string, unknown>[] => {
      const out: AuditEventRow[] = [];
      for (const { events, seqFrom } of appended) events.forEach((event, i) => out.push(rowOfRequest(event, seqFrom + i)));
      return withEventHashes(out) as unknown as Record<string, unknown>[];
    };
    const db = this.options.db;
    if (chunks.length === 1 && !options.checkStored) {
      // One batch: its one statement is atomic by itself (no BEGIN/COMMIT round trips).
      await append(db);
      db.notifyOnCommit(AUDIT_COMMITTED_TOPIC, rows);
    } else {
      await db.transaction(async (tx) => {
        appended.length = 0;
        bytes = 0;
        await append(tx);
        tx.notifyOnCommit(AUDIT_COMMITTED_TOPIC, rows);
      });
    }
    let events = 0;
    for (const a of appended) events += a.events.length;
    this.counters.written += events;
    this.counters.transactions++;
    this.counters.batches += appended.length;
    this.counters.batchBytes += bytes;
  }

  /** A chain's events as a format-2 batch, every event with its id. */
  private pack(chain: string, events: RequestEvent[]): LinesBatch {
    for (const event of events) event.id ??= newId('evt', event.atMs);
    return packLines(chain, events as Array<RequestEvent & { id: string }>, dataOf);
  }

  /**
   * A chain's events as batches: at most maxBatchRows (and MAX_BATCH_EVENTS) each, and spanning at
   * most MAX_BATCH_SPAN_MS (a backlog replayed after an outage spans hours).
   */
  private chunksOf(events: RequestEvent[]): RequestEvent[][] {
    const step = Math.min(this.options.maxBatchRows ?? MAX_BATCH_EVENTS, MAX_BATCH_EVENTS);
    const chunks: RequestEvent[][] = [];
    let chunk: RequestEvent[] = [];
    let minMs = 0;
    let maxMs = 0;
    for (const event of events) {
      if (chunk.length > 0 && (chunk.length >= step || Math.max(maxMs, event.atMs) - Math.min(minMs, event.atMs) > MAX_BATCH_SPAN_MS)) {
        chunks.push(chunk);
        chunk = [];
      }
      if (chunk.length === 0) minMs = maxMs = event.atMs;
      else {
        minMs = Math.min(minMs, event.atMs);
        maxMs = Math.max(maxMs, event.atMs);
      }
      chunk.push(event);
    }
    if (chunk.length > 0) chunks.push(chunk);
    return chunks;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
    await this.backlog.close();
  }
}

/** The events not stored yet (a write whose commit was not confirmed may have stored them). */
async function notStoredYet(tx: Queryable, workspaceId: string, events: RequestEvent[]): Promise<RequestEvent[]> {
  let minMs = Number.POSITIVE_INFINITY;
  let maxMs = Number.NEGATIVE_INFINITY;
  for (const event of events) {
    event.id ??= newId('evt', event.atMs);
    minMs = Math.min(minMs, event.atMs);
    maxMs = Math.max(maxMs, event.atMs);
  }
  const known = await storedRequestIds(tx, workspaceId, events.map((event) => event.id!), minMs, maxMs);
  return known.size === 0 ? events : events.filter((event) => !known.has(event.id!));
}
