import type { Queryable } from '../store/database.js';

export type UsageGranularity = 'minute' | 'hour' | 'day';
export const USAGE_GRANULARITIES: readonly UsageGranularity[] = ['minute', 'hour', 'day'];

/** What the rows can be split by; `actor` is actor_type + actor_id together. */
export type UsageDimension = 'actor' | 'endpoint_class' | 'status_class';
export const USAGE_DIMENSIONS: readonly UsageDimension[] = ['actor', 'endpoint_class', 'status_class'];

const COLUMNS: Record<UsageDimension, readonly string[]> = {
  actor: ['actor_type', 'actor_id'],
  endpoint_class: ['endpoint_class'],
  status_class: ['status_class'],
};

export interface UsageQuery {
  workspaceId: string;
  granularity: UsageGranularity;
  /** Rollup minutes at or after. */
  since: Date;
  /** Rollup minutes before. */
  until: Date;
  actorType?: string | undefined;
  actorId?: string | undefined;
  endpointClass?: string | undefined;
  statusClass?: string | undefined;
  groupBy: readonly UsageDimension[];
}

export interface UsageRow {
  /** Start of the bucket (UTC), ISO 8601. */
  bucket: string;
  actor_type?: string;
  actor_id?: string;
  endpoint_class?: string;
  status_class?: string;
  requests: number;
}

interface RawRow {
  bucket: Date;
  requests: string | number | bigint;
  [column: string]: unknown;
}

/**
 * Request counts per bucket (UTC minute, hour or day) from the per-minute usage rollups — never
 * the raw audit events — ordered by bucket, then by the grouped dimensions (byte order, so PGlite
 * and PostgreSQL agree whatever the server's collation).
 */
export async function usageBuckets(db: Queryable, query: UsageQuery): Promise<UsageRow[]> {
  const where = ['workspace_id = $1', 'minute >= $2', 'minute < $3'];
  const params: unknown[] = [query.workspaceId, query.since, query.until];
  const add = (column: string, value: string | undefined): void => {
    if (value === undefined) return;
    params.push(value);
    where.push(`${column} = $${params.length}`);
  };
  add('actor_type', query.actorType);
  add('actor_id', query.actorId);
  add('endpoint_class', query.endpointClass);
  add('status_class', query.statusClass);

  // Canonical order whatever the order in group_by; column names come from COLUMNS only.
  const columns = USAGE_DIMENSIONS.filter((dimension) => query.groupBy.includes(dimension)).flatMap((dimension) => COLUMNS[dimension]);
  // The session time zone must not move day (or hour) boundaries: truncate in UTC. The unit is
  // one of three fixed words, never user text.
  const bucket = `date_trunc('${query.granularity}', minute at time zone 'UTC') at time zone 'UTC'`;
  const rows = await db.query<RawRow>(
    `select ${bucket} as bucket${columns.map((c) => `, ${c}`).join('')}, sum(requests) as requests
       from usage_rollups
      where ${where.join(' and ')}
      group by 1${columns.map((c) => `, ${c}`).join('')}
      order by 1${columns.map((c) => `, ${c} collate "C"`).join('')}`,
    params,
  );
  return rows.map((row) => ({
    bucket: new Date(row.bucket).toISOString(),
    ...Object.fromEntries(columns.map((column) => [column, row[column] as string])),
    // sum(bigint) is numeric: pg answers a string.
    requests: Number(row.requests),
  }));
}

/** Requests per actor (of one type) counted in the rollups since `since`: actors without any are absent. */
export async function requestCountsSince(
  db: Queryable,
  actorType: string,
  actorIds: readonly string[],
  since: Date,
): Promise<Map<string, number>> {
  if (actorIds.length === 0) return new Map();
  const rows = await db.query<{ actor_id: string; requests: string | number | bigint }>(
    `select actor_id, sum(requests) as requests from usage_rollups
      where actor_type = $1 and actor_id = any($2) and minute >= $3
      group by actor_id`,
    [actorType, actorIds, since],
  );
  // sum(bigint) is numeric: pg answers a string, PGlite may not.
  return new Map(rows.map((row) => [row.actor_id, Number(row.requests)]));
}
