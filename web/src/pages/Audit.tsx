import { Fragment, useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Code, Group, NativeSelect, ScrollArea, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, errorText } from '../lib/api';
import type { AuditEvent, Page } from '../lib/types';
import { when } from '../lib/format';
import { EMPTY_FILTERS, eventsQuery, matchesFilters, type AuditFilters } from '../lib/audit-filters';
import { Empty, ErrorAlert, Loading } from '../components/States';

/** Event types the live stream names (EventSource only hands named events to their own listeners). */
const KNOWN_TYPES = [
  'request', 'key.created', 'key.updated', 'key.rotated', 'key.revoked', 'key.exchanged', 'login.succeeded', 'login.failed', 'session.revoked',
  '2fa.enabled', '2fa.disabled', 'client.created', 'client.updated', 'client.deleted', 'client.secret_rotated', 'agent.created', 'agent.updated', 'agent.deleted',
  'agent.authenticated', 'member.added', 'member.invited', 'member.invitation_cancelled', 'member.removed', 'member.role_changed', 'password.changed', 'password.reset',
  'password.reset_requested', 'refresh_token.reused', 'user.registered', 'workspace.created',
];

function ChainStatus() {
  const chain = useQuery({
    queryKey: ['chain'],
    queryFn: () => api<{ data: { valid: boolean; checked: number; first_break: { id: string; chain_seq: number; reason: string } | null; next_from_seq: number | null } }>('/v1/events/verify'),
  });
  if (chain.isPending) return <Text size="sm" aria-live="polite">Checking the audit chain…</Text>;
  if (chain.error) return <Alert color="red" role="alert" title="Chain status unknown">{errorText(chain.error)}</Alert>;
  const report = chain.data.data;
  return report.valid
    ? <Alert color="green" title="Chain verified" role="status">{report.checked} events checked{report.next_from_seq !== null ? ' (first page of the chain)' : ''}; none altered or missing.</Alert>
    : <Alert color="red" title="Chain broken" role="alert">Broken at event {report.first_break?.id} (#{report.first_break?.chain_seq}): {report.first_break?.reason}</Alert>;
}

function Filters({ value, onApply }: { value: AuditFilters; onApply: (next: AuditFilters) => void }) {
  const [draft, setDraft] = useState(value);
  const set = (patch: Partial<AuditFilters>): void => setDraft({ ...draft, ...patch });
  return (
    <form onSubmit={(e) => { e.preventDefault(); onApply(draft); }}>
      <Group align="end">
        <TextInput label="Type" placeholder="key.created" value={draft.type} onChange={(e) => set({ type: e.currentTarget.value })} />
        <NativeSelect label="Actor" value={draft.actorType} onChange={(e) => set({ actorType: e.currentTarget.value })}
          data={[{ value: '', label: 'Anyone' }, { value: 'user', label: 'Users' }, { value: 'api_key', label: 'API keys' }, { value: 'client', label: 'OAuth clients' }, { value: 'agent', label: 'Agents' }, { value: 'system', label: 'System' }]} />
        <TextInput label="API key ID" placeholder="key_…" value={draft.apiKeyId} onChange={(e) => set({ apiKeyId: e.currentTarget.value })} />
        <TextInput label="From" type="datetime-local" value={draft.since} onChange={(e) => set({ since: e.currentTarget.value })} />
        <TextInput label="To" type="datetime-local" value={draft.until} onChange={(e) => set({ until: e.currentTarget.value })} />
        <Button type="submit" variant="default">Apply filters</Button>
        <Button variant="subtle" onClick={() => { setDraft(EMPTY_FILTERS); onApply(EMPTY_FILTERS); }}>Clear</Button>
      </Group>
    </form>
  );
}

/** Tails /v1/events/stream with a single-use ticket (EventSource cannot send headers). */
function useLiveTail(enabled: boolean, onEvent: (event: AuditEvent) => void): { state: 'off' | 'connecting' | 'live' | 'error'; error: string | null } {
  const [state, setState] = useState<'off' | 'connecting' | 'live' | 'error'>('off');
  const [error, setError] = useState<string | null>(null);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    if (!enabled) { setState('off'); return; }
    let source: EventSource | null = null;
    let closed = false;
    setState('connecting');
    setError(null);
    api<{ ticket: string }>('/v1/events/tickets', { method: 'POST' })
      .then(({ ticket }) => {
        if (closed) return;
        source = new EventSource(`/v1/events/stream?ticket=${encodeURIComponent(ticket)}`);
        source.onopen = () => setState('live');
        source.onerror = () => { setState('error'); setError('The live stream was interrupted.'); source?.close(); };
        const receive = (message: MessageEvent): void => {
          try { handler.current(JSON.parse(message.data as string) as AuditEvent); } catch { /* not an event */ }
        };
        source.onmessage = receive;
        for (const type of KNOWN_TYPES) source.addEventListener(type, receive as EventListener);
        source.addEventListener('stream.closed', () => { setState('error'); setError('The server closed the live stream.'); source?.close(); });
      })
      .catch((failure: unknown) => { setState('error'); setError(errorText(failure)); });
    return () => { closed = true; source?.close(); };
  }, [enabled]);
  return { state, error };
}

export function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>(EMPTY_FILTERS);
  const [live, setLive] = useState(false);
  const [liveEvents, setLiveEvents] = useState<AuditEvent[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const events = useInfiniteQuery({
    queryKey: ['events', filters],
    queryFn: ({ pageParam }) => api<Page<AuditEvent>>(`/v1/events${eventsQuery(filters, pageParam)}`),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor,
  });
  const tail = useLiveTail(live, (event) => {
    if (matchesFilters(event, filters)) setLiveEvents((list) => (list.some((e) => e.id === event.id) ? list : [event, ...list].slice(0, 500)));
  });
  const paged = events.data?.pages.flatMap((p) => p.data) ?? [];
  const seen = new Set(liveEvents.map((e) => e.id));
  const rows = [...liveEvents, ...paged.filter((e) => !seen.has(e.id))];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">Audit log</Title>
        <Group>
          {live && <Badge variant="light" color={tail.state === 'live' ? 'green' : tail.state === 'error' ? 'red' : 'gray'} aria-live="polite">{tail.state === 'live' ? 'Live' : tail.state === 'error' ? 'Disconnected' : 'Connecting…'}</Badge>}
          <Switch label="Live" checked={live} onChange={(e) => { setLive(e.currentTarget.checked); setLiveEvents([]); }} />
        </Group>
      </Group>
      <ChainStatus />
      <Filters value={filters} onApply={(next) => { setFilters(next); setLiveEvents([]); }} />
      {tail.error && <Alert color="orange" role="alert">{tail.error}</Alert>}
      {events.isPending && <Loading label="Loading events…" />}
      <ErrorAlert error={events.error} title="Events could not be loaded" />
      {events.data && rows.length === 0 && <Empty>No events match these filters.</Empty>}
      {rows.length > 0 && (
        <ScrollArea>
          <Table verticalSpacing={4} aria-label="Audit events">
            <Table.Thead>
              <Table.Tr><Table.Th>Time</Table.Th><Table.Th>Type</Table.Th><Table.Th>Actor</Table.Th><Table.Th>Request</Table.Th><Table.Th>Status</Table.Th><Table.Th>IP</Table.Th></Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((event) => (
                <Fragment key={event.id}>
                  <Table.Tr>
                    <Table.Td>
                      <Button variant="subtle" size="compact-xs" aria-expanded={open === event.id} aria-label={`Details of ${event.type} at ${when(event.created_at)}`}
                        onClick={() => setOpen(open === event.id ? null : event.id)}>{open === event.id ? '▾' : '▸'}</Button>{' '}{when(event.created_at)}
                    </Table.Td>
                    <Table.Td><Code>{event.type}</Code></Table.Td>
                    <Table.Td><Text size="xs">{event.actor.type}{event.actor.id ? ` ${event.actor.id}` : ''}</Text></Table.Td>
                    <Table.Td><Text size="xs">{event.method ? `${event.method} ${event.path}` : '—'}</Text></Table.Td>
                    <Table.Td>{event.status ?? '—'}</Table.Td>
                    <Table.Td><Text size="xs">{event.ip ?? '—'}</Text></Table.Td>
                  </Table.Tr>
                  {open === event.id && (
                    <Table.Tr><Table.Td colSpan={6}><Code block>{JSON.stringify(event, null, 2)}</Code></Table.Td></Table.Tr>
                  )}
                </Fragment>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {events.hasNextPage && <Group justify="center"><Button variant="default" loading={events.isFetchingNextPage} onClick={() => void events.fetchNextPage()}>Load older events</Button></Group>}
    </Stack>
  );
}
