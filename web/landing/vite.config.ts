import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The landing page (issue 15): its own Vite entry, built by `npm start`'s prestart
 * (`vite build web/landing`) into `web/landing/dist`, which the server serves at `/` and
 * `/p/:slug` with its assets under `/landing/`. three.js is split into a lazy chunk.
 */
const api = 'http://127.0.0.1:8787';

export default defineConfig({
  base: '/landing/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/v1': api, '/studio/api': api } },
});
