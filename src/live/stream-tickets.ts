import type { Database } from '../store/database.js';
import type { Clock } from '../lib/clock.js';
import { sha256Hex } from '../lib/hash.js';
import { generateChecksummedSecret, isChecksummedSecret } from '../lib/checksummed-secret.js';
import { ScopeSet } from '../auth/scopes.js';
import type { Principal } from '../auth/principal.js';
import type { StreamAuthority } from './stream-access.js';

export const TICKET_PREFIX = 'st_';
export const TICKET_TTL_SECONDS = 60;

interface StoredPrincipal {
  type: Principal['type'];
  id: string;
  workspaceId: string;
  environment: Principal['environment'];
  scopes: string[];
  sessionId: string | null;
  role: Principal['role'] | null;
  /** What created the ticket: checked again when it is redeemed and while its stream is open. */
  authority?: StreamAuthority;
}

/**
 * `st_` tickets: a browser's EventSource cannot send headers, and a long-lived credential in a URL
 * ends up in logs. A ticket is single use, valid 60 s, and opens a stream as its creator —
 * same workspace, same scopes — if the creator could still open it (the caller checks the
 * returned authority). Kept in the store, so any instance can redeem it.
 */
export class StreamTickets {
  constructor(private readonly db: Database, private readonly clock: Clock) {}

  async issue(principal: Principal, authority: StreamAuthority): Promise<{ ticket: string; expiresIn: number }> {
    const ticket = generateChecksummedSecret(TICKET_PREFIX);
    const stored: StoredPrincipal = {
      type: principal.type,
      id: principal.id,
      workspaceId: principal.workspaceId,
      environment: principal.environment,
      scopes: [...principal.scopes.names],
      sessionId: principal.sessionId ?? null,
      role: principal.role ?? null,
      authority,
    };
    const nowMs = this.clock.nowMs();
    await this.db.query('delete from stream_tickets where expires_at < $1', [new Date(nowMs - 3_600_000)]);
    await this.db.query('insert into stream_tickets (ticket_hash, workspace_id, principal, expires_at) values ($1, $2, $3, $4)', [
      sha256Hex(ticket), principal.workspaceId, JSON.stringify(stored), new Date(nowMs + TICKET_TTL_SECONDS * 1000),
    ]);
    return { ticket, expiresIn: TICKET_TTL_SECONDS };
  }

  /** The creator and what it held, if the ticket is live and unused; it is used up either way. */
  async redeem(ticket: string): Promise<{ principal: Principal; authority: StreamAuthority } | null> {
    if (!isChecksummedSecret(TICKET_PREFIX, ticket)) return null;
    const now = new Date(this.clock.nowMs());
    const [row] = await this.db.query<{ principal: StoredPrincipal }>(
      'update stream_tickets set used_at = $2 where ticket_hash = $1 and used_at is null and expires_at > $2 returning principal',
      [sha256Hex(ticket), now],
    );
    // A ticket from before tickets recorded their creator's credential cannot be checked: refused.
    const p = row?.principal;
    if (!p?.authority) return null;
    const principal: Principal = {
      type: p.type, id: p.id, workspaceId: p.workspaceId, environment: p.environment, scopes: new ScopeSet(p.scopes),
      ...(p.sessionId ? { sessionId: p.sessionId } : {}),
      ...(p.role ? { role: p.role } : {}),
    };
    return { principal, authority: p.authority };
  }
}
