import { Checkbox, Group, Stack, Text } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../lib/api';
import { scopeCatalog, toggleScope, WRITE_REQUIRES_READ } from '../lib/scopes';
import { ErrorAlert, Loading } from './States';

export function useScopeCatalog() {
  return useQuery({
    queryKey: ['scope-catalog'],
    queryFn: async () => scopeCatalog((await api<{ scopes_supported: string[] }>('/.well-known/oauth-authorization-server', { noWorkspace: true })).scopes_supported),
    staleTime: Infinity,
  });
}

/** One checkbox per scope of the deployment's catalog, named by the scope (`deals:read`). */
export function ScopePicker({ value, onChange, error }: { value: string[]; onChange: (next: string[]) => void; error?: string | undefined }) {
  const catalog = useScopeCatalog();
  if (catalog.isPending) return <Loading label="Loading scopes…" />;
  if (catalog.error) return <ErrorAlert error={catalog.error} title="Scopes could not be loaded" />;
  return (
    <fieldset style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 6, padding: '8px 12px' }}>
      <legend><Text size="sm" fw={500}>Scopes</Text></legend>
      <Text size="xs" c="dimmed" mb="xs" id="write-requires-read">{WRITE_REQUIRES_READ}</Text>
      <Stack gap={4}>
        {catalog.data.map((group) => (
          <Group key={group.resource} gap="lg">
            {group.scopes.map((scope) => (
              <Checkbox key={scope} label={scope} checked={value.includes(scope)} aria-describedby="write-requires-read"
                onChange={(e) => onChange(toggleScope(value, scope, e.currentTarget.checked))} />
            ))}
          </Group>
        ))}
      </Stack>
      {error && <Text c="red" size="sm" role="alert">{error}</Text>}
    </fieldset>
  );
}
