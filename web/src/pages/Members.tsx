import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { Alert, Button, Card, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, errorText } from '../lib/api';
import { useLast } from '../lib/use-last';
import type { Invitation, Member } from '../lib/types';
import { when } from '../lib/format';
import { useSession } from '../session';
import { Empty, ErrorAlert, Loading } from '../components/States';

const ROLES = ['owner', 'admin', 'developer', 'viewer'] as const;
const inviteSchema = z.object({ email: z.string().trim().email('Enter a valid e-mail address'), role: z.enum(ROLES) });

export function MembersPage() {
  const session = useSession();
  const workspaceId = session.workspace!.id;
  const queryClient = useQueryClient();
  const [removing, setRemoving] = useState<Member | null>(null);
  const shown = useLast(removing);
  const members = useQuery({ queryKey: ['members'], queryFn: () => api<{ data: Member[] }>(`/v1/workspaces/${workspaceId}/members`) });
  const invitations = useQuery({ queryKey: ['invitations', workspaceId], queryFn: () => api<{ data: Invitation[] }>(`/v1/workspaces/${workspaceId}/invitations`) });
  const refresh = (): Promise<void> => queryClient.invalidateQueries({ queryKey: ['members'] });
  const refreshInvitations = (): Promise<void> => queryClient.invalidateQueries({ queryKey: ['invitations'] });
  const form = useForm<z.infer<typeof inviteSchema>>({ resolver: zodResolver(inviteSchema), defaultValues: { email: '', role: 'developer' } });
  const [inviteError, setInviteError] = useState<string | null>(null);
  const invite = form.handleSubmit(async (values) => {
    setInviteError(null);
    try {
      await api(`/v1/workspaces/${workspaceId}/invitations`, { method: 'POST', body: values });
      await refreshInvitations();
      form.reset({ email: '', role: values.role });
    } catch (failure) {
      setInviteError(errorText(failure));
    }
  });
  const changeRole = useMutation({
    mutationFn: ({ member, role }: { member: Member; role: string }) => api(`/v1/workspaces/${workspaceId}/members/${member.user_id}`, { method: 'PATCH', body: { role } }),
    onSettled: refresh,
  });
  const cancel = useMutation({
    mutationFn: (invitation: Invitation) => api(`/v1/workspaces/${workspaceId}/invitations/${invitation.id}`, { method: 'DELETE' }),
    onSettled: refreshInvitations,
  });
  const remove = useMutation({
    mutationFn: (member: Member) => api(`/v1/workspaces/${workspaceId}/members/${member.user_id}`, { method: 'DELETE' }),
    onSuccess: async () => { setRemoving(null); await refresh(); },
  });

  return (
    <Stack>
      <Title order={1} size="h2">Members</Title>
      <Card withBorder>
        <form onSubmit={invite} noValidate>
          <Group align="end">
            <TextInput label="Invite by e-mail" type="email" {...form.register('email')} error={form.formState.errors.email?.message} style={{ flex: 1 }} />
            <NativeSelect label="Role" data={[...ROLES]} {...form.register('role')} />
            <Button type="submit" loading={form.formState.isSubmitting}>Invite</Button>
          </Group>
          {inviteError && <Alert color="red" role="alert" mt="sm">{inviteError}</Alert>}
        </form>
      </Card>
      {changeRole.error && <Alert color="red" role="alert">{errorText(changeRole.error)}</Alert>}
      {members.isPending && <Loading label="Loading members…" />}
      <ErrorAlert error={members.error} title="Members could not be loaded" />
      {members.data && members.data.data.length === 0 && <Empty>No members.</Empty>}
      {members.data && members.data.data.length > 0 && (
        <Table aria-label="Members">
          <Table.Thead><Table.Tr><Table.Th>Member</Table.Th><Table.Th>Role</Table.Th><Table.Th>Joined</Table.Th><Table.Th><span style={{ position: 'absolute', left: -9999 }}>Actions</span></Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {members.data.data.map((m) => (
              <Table.Tr key={m.user_id}>
                <Table.Td>{m.email}{m.name ? <Text span c="dimmed" size="sm"> ({m.name})</Text> : null}</Table.Td>
                <Table.Td>
                  <NativeSelect aria-label={`Role of ${m.email}`} value={m.role} data={[...ROLES]} size="xs" w={140}
                    onChange={(e) => changeRole.mutate({ member: m, role: e.currentTarget.value })} />
                </Table.Td>
                <Table.Td>{when(m.joined_at)}</Table.Td>
                <Table.Td><Button size="xs" variant="light" color="red" aria-label={`Remove ${m.email}`} onClick={() => { remove.reset(); setRemoving(m); }}>Remove</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Title order={2} size="h4">Pending invitations</Title>
      {invitations.isPending && <Loading label="Loading invitations…" />}
      <ErrorAlert error={invitations.error} title="Invitations could not be loaded" />
      {cancel.error && <Alert color="red" role="alert">{errorText(cancel.error)}</Alert>}
      {invitations.data && invitations.data.data.length === 0 && <Empty>No pending invitations. Invitees get an e-mail with a token; they appear above once they accept.</Empty>}
      {invitations.data && invitations.data.data.length > 0 && (
        <Table aria-label="Pending invitations">
          <Table.Thead><Table.Tr><Table.Th>E-mail</Table.Th><Table.Th>Role</Table.Th><Table.Th>Sent</Table.Th><Table.Th>Expires</Table.Th><Table.Th><span style={{ position: 'absolute', left: -9999 }}>Actions</span></Table.Th></Table.Tr></Table.Thead>
          <Table.Tbody>
            {invitations.data.data.map((i) => (
              <Table.Tr key={i.id}>
                <Table.Td>{i.email}</Table.Td><Table.Td>{i.role}</Table.Td><Table.Td>{when(i.created_at)}</Table.Td><Table.Td>{when(i.expires_at)}</Table.Td>
                <Table.Td><Button size="xs" variant="light" color="red" aria-label={`Cancel invitation for ${i.email}`} loading={cancel.isPending && cancel.variables?.id === i.id} onClick={() => cancel.mutate(i)}>Cancel</Button></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal opened={removing !== null} onClose={() => setRemoving(null)} title={shown ? `Remove ${shown.email}?` : ''}>
        {removing && (
          <Stack>
            <Text>{removing.email} loses access to this workspace at once.</Text>
            {remove.error && <Alert color="red" role="alert">{errorText(remove.error)}</Alert>}
            <Group justify="flex-end"><Button variant="default" onClick={() => setRemoving(null)}>Cancel</Button><Button color="red.9" loading={remove.isPending} onClick={() => remove.mutate(removing)}>Remove member</Button></Group>
          </Stack>
        )}
      </Modal>
    </Stack>
  );
}
