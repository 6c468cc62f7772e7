import { Alert, Center, Loader, Text } from '@mantine/core';
import { errorText } from '../lib/api';

export function ErrorAlert({ error, title = 'Something went wrong' }: { error: unknown; title?: string }) {
  if (!error) return null;
  return <Alert color="red" title={title} role="alert">{errorText(error)}</Alert>;
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return <Center py="xl" aria-live="polite"><Loader size="sm" aria-hidden /><Text ml="sm">{label}</Text></Center>;
}

export function Empty({ children }: { children: React.ReactNode }) {
  return <Text c="dimmed" py="lg" ta="center">{children}</Text>;
}
