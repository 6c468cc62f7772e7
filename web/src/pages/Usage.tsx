import { useState } from 'react';
import { Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { api, queryString } from '../lib/api';
import type { ApiKey, Page } from '../lib/types';
import { chartSeries, perActor, RANGES, rangeQuery, STATUS_CLASSES, type RangeValue, type UsageRow } from '../lib/usage';
import { Empty, ErrorAlert, Loading } from '../components/States';

const COLORS: Record<string, string> = { '2xx': '#2f9e44', '3xx': '#1971c2', '4xx': '#f08c00', '5xx': '#e03131' };

function label(bucket: string, granularity: string): string {
  const date = new Date(bucket);
  return granularity === 'day' ? date.toLocaleDateString() : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

export function UsagePage() {
  const [range, setRange] = useState<RangeValue>('24h');
  const [now] = useState(() => Date.now());
  const q = rangeQuery(range, now);
  const usage = useQuery({ queryKey: ['usage', range], queryFn: () => api<{ data: UsageRow[] }>(`/v1/usage${queryString({ ...q, group_by: 'actor,status_class' })}`) });
  const keys = useQuery({ queryKey: ['keys'], queryFn: () => api<Page<ApiKey>>('/v1/keys?limit=100') });
  const names = new Map((keys.data?.data ?? []).map((k) => [k.id, k.name]));
  const rows = usage.data?.data ?? [];
  const series = chartSeries(rows);
  const actors = perActor(rows);
  const total = rows.reduce((sum, r) => sum + r.requests, 0);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">Usage</Title>
        <SegmentedControl aria-label="Time range" value={range} onChange={(v) => setRange(v as RangeValue)} data={RANGES.map((r) => ({ value: r.value, label: r.label }))} />
      </Group>
      {usage.isPending && <Loading label="Loading usage…" />}
      <ErrorAlert error={usage.error} title="Usage could not be loaded" />
      {usage.data && rows.length === 0 && <Empty>No requests in this period.</Empty>}
      {rows.length > 0 && (
        <>
          <Card withBorder>
            <Text fw={500} mb="xs" id="usage-chart-title">Requests by status class ({total} in total)</Text>
            <div role="img" aria-labelledby="usage-chart-title" style={{ width: '100%', height: 280 }}>
              <ResponsiveContainer>
                <BarChart data={series}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="bucket" tickFormatter={(b: string) => label(b, q.granularity)} />
                  <YAxis allowDecimals={false} />
                  <Tooltip labelFormatter={(b) => new Date(String(b)).toLocaleString()} />
                  <Legend />
                  {STATUS_CLASSES.map((c) => <Bar key={c} dataKey={c} stackId="s" fill={COLORS[c]} />)}
                </BarChart>
              </ResponsiveContainer>
            </div>
          </Card>
          <Table aria-label="Requests per credential and status class">
            <Table.Thead><Table.Tr><Table.Th>Credential</Table.Th>{STATUS_CLASSES.map((c) => <Table.Th key={c}>{c}</Table.Th>)}<Table.Th>Total</Table.Th></Table.Tr></Table.Thead>
            <Table.Tbody>
              {actors.map((a) => (
                <Table.Tr key={`${a.actorType}:${a.actorId}`}>
                  <Table.Td>{a.actorType === 'api_key' ? `${names.get(a.actorId) ?? 'API key'} (${a.actorId})` : `${a.actorType} ${a.actorId}`}</Table.Td>
                  {STATUS_CLASSES.map((c) => <Table.Td key={c}>{a.byClass[c] ?? 0}</Table.Td>)}
                  <Table.Td fw={600}>{a.total}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Stack>
  );
}
