import { queryString } from './api';

export interface AuditFilters {
  type: string;
  actorType: string;
  apiKeyId: string;
  /** datetime-local values (the browser's time zone). */
  since: string;
  until: string;
}

export const EMPTY_FILTERS: AuditFilters = { type: '', actorType: '', apiKeyId: '', since: '', until: '' };

function iso(local: string): string | undefined {
  if (!local) return undefined;
  const ms = Date.parse(local);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The /v1/events query for these filters and a page cursor. */
export function eventsQuery(filters: AuditFilters, cursor: string | null, limit = 50): string {
  return queryString({
    type: filters.type.trim() || undefined,
    actor_type: filters.actorType || undefined,
    api_key_id: filters.apiKeyId.trim() || undefined,
    since: iso(filters.since),
    until: iso(filters.until),
    cursor,
    limit,
  });
}

/** Whether a live event belongs in the table under these filters (the stream itself is unfiltered). */
export function matchesFilters(event: { type: string; actor: { type: string | null; id: string | null }; created_at: string }, filters: AuditFilters): boolean {
  if (filters.type.trim() && event.type !== filters.type.trim()) return false;
  if (filters.actorType && event.actor.type !== filters.actorType) return false;
  if (filters.apiKeyId.trim() && !(event.actor.type === 'api_key' && event.actor.id === filters.apiKeyId.trim())) return false;
  const at = Date.parse(event.created_at);
  const since = iso(filters.since);
  const until = iso(filters.until);
  if (since && at < Date.parse(since)) return false;
  if (until && at >= Date.parse(until)) return false;
  return true;
}
