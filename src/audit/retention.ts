import type { Database } from '../store/database.js';
import type { Clock } from '../lib/clock.js';
import { deleteEventsBefore } from './event-queries.js';
import { deleteRollupsBefore } from '../usage/usage-rollups.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Deletes audit events and usage rollups older than WARDEN_AUDIT_RETENTION_DAYS hourly (and once
 * shortly after start), then runs the other domains' housekeeping handed in as `alsoPrune` (spent
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
      onError: (error: unknown) => void;
      onDeleted: (counts: { events: number; rollups: number }) => void;
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

  async run(nowMs: number = this.options.clock.nowMs()): Promise<{ events: number; rollups: number }> {
    const before = new Date(nowMs - this.options.retentionDays * DAY_MS);
    const counts = { events: await deleteEventsBefore(this.options.db, before), rollups: await deleteRollupsBefore(this.options.db, before) };
    await this.options.alsoPrune?.(nowMs);
    if (counts.events > 0 || counts.rollups > 0) this.options.onDeleted(counts);
    return counts;
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.first);
  }
}
