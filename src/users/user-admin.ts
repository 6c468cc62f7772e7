import type { Database } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import type { Clock } from '../lib/clock.js';
import type { RequestContext } from '../auth/principal.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { revokeSessionsOfUser } from '../sessions/sessions.js';
import { invalidateSessions } from '../sessions/session-verifier.js';
import { normalizeEmail, type UserRow } from './user-store.js';

export class UserNotFoundError extends Error {}

export interface DisableOutcome {
  user: { id: string; email: string; disabled_at: string | null };
  /** Sessions ended by this call (0 when enabling, or when the user was already disabled). */
  sessions_revoked: number;
}

/**
 * Operator action: disabling a user refuses its logins and ends every session it has (with their
 * refresh families and access tokens, which are bound to the session); enabling lets it log in
 * again. One transaction with its audit row; running caches are told through the bus.
 */
export async function setUserDisabled(
  deps: { db: Database; bus: Bus; clock: Clock },
  input: { email: string; disabled: boolean; context: RequestContext },
): Promise<DisableOutcome> {
  const now = new Date(deps.clock.nowMs());
  const { row, hashes } = await deps.db.transaction(async (tx) => {
    const [user] = await tx.query<UserRow>(
      `update users set disabled_at = case when $2 then coalesce(disabled_at, $3) else null end
        where email_normalized = $1 returning *`,
      [normalizeEmail(input.email), input.disabled, now],
    );
    if (!user) throw new UserNotFoundError(`No user has the e-mail address ${input.email}`);
    const revoked = input.disabled ? await revokeSessionsOfUser(tx, user.id, now, null) : [];
    await recordAuditEvent(tx, {
      workspaceId: null,
      type: input.disabled ? 'user.disabled' : 'user.enabled',
      context: input.context,
      target: { type: 'user', id: user.id },
      data: { sessions_revoked: revoked.length },
    });
    return { row: user, hashes: revoked };
  });
  await invalidateSessions(deps.bus, hashes);
  return {
    user: { id: row.id, email: row.email, disabled_at: row.disabled_at ? row.disabled_at.toISOString() : null },
    sessions_revoked: hashes.length,
  };
}
