import type { Database, Queryable } from '../store/database.js';
import { BUS_RESYNC_CHANNEL, type Bus } from '../store/bus/bus.js';
import type { Clock } from '../lib/clock.js';

export const TOKEN_REVOCATION_CHANNEL = 'tokens.revoked';

/** Records a revoked token (RFC 7009) in the caller's transaction. */
export async function insertRevokedToken(tx: Queryable, jti: string, expiresAt: Date): Promise<void> {
  await tx.query('insert into revoked_tokens (jti, expires_at) values ($1, $2) on conflict (jti) do nothing', [jti, expiresAt]);
}

export interface TokenDenyListOptions {
  db: Database;
  bus: Bus;
  clock: Clock;
  /** How often the list is read again from the store (instances that missed a bus message catch up). */
  reloadIntervalMs: number;
  onError: (error: unknown) => void;
}

/**
 * Single access tokens revoked before their `exp` (RFC 7009), by `jti`. The whole list lives in
 * memory — it only holds tokens revoked one by one, and each leaves once it would have expired —
 * loaded at start-up, pushed through the bus on revocation and re-read periodically.
 */
export class TokenDenyList {
  private expiresAtMsByJti = new Map<string, number>();
  private readonly unsubscribe: () => void;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly options: TokenDenyListOptions) {
    const unsubscribes = [
      options.bus.subscribe(TOKEN_REVOCATION_CHANNEL, (message) => {
        const { jti, expiresAtMs } = message as { jti?: unknown; expiresAtMs?: unknown };
        if (typeof jti === 'string' && typeof expiresAtMs === 'number') this.expiresAtMsByJti.set(jti, expiresAtMs);
      }),
      // Revocations announced while the bus was disconnected were missed: read the list again.
      options.bus.subscribe(BUS_RESYNC_CHANNEL, () => void this.reload().catch(options.onError)),
    ];
    this.unsubscribe = () => unsubscribes.forEach((unsubscribe) => unsubscribe());
  }

  async start(): Promise<void> {
    await this.reload();
    this.timer = setInterval(() => this.reload().catch(this.options.onError), this.options.reloadIntervalMs);
    this.timer.unref();
  }

  async reload(): Promise<void> {
    const now = new Date(this.options.clock.nowMs());
    await pruneRevokedTokens(this.options.db, now);
    const rows = await this.options.db.query<{ jti: string; expires_at: Date }>('select jti, expires_at from revoked_tokens where expires_at > $1', [now]);
    const fresh = new Map(rows.map((row) => [row.jti, row.expires_at.getTime()]));
    // Entries announced on the bus while the query ran stay.
    for (const [jti, expiresAtMs] of this.expiresAtMsByJti) if (expiresAtMs > now.getTime() && !fresh.has(jti)) fresh.set(jti, expiresAtMs);
    this.expiresAtMsByJti = fresh;
  }

  isRevoked(jti: string): boolean {
    return this.expiresAtMsByJti.has(jti);
  }

  async announce(jti: string, expiresAtMs: number): Promise<void> {
    await this.options.bus.publish(TOKEN_REVOCATION_CHANNEL, { jti, expiresAtMs });
  }

  close(): void {
    this.unsubscribe();
    if (this.timer) clearInterval(this.timer);
  }
}

/** Deletes revoked-token rows whose tokens have expired anyway. */
export async function pruneRevokedTokens(db: Queryable, now: Date): Promise<void> {
  await db.query('delete from revoked_tokens where expires_at <= $1', [now]);
}
