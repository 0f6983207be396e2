import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The desk is served by the app under /desk/ (src/web/web.routes.ts) from dist/desk. Two pages: the
 * desk (index.html) and the field-visit day's roster (roster.html, a phone page that works offline),
 * plus the roster's service worker, built to a fixed name (/desk/roster-sw.js) because a worker's
 * address must not change between builds; it shares no code with the pages, so it is one file.
 */
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
    rollupOptions: {
      input: {
        index: `${import.meta.dirname}/index.html`,
        roster: `${import.meta.dirname}/roster.html`,
        'roster-sw': `${import.meta.dirname}/src/roster/sw.ts`,
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'roster-sw' ? 'roster-sw.js' : 'assets/[name]-[hash].js'),
      },
    },
  },
});
