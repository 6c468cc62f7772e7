import '@mantine/core/styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createTheme, defaultVariantColorsResolver, MantineProvider, Modal, parseThemeColor, type CSSVariablesResolver, type VariantColorsResolver } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from './lib/api';
import { SessionProvider } from './session';
import { App } from './App';

// Shade 8 for filled, light and text variants, and darker dimmed text: WCAG AA contrast (4.5:1) on white.
// Light variants (alerts, badges, light buttons) draw text in shade 9, or near-black for the pale hues.
const PALE = new Set(['green', 'lime', 'yellow', 'orange', 'cyan', 'gray']);
const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant !== 'light' && input.variant !== 'subtle') return colors;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  const text = parsed.isThemeColor && !PALE.has(parsed.color) ? `var(--mantine-color-${parsed.color}-9)` : 'var(--mantine-color-dark-7)';
  return { ...colors, color: text, hoverColor: text };
};
const theme = createTheme({
  primaryShade: 8, primaryColor: 'blue', variantColorResolver, respectReducedMotion: true,
  // Mantine's dialog close button is an icon: give it a name screen readers can say.
  components: { Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }) },
});
const resolver: CSSVariablesResolver = () => ({ variables: {}, light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)' }, dark: {} });

const queryClient = new QueryClient({
  defaultOptions: {
    // 4xx are answers, not hiccups: don't retry them.
    queries: { retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2, refetchOnWindowFocus: false },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={resolver}>
      <QueryClientProvider client={queryClient}>
        <SessionProvider><App /></SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
