import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web app (UI kit + demo studio). Built with `npm run build:web` (`vite build web`, so this
 * folder is the root) into `web/dist`, which the server serves under `/studio`. In development
 * (`vite web`) the API and the studio endpoints are proxied to a running `npm start`.
 */
const api = 'http://127.0.0.1:8787';

export default defineConfig({
  base: '/studio/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/v1': api, '/studio/api': api } },
});
