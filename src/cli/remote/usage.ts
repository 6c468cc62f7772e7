import { connect, parse } from './connect.js';
import { printJson, table, withProgress } from './output.js';

export const USAGE_USAGE = `usage: warden usage [--granularity minute|hour|day] [--since ISO] [--until ISO] [--api-key-id K] [--actor-type T] [--actor-id A]
                    [--endpoint-class C] [--status-class 2xx|4xx|…] [--group-by FIELDS] [--json]`;

/** `warden usage`: request counts of the workspace per bucket. */
export async function runUsage(args: string[]): Promise<void> {
  const { values } = parse(args, {
    granularity: { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, 'api-key-id': { type: 'string' },
    'actor-type': { type: 'string' }, 'actor-id': { type: 'string' }, 'endpoint-class': { type: 'string' }, 'status-class': { type: 'string' },
    'group-by': { type: 'string' },
  }, USAGE_USAGE);
  const query: Record<string, string> = {};
  for (const name of ['granularity', 'since', 'until', 'api-key-id', 'actor-type', 'actor-id', 'endpoint-class', 'status-class', 'group-by'] as const) {
    const value = values[name];
    if (typeof value === 'string') query[name.replace(/-/g, '_')] = value;
  }
  const warden = connect();
  const usage = await withProgress('Reading usage', () => warden.usage.get(query));
  if (values.json) return printJson(usage);
  const rows = usage.data ?? [];
  const extra = (['actor_type', 'actor_id', 'endpoint_class', 'status_class'] as const).filter((field) => rows.some((row) => row[field] !== undefined));
  console.log(rows.length
    ? table(rows, [['bucket', (r) => r.bucket], ...extra.map((field) => [field.replace('_', ' '), (r: (typeof rows)[number]) => r[field]] as [string, (r: (typeof rows)[number]) => unknown]), ['requests', (r) => r.requests]])
    : 'No requests in this period.');
  console.log(`\nTotal: ${usage.totals?.requests ?? 0} requests (${usage.granularity ?? ''}${usage.since ? `, since ${usage.since}` : ''})`);
}
