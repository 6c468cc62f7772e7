import { connect, integer, parse } from './connect.js';
import { CliUsageError } from './exit-codes.js';
import { printJson, table, withProgress, type Column } from './output.js';
import type { AuditEvent } from './sdk.js';

export const EVENTS_USAGE = `usage: warden events tail [filters] [--since-id EVENT_ID] [--json]   live, until Ctrl-C (--json: one JSON object a line)
       warden events list [filters] [--since ISO] [--until ISO] [--limit N] [--json]
       filters: --type T (e.g. key.revoked) --api-key-id K --actor-type T --actor-id A --status N`;

const FILTERS = {
  type: { type: 'string' }, 'api-key-id': { type: 'string' }, 'actor-type': { type: 'string' }, 'actor-id': { type: 'string' }, status: { type: 'string' },
} as const;

const line = (e: AuditEvent): string => {
  const actor = e.actor ? `${e.actor.type ?? '-'}:${e.actor.id ?? '-'}` : '-';
  const target = e.target ? ` ${e.target.type}:${e.target.id}` : '';
  const request = e.method ? ` ${e.method} ${e.path} ${e.status ?? ''}`.trimEnd() : '';
  return `${e.created_at ?? ''}  ${e.type}  ${actor}${target}${request}`;
};

const COLUMNS: Column<AuditEvent>[] = [
  ['time', (e) => e.created_at], ['type', (e) => e.type], ['actor', (e) => (e.actor ? `${e.actor.type}:${e.actor.id}` : null)],
  ['target', (e) => (e.target ? `${e.target.type}:${e.target.id}` : null)], ['request', (e) => (e.method ? `${e.method} ${e.path} ${e.status ?? ''}` : null)],
];

/** `warden events tail|list`: the audit trail, live or past. */
export async function runEvents(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  const { values } = parse(rest, { ...FILTERS, 'since-id': { type: 'string' }, since: { type: 'string' }, until: { type: 'string' }, limit: { type: 'string' } }, EVENTS_USAGE);
  const filters = {
    ...(values.type ? { type: values.type } : {}), ...(values['api-key-id'] ? { api_key_id: values['api-key-id'] } : {}),
    ...(values['actor-type'] ? { actor_type: values['actor-type'] } : {}), ...(values['actor-id'] ? { actor_id: values['actor-id'] } : {}),
    ...(values.status ? { status: values.status } : {}),
  } as Record<string, string>;
  const json = values.json === true;
  if (action === 'tail') {
    const warden = connect();
    const stop = new AbortController();
    const onSignal = (): void => stop.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    if (process.stderr.isTTY) process.stderr.write('Listening for events (Ctrl-C to stop)…\n');
    try {
      for await (const event of warden.events.stream({ ...filters, signal: stop.signal, ...(values['since-id'] ? { lastEventId: values['since-id'] } : {}) })) {
        process.stdout.write(json ? `${JSON.stringify(event)}\n` : `${line(event)}\n`);
      }
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    return;
  }
  if (action === 'list') {
    const max = integer(values.limit, '--limit') ?? 50;
    const warden = connect();
    const events = await withProgress('Reading events', async () => {
      const found: AuditEvent[] = [];
      for await (const event of warden.events.list({ ...filters, ...(values.since ? { since: values.since } : {}), ...(values.until ? { until: values.until } : {}), limit: Math.min(max, 100) })) {
        if (found.length >= max) break;
        found.push(event);
      }
      return found;
    });
    return json ? printJson(events) : console.log(events.length ? table(events, COLUMNS) : 'No events.');
  }
  throw new CliUsageError(EVENTS_USAGE);
}
