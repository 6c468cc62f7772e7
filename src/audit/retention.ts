import type { Database } from '../store/database.js';
import type { Clock } from '../lib/clock.js';
import { deleteOlderThan } from './event-queries.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * Deletes audit events and usage rollups older than WARDEN_AUDIT_RETENTION_DAYS, and key-exchange
 * sessions whose tokens expired over a day ago, hourly (and once shortly after start). Several instances may run it at once: deletes are idempotent.
 */
export class AuditRetention {
  private readonly timer: NodeJS.Timeout;
  private readonly first: NodeJS.Timeout;

  constructor(
    private readonly options: { db: Database; clock: Clock; retentionDays: number; onError: (error: unknown) => void; onDeleted: (counts: { events: number; rollups: number }) => void },
  ) {
    const tick = (): void => void this.run().catch(options.onError);
    this.first = setTimeout(tick, 60_000);
    this.first.unref();
    this.timer = setInterval(tick, HOUR_MS);
    this.timer.unref();
  }

  async run(nowMs: number = this.options.clock.nowMs()): Promise<{ events: number; rollups: number }> {
    const before = new Date(nowMs - this.options.retentionDays * DAY_MS);
    const counts = await deleteOlderThan(this.options.db, before);
    // Spent key-exchange sessions (their tokens have expired) need no row after a day.
    await this.options.db.query(
      "delete from token_grants where kind = 'key' and expires_at < $1",
      [new Date(nowMs - DAY_MS)],
    );
    if (counts.events > 0 || counts.rollups > 0) this.options.onDeleted(counts);
    return counts;
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.first);
  }
}
