import type { Database } from '../store/database.js';
import type { Bus } from '../store/bus/bus.js';
import type { Clock } from '../lib/clock.js';
import type { RequestContext } from '../auth/principal.js';
import { recordAuditEvent } from '../audit/record-audit-event.js';
import { revokeGrant } from './grant-store.js';
import { invalidateGrants } from './grant-verifier.js';

/** Ends one grant (an API-key exchange session: logout with its token); its tokens are refused at once. */
export async function endGrant(
  deps: { db: Database; bus: Bus; clock: Clock },
  grantId: string,
  workspaceId: string,
  context: RequestContext,
): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const grant = await revokeGrant(tx, grantId, new Date(deps.clock.nowMs()));
    await recordAuditEvent(tx, {
      workspaceId,
      type: 'session.revoked',
      context,
      target: { type: 'grant', id: grantId },
      data: { reason: 'logout', kind: grant?.kind ?? null, subject_id: grant?.subject_id ?? null },
    });
  });
  await invalidateGrants(deps.bus, [grantId]);
}
