import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Badge, Button, Group, Modal, NativeSelect, ScrollArea, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText } from '../lib/api';
import { useLast } from '../lib/use-last';
import type { ApiKey, Page } from '../lib/types';
import { when } from '../lib/format';
import { overlapChoices } from '../lib/rotation';
import { CREATE_KEY_DEFAULTS, createKeyBody, createKeySchema, type CreateKeyValues } from '../lib/key-form';
import { ScopePicker } from '../components/ScopePicker';
import { SecretOnce } from '../components/SecretOnce';
import { Empty, ErrorAlert, Loading } from '../components/States';

function CreateKeyForm({ onCreated }: { onCreated: (key: ApiKey) => void }) {
  const [error, setError] = useState<string | null>(null);
  const form = useForm<CreateKeyValues>({ resolver: zodResolver(createKeySchema), defaultValues: CREATE_KEY_DEFAULTS });
  const errors = form.formState.errors;
  const submit = form.handleSubmit(async (values) => {
    setError(null);
    try {
      onCreated((await api<{ data: ApiKey }>('/v1/keys', { method: 'POST', body: createKeyBody(values) })).data);
    } catch (failure) {
      setError(errorText(failure));
    }
  });
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {error && <Alert color="red" role="alert">{error}</Alert>}
        <TextInput label="Name" data-autofocus {...form.register('name')} error={errors.name?.message} />
        <NativeSelect label="Environment" data={[{ value: 'live', label: 'live' }, { value: 'test', label: 'test' }]} {...form.register('environment')} />
        <Controller control={form.control} name="scopes" render={({ field }) => <ScopePicker value={field.value} onChange={field.onChange} error={errors.scopes?.message} />} />
        <TextInput label="Expires" type="datetime-local" description="Leave empty for a key that does not expire" {...form.register('expires')} error={errors.expires?.message} />
        <TextInput label="Rate limit" description="Requests per minute; empty for the deployment's default" inputMode="numeric" {...form.register('rateLimit')} error={errors.rateLimit?.message} />
        <Textarea label="Allowed IPs" description="Addresses or CIDR ranges, one per line; empty for any" autosize minRows={2} {...form.register('allowedIps')} error={errors.allowedIps?.message} />
        <Textarea label="Metadata" description='JSON object, e.g. {"team": "payments"}' autosize minRows={2} {...form.register('metadata')} error={errors.metadata?.message} />
        <Group justify="flex-end"><Button type="submit" loading={form.formState.isSubmitting}>Create key</Button></Group>
      </Stack>
    </form>
  );
}

function RotateForm({ apiKey, onRotated }: { apiKey: ApiKey; onRotated: (key: ApiKey) => void }) {
  const choices = overlapChoices(apiKey.expires_at, Date.now());
  const [overlap, setOverlap] = useState('0');
  const rotate = useMutation({
    mutationFn: async () => (await api<{ data: ApiKey }>(`/v1/keys/${apiKey.id}/rotate`, { method: 'POST', body: { grace_period_seconds: Number(overlap) } })).data,
    onSuccess: onRotated,
  });
  return (
    <Stack>
      <Text>A new secret replaces <b>{apiKey.name}</b> ({apiKey.prefix}…). Choose how long the old secret keeps working.</Text>
      <NativeSelect label="Overlap" value={overlap} onChange={(e) => setOverlap(e.currentTarget.value)} data={choices.map((c) => ({ value: String(c.seconds), label: c.label }))}
        description={apiKey.expires_at ? `Never past the key's own expiry (${when(apiKey.expires_at)})` : undefined} />
      {rotate.error && <Alert color="red" role="alert">{errorText(rotate.error)}</Alert>}
      <Group justify="flex-end"><Button onClick={() => rotate.mutate()} loading={rotate.isPending}>Rotate key</Button></Group>
    </Stack>
  );
}

type Dialog = { kind: 'create' } | { kind: 'secret'; key: ApiKey; title: string } | { kind: 'rotate'; key: ApiKey } | { kind: 'revoke'; key: ApiKey } | null;

export function KeysPage() {
  const queryClient = useQueryClient();
  const [dialog, setDialog] = useState<Dialog>(null);
  // Each dialog keeps its own title and content while it fades out, whatever opens next.
  const secretShown = useLast(dialog?.kind === 'secret' ? dialog : null);
  const rotateShown = useLast(dialog?.kind === 'rotate' ? dialog : null);
  const revokeShown = useLast(dialog?.kind === 'revoke' ? dialog : null);
  const [nudged, setNudged] = useState(false);
  const keys = useQuery({ queryKey: ['keys'], queryFn: () => api<Page<ApiKey>>('/v1/keys?limit=100') });
  const refresh = (): Promise<void> => queryClient.invalidateQueries({ queryKey: ['keys'] });
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => api(`/v1/keys/${key.id}`, { method: 'DELETE' }),
    onSuccess: async () => { setDialog(null); await refresh(); },
  });
  const close = (): void => {
    // A secret on screen: closing asks for confirmation first (SecretOnce's Done does the closing).
    if (dialog?.kind === 'secret') { setNudged(true); return; }
    setDialog(null);
  };
  const showSecret = (key: ApiKey, title: string): void => { setNudged(false); setDialog({ kind: 'secret', key, title }); void refresh(); };
  const live = keys.data?.data.filter((k) => !k.revoked_at) ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">API keys</Title>
        <Button onClick={() => setDialog({ kind: 'create' })}>Create key</Button>
      </Group>
      {keys.isPending && <Loading label="Loading keys…" />}
      <ErrorAlert error={keys.error} title="Keys could not be loaded" />
      {keys.data && live.length === 0 && <Empty>No API keys yet. Create one to call the API from your code.</Empty>}
      {live.length > 0 && (
        <ScrollArea>
          <Table striped highlightOnHover verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th><Table.Th>Key</Table.Th><Table.Th>Environment</Table.Th><Table.Th>Scopes</Table.Th>
                <Table.Th>Created</Table.Th><Table.Th>Last used</Table.Th><Table.Th>Expires</Table.Th><Table.Th>Requests (24 h)</Table.Th><Table.Th><span style={{ position: "absolute", left: -9999 }}>Actions</span></Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {live.map((key) => (
                <Table.Tr key={key.id}>
                  <Table.Td>{key.name}</Table.Td>
                  <Table.Td><code>{key.prefix}…</code></Table.Td>
                  <Table.Td><Badge color={key.environment === 'live' ? 'green' : 'orange'} variant="light">{key.environment}</Badge></Table.Td>
                  <Table.Td><Text size="xs">{key.scopes.join(', ')}</Text></Table.Td>
                  <Table.Td>{when(key.created_at)}</Table.Td>
                  <Table.Td>{when(key.last_used_at)}</Table.Td>
                  <Table.Td>{key.expires_at ? when(key.expires_at) : 'Never'}</Table.Td>
                  <Table.Td>{key.requests_24h}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Button size="xs" variant="default" aria-label={`Rotate ${key.name}`} onClick={() => setDialog({ kind: 'rotate', key })}>Rotate</Button>
                      <Button size="xs" variant="light" color="red" aria-label={`Revoke ${key.name}`} onClick={() => { revoke.reset(); setDialog({ kind: 'revoke', key }); }}>Revoke</Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}

      <Modal opened={dialog?.kind === 'create'} onClose={close} title="Create API key" size="lg">
        {dialog?.kind === 'create' && <CreateKeyForm onCreated={(key) => showSecret(key, 'Your new API key')} />}
      </Modal>
      <Modal opened={dialog?.kind === 'secret'} onClose={close} title={secretShown?.title ?? 'API key'} size="lg">
        {secretShown && <SecretOnce label="API key" secret={secretShown.key.key ?? ''} nudged={nudged} onDone={() => setDialog(null)} />}
      </Modal>
      <Modal opened={dialog?.kind === 'rotate'} onClose={close} title={`Rotate ${rotateShown?.key.name ?? 'key'}`}>
        {dialog?.kind === 'rotate' && <RotateForm apiKey={dialog.key} onRotated={(key) => showSecret(key, `New secret for ${key.name}`)} />}
      </Modal>
      <Modal opened={dialog?.kind === 'revoke'} onClose={close} title={`Revoke ${revokeShown?.key.name ?? 'key'}?`}>
        {dialog?.kind === 'revoke' && (
          <Stack>
            <Text>Requests with <b>{dialog.key.name}</b> ({dialog.key.prefix}…) will be refused at once. This cannot be undone.</Text>
            {revoke.error && <Alert color="red" role="alert">{errorText(revoke.error)}</Alert>}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setDialog(null)}>Cancel</Button>
              <Button color="red.9" loading={revoke.isPending} onClick={() => revoke.mutate(dialog.key)}>Revoke key</Button>
            </Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
