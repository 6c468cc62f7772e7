import type { Database } from '../store/database.js';
import type { Clock } from '../lib/clock.js';
import { deleteEventsBefore } from './event-queries.js';
import { ensureDayPartition, pruneRequestLog } from './request-log.js';
import { MAX_BATCH_SPAN_MS } from './request-batch.js';
import { deleteRollupsBefore } from '../usage/usage-rollups.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** What one retention run removed. */
export interface RetentionCounts {
  /** Security events and changes (WARDEN_AUDIT_RETENTION_DAYS). */
  events: number;
  /** Request events (WARDEN_AUDIT_REQUEST_RETENTION_DAYS), batched or of the old one-row layout. */
  requestEvents: number;
  /** Day partitions of the request log dropped whole. */
  partitions: number;
  rollups: number;
}

/**
 * Hourly (and once shortly after start): drops request events older than
 * WARDEN_AUDIT_REQUEST_RETENTION_DAYS (whole day partitions, no row deletes on the hot table), and
 * deletes security events and usage rollups older than WARDEN_AUDIT_RETENTION_DAYS; then runs the other domains' housekeeping handed in as `alsoPrune` (spent
 * key-exchange sessions). Several instances may run it at once: deletes are idempotent.
 */
export class AuditRetention {
  private readonly timer: NodeJS.Timeout;
  private readonly first: NodeJS.Timeout;

  constructor(
    private readonly options: {
      db: Database;
      clock: Clock;
      retentionDays: number;
      /** Raw request events are kept this long (default: as long as the rest). */
      requestRetentionDays?: number;
      onError: (error: unknown) => void;
      onDeleted: (counts: RetentionCounts) => void;
      /** Other domains' housekeeping on the same schedule (given the current time). */
      alsoPrune?: (nowMs: number) => Promise<unknown>;
    },
  ) {
    const tick = (): void => void this.run().catch(options.onError);
    this.first = setTimeout(tick, 60_000);
    this.first.unref();
    this.timer = setInterval(tick, HOUR_MS);
    this.timer.unref();
  }

  async run(nowMs: number = this.options.clock.nowMs()): Promise<RetentionCounts> {
    const before = new Date(nowMs - this.options.retentionDays * DAY_MS);
    const requestsBefore = new Date(nowMs - (this.options.requestRetentionDays ?? this.options.retentionDays) * DAY_MS);
    // Tomorrow's day partition now, not at midnight by the first flush that needs it (creating a
    // partition briefly locks the parent table).
    await ensureDayPartition(this.options.db, nowMs + DAY_MS);
    // Request events first: what they leave (stubs) is then pruned with the security events.
    const requests = await pruneRequestLog(this.options.db, requestsBefore, MAX_BATCH_SPAN_MS);
    const counts: RetentionCounts = {
      events: await deleteEventsBefore(this.options.db, before),
      requestEvents: requests.events,
      partitions: requests.partitions,
      rollups: await deleteRollupsBefore(this.options.db, before),
    };
    await this.options.alsoPrune?.(nowMs);
    if (counts.events > 0 || counts.requestEvents > 0 || counts.rollups > 0) this.options.onDeleted(counts);
    return counts;
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.first);
  }
}
