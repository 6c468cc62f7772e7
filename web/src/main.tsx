import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from './lib/api';
import { SessionProvider } from './session';
import { App } from './App';

const queryClient = new QueryClient({
  defaultOptions: {
    // 4xx are answers, not hiccups: don't retry them.
    queries: { retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2, refetchOnWindowFocus: false },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <SessionProvider><App /></SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
