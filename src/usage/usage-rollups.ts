import type { Queryable } from '../store/database.js';

/** What a request contributes to the rollups (a request event has these fields and more). */
export interface RolledUpRequest {
  workspaceId: string;
  actorType: string;
  actorId: string;
  endpointClass: string | null;
  status: number;
  atMs: number;
}

const statusClassOf = (status: number): string => `${Math.floor(status / 100)}xx`;
const MINUTE_MS = 60_000;

/** Adds a batch's requests to the per-minute usage rollups. */
export async function addRequestRollups(tx: Queryable, events: readonly RolledUpRequest[]): Promise<void> {
  const counts = new Map<string, { key: [string, string, string, string, string, string]; n: number }>();
  // Events in a row mostly fall in the same rollup as the one before: compared field by field, no key built.
  let last: RolledUpRequest | null = null;
  let lastMinuteMs = -1;
  let lastEntry: { n: number } | null = null;
  for (const event of events) {
    const minuteMs = Math.floor(event.atMs / MINUTE_MS) * MINUTE_MS;
    if (last !== null && lastEntry !== null && minuteMs === lastMinuteMs && event.workspaceId === last.workspaceId && event.actorId === last.actorId &&
      event.actorType === last.actorType && event.endpointClass === last.endpointClass && Math.floor(event.status / 100) === Math.floor(last.status / 100)) {
      lastEntry.n++;
      continue;
    }
    const endpointClass = event.endpointClass ?? 'standard';
    const statusClass = statusClassOf(event.status);
    const id = `${event.workspaceId}|${minuteMs}|${event.actorType}|${event.actorId}|${endpointClass}|${statusClass}`;
    let entry = counts.get(id);
    if (entry) entry.n++;
    // The minute as ISO text: the driver would format a Date for each entry.
    else counts.set(id, (entry = { key: [event.workspaceId, new Date(minuteMs).toISOString(), event.actorType, event.actorId, endpointClass, statusClass], n: 1 }));
    last = event;
    lastMinuteMs = minuteMs;
    lastEntry = entry;
  }
  const entries = [...counts.values()];
  for (let i = 0; i < entries.length; i += 500) {
    const params: unknown[] = [];
    const tuples = entries.slice(i, i + 500).map(({ key, n }) => {
      const start = params.length;
      params.push(...key, n);
      return `($${start + 1}, $${start + 2}, $${start + 3}, $${start + 4}, $${start + 5}, $${start + 6}, $${start + 7})`;
    });
    await tx.query(
      `insert into usage_rollups (workspace_id, minute, actor_type, actor_id, endpoint_class, status_class, requests)
       values ${tuples.join(', ')}
       on conflict (workspace_id, minute, actor_type, actor_id, endpoint_class, status_class)
       do update set requests = usage_rollups.requests + excluded.requests`,
      params,
    );
  }
}

/** Deletes rollup minutes before `before` (retention); returns how many rows went. */
export async function deleteRollupsBefore(db: Queryable, before: Date): Promise<number> {
  const [row] = await db.query<{ n: string }>('with gone as (delete from usage_rollups where minute < $1 returning 1) select count(*) as n from gone', [before]);
  return Number(row?.n ?? 0);
}
