import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * `@tollgate/client`'s JavaScript: a library build of ./src into one ESM file. The client imports
 * nothing at run time but `fetch`; its types come from the server's zod schemas (type-only).
 */
export default defineConfig({
  build: {
    lib: {
      entry: fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: 'index',
    },
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
  },
});
