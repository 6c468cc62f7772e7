import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Alert, Badge, Button, Card, Code, CopyButton, Group, Image, PasswordInput, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText } from '../lib/api';
import type { SessionInfo } from '../lib/types';
import { when } from '../lib/format';
import { Empty, ErrorAlert, Loading } from '../components/States';

interface Setup { secret: string; otpauth_url: string; qr_svg: string }

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
}

function TwoFactor() {
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: ['two-factor'], queryFn: () => api<{ enabled: boolean; enabled_at: string | null }>('/auth/2fa', { noWorkspace: true }) });
  const refreshStatus = (): Promise<void> => queryClient.invalidateQueries({ queryKey: ['two-factor'] });
  const enabled = status.data?.enabled;
  const [setup, setSetup] = useState<Setup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const start = useMutation({ mutationFn: () => api<Setup>('/auth/2fa/setup', { method: 'POST', noWorkspace: true }), onSuccess: (s) => { setSetup(s); setMessage(null); } });
  const confirmForm = useForm<{ code: string }>({ resolver: zodResolver(z.object({ code: z.string().trim().regex(/^\d{6}$/, 'Enter the 6-digit code') })), defaultValues: { code: '' } });
  const [confirmError, setConfirmError] = useState<string | null>(null);
  const confirm = confirmForm.handleSubmit(async ({ code }) => {
    setConfirmError(null);
    try {
      const answer = await api<{ recovery_codes: string[] }>('/auth/2fa/enable', { method: 'POST', body: { code: code.trim() }, noWorkspace: true });
      setCodes(answer.recovery_codes);
      setSetup(null);
      await refreshStatus();
    } catch (failure) {
      setConfirmError(errorText(failure));
    }
  });
  const disableForm = useForm<{ code: string }>({ defaultValues: { code: '' } });
  const [disableError, setDisableError] = useState<string | null>(null);
  const disable = disableForm.handleSubmit(async ({ code }) => {
    setDisableError(null);
    const trimmed = code.replace(/\s+/g, '');
    try {
      await api('/auth/2fa/disable', { method: 'POST', body: /^\d{6}$/.test(trimmed) ? { code: trimmed } : { recovery_code: trimmed }, noWorkspace: true });
      disableForm.reset();
      setMessage('Two-factor authentication is off.');
      await refreshStatus();
    } catch (failure) {
      setDisableError(errorText(failure));
    }
  });
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">Two-factor authentication</Title>
      {status.isPending && <Loading label="Loading two-factor status…" />}
      <ErrorAlert error={status.error} title="Two-factor status could not be loaded" />
      {status.data && (
        <Group gap="xs" mb="sm">
          <Text size="sm">Status:</Text>
          <Badge variant={enabled ? 'light' : 'outline'} color={enabled ? 'green' : 'dark'} data-testid="two-factor-status">{enabled ? 'On' : 'Off'}</Badge>
          {enabled && status.data.enabled_at && <Text size="sm" c="dimmed">since {when(status.data.enabled_at)}</Text>}
        </Group>
      )}
      {message && <Alert color="blue" role="status" mb="sm">{message}</Alert>}
      {codes && (
        <Stack mb="md">
          <Alert color="green" title="Two-factor authentication is on" role="status">Save these recovery codes now: each signs you in once if you lose your phone. They will not be shown again.</Alert>
          <Code block aria-label="Recovery codes">{codes.join('\n')}</Code>
          <Group>
            <CopyButton value={codes.join('\n')}>{({ copied, copy }) => <Button variant="light" onClick={copy}>{copied ? 'Copied' : 'Copy codes'}</Button>}</CopyButton>
            <Button variant="light" onClick={() => download('warden-recovery-codes.txt', `${codes.join('\n')}\n`)}>Download codes</Button>
            <Button variant="default" onClick={() => setCodes(null)}>I have saved them</Button>
          </Group>
        </Stack>
      )}
      {enabled === false && !setup && !codes && (
        <Stack align="start">
          <Text size="sm">Protect your sign-in with a code from an authenticator app.</Text>
          {start.error && <Alert color="red" role="alert">{errorText(start.error)}</Alert>}
          <Button onClick={() => start.mutate()} loading={start.isPending}>Set up two-factor</Button>
        </Stack>
      )}
      {setup && (
        <form onSubmit={confirm} noValidate>
          <Stack>
            <Text size="sm">Scan this QR code with your authenticator app, or type the secret, then enter the code it shows.</Text>
            <Image src={`data:image/svg+xml;base64,${btoa(setup.qr_svg)}`} alt="QR code for your authenticator app" w={180} h={180} />
            <Text size="sm">Secret: <Code data-testid="totp-secret">{setup.secret}</Code></Text>
            <TextInput label="Authentication code" autoComplete="one-time-code" inputMode="numeric" {...confirmForm.register('code')} error={confirmForm.formState.errors.code?.message ?? confirmError} />
            <Group><Button type="submit" loading={confirmForm.formState.isSubmitting}>Turn on two-factor</Button><Button variant="subtle" onClick={() => setSetup(null)}>Cancel</Button></Group>
          </Stack>
        </form>
      )}
      {enabled === true && !codes && (
        <form onSubmit={disable} noValidate>
          <Stack align="start">
            <Text size="sm" fw={500}>Turn two-factor off</Text>
            <TextInput label="Current code or recovery code" {...disableForm.register('code', { required: true })} error={disableError} />
            <Button type="submit" variant="light" color="red.9" loading={disableForm.formState.isSubmitting}>Turn off two-factor</Button>
          </Stack>
        </form>
      )}
    </Card>
  );
}

const passwordSchema = z.object({
  current: z.string().min(1, 'Enter your current password'),
  next: z.string().min(8, 'At least 8 characters').max(128),
  again: z.string(),
}).refine((v) => v.next === v.again, { path: ['again'], message: 'The passwords do not match' });

function ChangePassword() {
  const form = useForm<z.infer<typeof passwordSchema>>({ resolver: zodResolver(passwordSchema), defaultValues: { current: '', next: '', again: '' } });
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = form.handleSubmit(async (v) => {
    setResult(null);
    try {
      await api('/auth/password/change', { method: 'POST', body: { current_password: v.current, new_password: v.next }, noWorkspace: true });
      form.reset();
      setResult({ ok: true, text: 'Password changed. Your other sessions were signed out.' });
    } catch (failure) {
      setResult({ ok: false, text: errorText(failure) });
    }
  });
  const e = form.formState.errors;
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">Change password</Title>
      <form onSubmit={submit} noValidate>
        <Stack>
          {result && <Alert color={result.ok ? 'green' : 'red'} role={result.ok ? 'status' : 'alert'}>{result.text}</Alert>}
          <PasswordInput label="Current password" autoComplete="current-password" {...form.register('current')} error={e.current?.message} />
          <PasswordInput label="New password" autoComplete="new-password" {...form.register('next')} error={e.next?.message} />
          <PasswordInput label="Repeat new password" autoComplete="new-password" {...form.register('again')} error={e.again?.message} />
          <Group><Button type="submit" loading={form.formState.isSubmitting}>Change password</Button></Group>
        </Stack>
      </form>
    </Card>
  );
}

function Sessions() {
  const queryClient = useQueryClient();
  const sessions = useQuery({ queryKey: ['sessions'], queryFn: () => api<{ data: SessionInfo[] }>('/v1/sessions', { noWorkspace: true }) });
  const revoke = useMutation({
    mutationFn: (id: string) => api(`/v1/sessions/${id}`, { method: 'DELETE', noWorkspace: true }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['sessions'] }),
  });
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="sm">Active sessions</Title>
      {sessions.isPending && <Loading />}
      <ErrorAlert error={sessions.error} />
      {revoke.error && <Alert color="red" role="alert">{errorText(revoke.error)}</Alert>}
      {sessions.data && sessions.data.data.length === 0 && <Empty>No active sessions.</Empty>}
      {sessions.data && sessions.data.data.length > 0 && (
        <Table>
          <Table.Thead><Table.Tr><Table.Th>Started</Table.Th><Table.Th>Last seen</Table.Th><Table.Th>From</Table.Th><Table.Th>Browser</Table.Th><Table.Th><span style={{ position: 'absolute', left: -9999 }}>Actions</span></Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {sessions.data.data.map((s) => (
              <Table.Tr key={s.id}>
                <Table.Td>{when(s.created_at)} {s.current && <Badge size="xs">This session</Badge>}</Table.Td>
                <Table.Td>{when(s.last_seen_at)}</Table.Td>
                <Table.Td>{s.ip ?? '—'}</Table.Td>
                <Table.Td><Text size="xs" lineClamp={1}>{s.user_agent ?? '—'}</Text></Table.Td>
                <Table.Td>{!s.current && <Button size="xs" variant="light" color="red" aria-label={`Revoke session started ${when(s.created_at)}`} onClick={() => revoke.mutate(s.id)}>Revoke</Button>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Card>
  );
}

export function SecurityPage() {
  return (
    <Stack>
      <Title order={1} size="h2">Security</Title>
      <SimpleGrid cols={{ base: 1, lg: 2 }}><TwoFactor /><ChangePassword /></SimpleGrid>
      <Sessions />
    </Stack>
  );
}
