import type { AuditEventRow } from './audit-store.js';

/** An audit event as the API and the live stream show it. */
export interface EventView {
  id: string;
  type: string;
  workspace_id: string | null;
  actor: { type: string | null; id: string | null };
  target: { type: string; id: string } | null;
  ip: string | null;
  method: string | null;
  path: string | null;
  status: number | null;
  latency_ms: number | null;
  endpoint_class: string | null;
  user_agent: string | null;
  data: Record<string, unknown>;
  created_at: string;
  chain_seq: number | null;
  hash: string | null;
}

export function toEventView(row: AuditEventRow): EventView {
  return {
    id: row.id,
    type: row.type,
    workspace_id: row.workspace_id,
    actor: { type: row.actor_type, id: row.actor_id },
    target: row.target_type && row.target_id ? { type: row.target_type, id: row.target_id } : null,
    ip: row.ip,
    method: row.method,
    path: row.path,
    status: row.status,
    latency_ms: row.latency_ms,
    endpoint_class: row.endpoint_class,
    user_agent: row.user_agent,
    data: row.data,
    created_at: new Date(row.created_at).toISOString(),
    chain_seq: row.chain_seq === null ? null : Number(row.chain_seq),
    hash: row.hash,
  };
}

/** The filters shared by the list, the stream and the stream's resume. */
export interface EventFilter {
  actorType?: string | undefined;
  actorId?: string | undefined;
  type?: string | undefined;
  status?: number | undefined;
}

export function matches(view: EventView, filter: EventFilter): boolean {
  return (filter.actorType === undefined || view.actor.type === filter.actorType) &&
    (filter.actorId === undefined || view.actor.id === filter.actorId) &&
    (filter.type === undefined || view.type === filter.type) &&
    (filter.status === undefined || view.status === filter.status);
}
