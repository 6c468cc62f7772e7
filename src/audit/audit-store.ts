import type { Queryable } from '../store/database.js';
import type { RequestContext } from '../auth/principal.js';
import { newId } from '../lib/ids.js';

export interface AuditEventInput {
  workspaceId: string | null;
  /** `{resource}.{past verb}`: `key.created`, `key.revoked`, `login.succeeded`, … */
  type: string;
  context: RequestContext;
  target?: { type: string; id: string };
  status?: number;
  data?: Record<string, unknown>;
}

/** Writes one audit row with the caller's transaction, so the row and the change commit together. */
export async function recordAuditEvent(tx: Queryable, event: AuditEventInput): Promise<string> {
  const id = newId('evt');
  await tx.query(
    `insert into audit_events
       (id, workspace_id, type, actor_type, actor_id, target_type, target_id, ip, method, path, status, user_agent, data)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      id,
      event.workspaceId,
      event.type,
      event.context.actor.type,
      event.context.actor.id,
      event.target?.type ?? null,
      event.target?.id ?? null,
      event.context.ip,
      event.context.method,
      event.context.path,
      event.status ?? null,
      event.context.userAgent,
      JSON.stringify(event.data ?? {}),
    ],
  );
  return id;
}
