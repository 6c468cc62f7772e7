import type { AuditEventRow } from './audit-store.js';

/** Warden's own event families: the host API publishes under its own names (`deal.updated`). */
export const WARDEN_EVENT_PREFIXES: readonly string[] = ['request', 'key.', 'session.', 'login.', 'logout.', '2fa.', 'client.', 'agent.', 'member.', 'user.', 'password.', 'refresh_token.', 'workspace.', 'invitation.', 'stream.'];

export function isWardenEventType(type: string): boolean {
  return WARDEN_EVENT_PREFIXES.some((prefix) => type === prefix || type.startsWith(prefix));
}

/**
 * An audit event as the API and the live stream show it. A host API's event (`POST /v1/events`)
 * also carries its payload's fields at the top level, as seed 000's handlers read them
 * (`JSON.parse(event.data).deal_id`); `data` keeps the payload whole, and no payload field
 * replaces one of the event's own (`id`, `type`, `actor`, `created_at`, …).
 */
export interface EventView {
  [payloadField: string]: unknown;
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
  /**
   * Request events only: the gateway route that matched, as written in the routes file
   * (`GET /v1/deals/**`); null for Warden's own requests.
   */
  route?: string | null;
  user_agent: string | null;
  data: Record<string, unknown>;
  created_at: string;
  chain_seq: number | null;
  hash: string | null;
}

export function toEventView(row: AuditEventRow): EventView {
  const view: EventView = {
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
  // Request events (most of the stream) add only the gateway route; Warden's others keep the plain shape.
  if (row.type === 'request') {
    view.route = typeof row.data.route === 'string' ? row.data.route : null;
    return view;
  }
  if (isWardenEventType(row.type)) return view;
  return withPayloadOnTop(view, row.data);
}

function withPayloadOnTop(view: EventView, payload: Record<string, unknown>): EventView {
  const extra = Object.entries(payload).filter(([field]) => !Object.hasOwn(view, field));
  // fromEntries and spread define properties: a `__proto__` field stays a plain field.
  return extra.length === 0 ? view : { ...view, ...Object.fromEntries(extra) };
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
export type { AuditEventRow } from './audit-store.js';
