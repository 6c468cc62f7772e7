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

/** A batch's requests counted per rollup row: parallel arrays, one element per row. */
export interface RollupCounts {
  minutes: string[];
  actorTypes: string[];
  actorIds: string[];
  endpointClasses: string[];
  statusClasses: string[];
  requests: number[];
}

/** Counts requests (of one workspace) per minute, actor, endpoint class and status class. */
export function countRequestRollups(events: readonly RolledUpRequest[]): RollupCounts {
  const counts: RollupCounts = { minutes: [], actorTypes: [], actorIds: [], endpointClasses: [], statusClasses: [], requests: [] };
  const rowOf = new Map<string, number>();
  // Events in a row mostly fall in the same rollup as the one before: compared field by field, no key built.
  let last: RolledUpRequest | null = null;
  let lastMinuteMs = -1;
  let lastRow = -1;
  for (const event of events) {
    const minuteMs = Math.floor(event.atMs / MINUTE_MS) * MINUTE_MS;
    if (last !== null && minuteMs === lastMinuteMs && event.actorId === last.actorId && event.actorType === last.actorType &&
      event.endpointClass === last.endpointClass && Math.floor(event.status / 100) === Math.floor(last.status / 100)) {
      counts.requests[lastRow]!++;
      continue;
    }
    const endpointClass = event.endpointClass ?? 'standard';
    const statusClass = statusClassOf(event.status);
    const id = `${minuteMs}|${event.actorType}|${event.actorId}|${endpointClass}|${statusClass}`;
    let row = rowOf.get(id);
    if (row !== undefined) counts.requests[row]!++;
    else {
      row = counts.requests.length;
      rowOf.set(id, row);
      // The minute as ISO text: the driver would format a Date for each row.
      counts.minutes.push(new Date(minuteMs).toISOString());
      counts.actorTypes.push(event.actorType);
      counts.actorIds.push(event.actorId);
      counts.endpointClasses.push(endpointClass);
      counts.statusClasses.push(statusClass);
      counts.requests.push(1);
    }
    last = event;
    lastMinuteMs = minuteMs;
    lastRow = row;
  }
  return counts;
}

/** The parameters of rollupUpsert, in order (six arrays). */
export const rollupParams = (counts: RollupCounts): unknown[] =>
  [counts.minutes, counts.actorTypes, counts.actorIds, counts.endpointClasses, counts.statusClasses, counts.requests];

/**
 * A call of add_request_rollups (migrations/014_request_batch_lines.sql) that adds counts to a
 * workspace's rollups, for the caller's statement (so that the rollups commit with what they
 * count): `workspace` is the SQL of its id, the counts are parameters `$first`…`$first+5` (rollupParams).
 */
export function rollupCall(workspace: string, first: number): string {
  const p = (i: number): string => `$${first + i}`;
  return `add_request_rollups(${workspace}, ${p(0)}::timestamptz[], ${p(1)}::text[], ${p(2)}::text[], ${p(3)}::text[], ${p(4)}::text[], ${p(5)}::integer[])`;
}

/** Deletes rollup minutes before `before` (retention); returns how many rows went. */
export async function deleteRollupsBefore(db: Queryable, before: Date): Promise<number> {
  const [row] = await db.query<{ n: string }>('with gone as (delete from usage_rollups where minute < $1 returning 1) select count(*) as n from gone', [before]);
  return Number(row?.n ?? 0);
}
