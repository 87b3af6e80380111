import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The operator dashboard, its own Vite build (`vite build web/dashboard`, run by `npm start`'s
 * prestart) into `web/dashboard/dist`, served under `/dashboard/`. Kept apart from the studio's
 * config so each page builds and is served on its own. In development (`vite web/dashboard`)
 * the API is proxied to a running `npm start`; the session cookie is same-origin through it.
 */
const api = 'http://127.0.0.1:8787';

export default defineConfig({
  base: '/dashboard/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 900 },
  server: { proxy: { '/v1': api } },
});
