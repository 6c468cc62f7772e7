import { lazy, Suspense, useState } from 'react';
import { AppShell, Button, Group, Menu, Modal, NavLink, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { z } from 'zod';
import { api, errorText } from './lib/api';
import { BASE, navigate, usePath } from './lib/router';
import type { Workspace } from './lib/types';
import { useSession } from './session';
import { SignInPage } from './pages/SignIn';
import { KeysPage } from './pages/Keys';
import { AuditPage } from './pages/Audit';
import { SecurityPage } from './pages/Security';
import { MembersPage } from './pages/Members';
import { ClientsPage } from './pages/Clients';
import { AgentsPage } from './pages/Agents';
import { Loading } from './components/States';

// The charts are the heaviest part of the app: loaded only when Usage opens.
const UsagePage = lazy(() => import('./pages/Usage').then((m) => ({ default: m.UsagePage })));

const PAGES = [
  { path: '/keys', label: 'API keys', page: KeysPage },
  { path: '/oauth-clients', label: 'OAuth clients', page: ClientsPage },
  { path: '/agents', label: 'Agents', page: AgentsPage },
  { path: '/members', label: 'Members', page: MembersPage },
  { path: '/audit', label: 'Audit log', page: AuditPage },
  { path: '/usage', label: 'Usage', page: UsagePage },
  { path: '/security', label: 'Security', page: SecurityPage },
] as const;

const workspaceSchema = z.object({ name: z.string().trim().min(1, 'Name the workspace').max(200) });

function WorkspaceMenu() {
  const session = useSession();
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<{ name: string }>({ resolver: zodResolver(workspaceSchema), defaultValues: { name: '' } });
  const create = form.handleSubmit(async ({ name }) => {
    setError(null);
    try {
      const created = await api<{ data: Workspace }>('/v1/workspaces', { method: 'POST', body: { name }, noWorkspace: true });
      await session.refreshWorkspaces();
      setCreating(false);
      form.reset();
      session.selectWorkspaceAfterCreate(created.data);
    } catch (failure) {
      setError(errorText(failure));
    }
  });
  return (
    <>
      <Menu position="bottom-start" withinPortal>
        <Menu.Target>
          <UnstyledButton aria-label={`Workspace: ${session.workspace?.name ?? 'none'}`} px="sm" py={4} style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 6 }}>
            <Text size="sm" fw={600}>{session.workspace?.name ?? 'No workspace'} ▾</Text>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Switch workspace</Menu.Label>
          {session.workspaces.map((w) => (
            <Menu.Item key={w.id} onClick={() => session.selectWorkspace(w.id)} aria-current={w.id === session.workspace?.id ? 'true' : undefined}>
              {w.name} <Text span size="xs" c="dimmed">({w.role})</Text>
            </Menu.Item>
          ))}
          <Menu.Divider />
          <Menu.Item onClick={() => setCreating(true)}>Create workspace</Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <Modal opened={creating} onClose={() => setCreating(false)} title="Create workspace">
        <form onSubmit={create} noValidate>
          <Stack>
            <TextInput label="Workspace name" data-autofocus {...form.register('name')} error={form.formState.errors.name?.message ?? error} />
            <Group justify="flex-end"><Button type="submit" loading={form.formState.isSubmitting}>Create workspace</Button></Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}

function Shell() {
  const session = useSession();
  const path = usePath();
  const current = PAGES.find((p) => path === p.path || path.startsWith(`${p.path}/`)) ?? PAGES[0];
  const Page = current.page;
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 210, breakpoint: 'xs' }} padding="lg">
      <AppShell.Header px="md">
        <Group h="100%" justify="space-between">
          <Group><Title order={2} size="h4">Warden</Title><WorkspaceMenu /></Group>
          <Group>
            {session.user && <Text size="sm" c="dimmed">{session.user.email}</Text>}
            <Button variant="default" size="xs" onClick={() => void session.signOut()}>Sign out</Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {PAGES.map((p) => (
          <NavLink key={p.path} href={`${BASE}${p.path}`} label={p.label} active={p === current} variant="filled" aria-current={p === current ? 'page' : undefined}
            onClick={(event) => { event.preventDefault(); navigate(p.path); }} />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {session.workspace
          ? <Suspense fallback={<Loading />}><Page key={session.workspace.id} /></Suspense>
          : <Text>You are not a member of any workspace yet. Create one from the workspace menu.</Text>}
      </AppShell.Main>
    </AppShell>
  );
}

export function App() {
  const session = useSession();
  if (session.status === 'loading') return <Loading label="Loading Warden…" />;
  if (session.status === 'signed-out') return <SignInPage />;
  return <Shell />;
}
