import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The landing page (issue 15): its own Vite entry, built by `npm start`'s prestart
 * (`vite build web/landing`) into `web/landing/dist`, which the server serves at `/` and
 * `/p/:slug` with its assets under `/landing/`. three.js is split into lazy chunks. The code is
 * React, run on Preact's compatible runtime (a tenth of react-dom's weight and start-up work:
 * docs/decisions.md, "The landing page runs on preact/compat").
 */
const api = 'http://127.0.0.1:8787';

export default defineConfig({
  base: '/landing/',
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
      { find: /^react-dom$/, replacement: 'preact/compat' },
      { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
      { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
      { find: /^react$/, replacement: 'preact/compat' },
    ],
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/v1': api, '/studio/api': api } },
});
