import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';

// Built into dist/web, which the Warden server serves at /dashboard (src/dashboard/dashboard-routes.ts).
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/dashboard/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // zod's own /*@__PURE__*/ notes confuse rollup, harmlessly: don't print them on every build.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
      output: {
        // The component kit changes less often than the app: its own long-cached chunk. The charts
        // are in the Usage page's chunk (a lazy import), loaded only when that page opens.
        manualChunks: { mantine: ['@mantine/core', '@mantine/hooks'] },
      },
    },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080', '/auth': 'http://127.0.0.1:8080', '/.well-known': 'http://127.0.0.1:8080' } },
});
