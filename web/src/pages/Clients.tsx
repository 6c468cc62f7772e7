import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Alert, Badge, Button, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText } from '../lib/api';
import { useLast } from '../lib/use-last';
import type { Page } from '../lib/types';
import { when } from '../lib/format';
import { ScopePicker } from '../components/ScopePicker';
import { SecretOnce } from '../components/SecretOnce';
import { Empty, ErrorAlert, Loading } from '../components/States';

interface Client { client_id: string; name: string; environment: string; scopes: string[]; secret_prefix: string; created_at: string; client_secret?: string }
const schema = z.object({ name: z.string().trim().min(1, 'Name the client').max(200), environment: z.enum(['live', 'test']), scopes: z.array(z.string()).min(1, 'Pick at least one scope') });

type Dialog = { kind: 'create' } | { kind: 'secret'; client: Client } | { kind: 'delete'; client: Client } | null;

export function ClientsPage() {
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  const secretShown = useLast(dialog?.kind === 'secret' ? dialog : null);
  const deleteShown = useLast(dialog?.kind === 'delete' ? dialog : null);
  const [nudged, setNudged] = useState(false);
  const clients = useQuery({ queryKey: ['clients'], queryFn: () => api<Page<Client>>('/v1/oauth-clients?limit=100') });
  const refresh = (): Promise<void> => queryClient.invalidateQueries({ queryKey: ['clients'] });
  const form = useForm<z.infer<typeof schema>>({ resolver: zodResolver(schema), defaultValues: { name: '', environment: 'live', scopes: [] } });
  const [error, setError] = useState<string | null>(null);
  const showSecret = (client: Client): void => { setNudged(false); setDialog({ kind: 'secret', client }); void refresh(); };
  const create = form.handleSubmit(async (values) => {
    setError(null);
    try {
      showSecret((await api<{ data: Client }>('/v1/oauth-clients', { method: 'POST', body: values })).data);
      form.reset();
    } catch (failure) { setError(errorText(failure)); }
  });
  const rotate = useMutation({ mutationFn: (c: Client) => api<{ data: Client }>(`/v1/oauth-clients/${c.client_id}/rotate-secret`, { method: 'POST', body: {} }), onSuccess: (a) => showSecret(a.data) });
  const remove = useMutation({ mutationFn: (c: Client) => api(`/v1/oauth-clients/${c.client_id}`, { method: 'DELETE' }), onSuccess: async () => { setDialog(null); await refresh(); } });
  const close = (): void => { if (dialog?.kind === 'secret') setNudged(true); else setDialog(null); };

  return (
    <Stack>
      <Group justify="space-between"><Title order={1} size="h2">OAuth clients</Title><Button onClick={() => { setError(null); setDialog({ kind: 'create' }); }}>Create client</Button></Group>
      <Text size="sm" c="dimmed">Clients get access tokens with the client credentials grant (POST /oauth/token).</Text>
      {rotate.error && <Alert color="red" role="alert">{errorText(rotate.error)}</Alert>}
      {clients.isPending && <Loading label="Loading clients…" />}
      <ErrorAlert error={clients.error} title="Clients could not be loaded" />
      {clients.data && clients.data.data.length === 0 && <Empty>No OAuth clients yet.</Empty>}
      {clients.data && clients.data.data.length > 0 && (
        <Table aria-label="OAuth clients">
          <Table.Thead><Table.Tr><Table.Th>Name</Table.Th><Table.Th>Client ID</Table.Th><Table.Th>Environment</Table.Th><Table.Th>Scopes</Table.Th><Table.Th>Secret</Table.Th><Table.Th>Created</Table.Th><Table.Th><span style={{ position: 'absolute', left: -9999 }}>Actions</span></Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {clients.data.data.map((c) => (
              <Table.Tr key={c.client_id}>
                <Table.Td>{c.name}</Table.Td><Table.Td><code>{c.client_id}</code></Table.Td>
                <Table.Td><Badge variant="light" color={c.environment === 'live' ? 'green' : 'orange'}>{c.environment}</Badge></Table.Td>
                <Table.Td><Text size="xs">{c.scopes.join(', ')}</Text></Table.Td><Table.Td><code>{c.secret_prefix}…</code></Table.Td><Table.Td>{when(c.created_at)}</Table.Td>
                <Table.Td><Group gap={4} wrap="nowrap">
                  <Button size="xs" variant="default" aria-label={`Rotate secret of ${c.name}`} loading={rotate.isPending && rotate.variables?.client_id === c.client_id} onClick={() => rotate.mutate(c)}>Rotate secret</Button>
                  <Button size="xs" variant="light" color="red" aria-label={`Delete ${c.name}`} onClick={() => { remove.reset(); setDialog({ kind: 'delete', client: c }); }}>Delete</Button>
                </Group></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={dialog?.kind === 'create'} onClose={close} title="Create OAuth client" size="lg">
        <form onSubmit={create} noValidate>
          <Stack>
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <TextInput label="Name" data-autofocus {...form.register('name')} error={form.formState.errors.name?.message} />
            <NativeSelect label="Environment" data={['live', 'test']} {...form.register('environment')} />
            <Controller control={form.control} name="scopes" render={({ field }) => <ScopePicker value={field.value} onChange={field.onChange} error={form.formState.errors.scopes?.message} />} />
            <Group justify="flex-end"><Button type="submit" loading={form.formState.isSubmitting}>Create client</Button></Group>
          </Stack>
        </form>
      </Modal>
      <Modal opened={dialog?.kind === 'secret'} onClose={close} title={`Secret of ${secretShown?.client.name ?? 'client'}`} size="lg">
        {dialog?.kind === 'secret' && <SecretOnce label="Client secret" secret={dialog.client.client_secret ?? ''} nudged={nudged} onDone={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog?.kind === 'delete'} onClose={close} title={`Delete ${deleteShown?.client.name ?? 'client'}?`}>
        {dialog?.kind === 'delete' && (
          <Stack>
            <Text>{dialog.client.name} and its tokens stop working at once.</Text>
            {remove.error && <Alert color="red" role="alert">{errorText(remove.error)}</Alert>}
            <Group justify="flex-end"><Button variant="default" onClick={() => setDialog(null)}>Cancel</Button><Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate(dialog.client)}>Delete client</Button></Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
