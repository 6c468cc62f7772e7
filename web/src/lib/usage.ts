/** Usage page logic: ranges, and rows from /v1/usage shaped for the chart and the tables. */

export const RANGES = [
  { value: '1h', label: 'Last hour', seconds: 3600, granularity: 'minute' },
  { value: '24h', label: '24 hours', seconds: 86_400, granularity: 'hour' },
  { value: '7d', label: '7 days', seconds: 7 * 86_400, granularity: 'hour' },
  { value: '30d', label: '30 days', seconds: 30 * 86_400, granularity: 'day' },
] as const;

export type RangeValue = (typeof RANGES)[number]['value'];
export interface UsageRow { bucket: string; actor_type?: string; actor_id?: string; status_class?: string; requests: number }
export const STATUS_CLASSES = ['2xx', '3xx', '4xx', '5xx'] as const;

/** No `until`: the server's own now ends the range, so a browser clock behind it hides no recent bucket. */
export function rangeQuery(range: RangeValue, nowMs: number): { since: string; granularity: string } {
  const chosen = RANGES.find((r) => r.value === range)!;
  return { since: new Date(nowMs - chosen.seconds * 1000).toISOString(), granularity: chosen.granularity };
}

/** One point per bucket with a count per status class (0 where none), oldest first. */
export function chartSeries(rows: readonly UsageRow[]): ({ bucket: string } & Record<string, number | string>)[] {
  const byBucket = new Map<string, Record<string, number>>();
  for (const row of rows) {
    const counts = byBucket.get(row.bucket) ?? Object.fromEntries(STATUS_CLASSES.map((c) => [c, 0]));
    const cls = row.status_class ?? 'other';
    counts[cls] = (counts[cls] ?? 0) + row.requests;
    byBucket.set(row.bucket, counts);
  }
  return [...byBucket].sort(([a], [b]) => a.localeCompare(b)).map(([bucket, counts]) => ({ bucket, ...counts }));
}

/** Totals per actor (keys first), each with its count per status class. */
export function perActor(rows: readonly UsageRow[]): { actorType: string; actorId: string; total: number; byClass: Record<string, number> }[] {
  const totals = new Map<string, { actorType: string; actorId: string; total: number; byClass: Record<string, number> }>();
  for (const row of rows) {
    const key = `${row.actor_type}:${row.actor_id}`;
    const entry = totals.get(key) ?? { actorType: row.actor_type ?? '?', actorId: row.actor_id ?? '?', total: 0, byClass: {} };
    entry.total += row.requests;
    const cls = row.status_class ?? 'other';
    entry.byClass[cls] = (entry.byClass[cls] ?? 0) + row.requests;
    totals.set(key, entry);
  }
  return [...totals.values()].sort((a, b) => (a.actorType === 'api_key' ? 0 : 1) - (b.actorType === 'api_key' ? 0 : 1) || b.total - a.total);
}
