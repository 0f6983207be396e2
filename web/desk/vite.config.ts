import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The desk is served by the app under /desk/ (src/web/web.routes.ts) from dist/desk. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/desk/',
  plugins: [react()],
  build: {
    outDir: '../../dist/desk',
    emptyOutDir: true,
    manifest: true,
    // The first screen is measured by scripts/desk-build.ts against its own 300 KB (gzip) budget.
    chunkSizeWarningLimit: 1500,
    reportCompressedSize: true,
  },
});
