import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Alert, Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText } from '../lib/api';
import { useLast } from '../lib/use-last';
import type { Page } from '../lib/types';
import { when } from '../lib/format';
import { parsePublicKey } from '../lib/public-key';
import { ScopePicker } from '../components/ScopePicker';
import { Empty, ErrorAlert, Loading } from '../components/States';

interface Agent { id: string; name: string; environment: string; scopes: string[]; public_key: { x: string }; created_at: string; revoked_at: string | null }
const schema = z.object({
  name: z.string().trim().min(1, 'Name the agent').max(200),
  environment: z.enum(['live', 'test']),
  scopes: z.array(z.string()).min(1, 'Pick at least one scope'),
  publicKey: z.string().superRefine((v, ctx) => { const p = parsePublicKey(v); if (!p.ok) ctx.addIssue({ code: 'custom', message: p.message }); }),
});

export function AgentsPage() {
  const queryClient = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Agent | null>(null);
  const shown = useLast(deleting);
  const agents = useQuery({ queryKey: ['agents'], queryFn: () => api<Page<Agent>>('/v1/agents?limit=100') });
  const refresh = (): Promise<void> => queryClient.invalidateQueries({ queryKey: ['agents'] });
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema), defaultValues: { name: '', environment: 'live', scopes: [], publicKey: '' } });
  const [error, setError] = useState<string | null>(null);
  const create = form.handleSubmit(async (v) => {
    setError(null);
    const key = parsePublicKey(v.publicKey);
    if (!key.ok) return;
    try {
      await api('/v1/agents', { method: 'POST', body: { name: v.name, environment: v.environment, scopes: v.scopes, public_key: key.value } });
      setCreating(false);
      form.reset();
      await refresh();
    } catch (failure) { setError(errorText(failure)); }
  });
  const remove = useMutation({ mutationFn: (a: Agent) => api(`/v1/agents/${a.id}`, { method: 'DELETE' }), onSuccess: async () => { setDeleting(null); await refresh(); } });
  const list = agents.data?.data.filter((a) => !a.revoked_at) ?? [];
  return (
    <Stack>
      <Group justify="space-between"><Title order={1} size="h2">Agents</Title><Button onClick={() => { setError(null); setCreating(true); }}>Register agent</Button></Group>
      <Text size="sm" c="dimmed">An agent signs a challenge with its Ed25519 private key to get short-lived tokens; no secret is stored here.</Text>
      {agents.isPending && <Loading label="Loading agents…" />}
      <ErrorAlert error={agents.error} title="Agents could not be loaded" />
      {agents.data && list.length === 0 && <Empty>No agents yet.</Empty>}
      {list.length > 0 && (
        <Table aria-label="Agents">
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Agent ID</Table.Th><Table.Th>Environment</Table.Th><Table.Th>Scopes</Table.Th><Table.Th>Public key</Table.Th><Table.Th>Created</Table.Th><Table.Th><span style={{ position: 'absolute', left: -9999 }}>Actions</span></Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {list.map((a) => (
              <Table.Tr key={a.id}>
                <Table.Td>{a.name}</Table.Td><Table.Td><code>{a.id}</code></Table.Td>
                <Table.Td><Badge variant="light" color={a.environment === 'live' ? 'green' : 'orange'}>{a.environment}</Badge></Table.Td>
                <Table.Td><Text size="xs">{a.scopes.join(', ')}</Text></Table.Td><Table.Td><code>{a.public_key.x.slice(0, 12)}…</code></Table.Td><Table.Td>{when(a.created_at)}</Table.Td>
                <Table.Td><Button size="xs" variant="light" color="red" aria-label={`Delete ${a.name}`} onClick={() => { remove.reset(); setDeleting(a); }}>Delete</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title="Register agent" size="lg">
        <form onSubmit={create} noValidate>
          <Stack>
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <TextInput label="Name" data-autofocus {...form.register('name')} error={form.formState.errors.name?.message} />
            <NativeSelect label="Environment" data={['live', 'test']} {...form.register('environment')} />
            <Textarea label="Public key" description='Ed25519: a JWK {"kty":"OKP","crv":"Ed25519","x":"…"} or the 32 raw bytes in base64url' autosize minRows={2} {...form.register('publicKey')} error={form.formState.errors.publicKey?.message} />
            <Controller control={form.control} name="scopes" render={({ field }) => <ScopePicker value={field.value} onChange={field.onChange} error={form.formState.errors.scopes?.message} />} />
            <Group justify="flex-end"><Button type="submit" loading={form.formState.isSubmitting}>Register agent</Button></Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={deleting !== null} onClose={() => setDeleting(null)} title={shown ? `Delete ${shown.name}?` : ''}>
        {deleting && (
          <Stack>
            <Text>{deleting.name} can no longer get tokens, and its tokens stop working.</Text>
            {remove.error && <Alert color="red" role="alert">{errorText(remove.error)}</Alert>}
            <Group justify="flex-end"><Button variant="default" onClick={() => setDeleting(null)}>Cancel</Button><Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate(deleting)}>Delete agent</Button></Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
