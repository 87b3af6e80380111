import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * `@tollgate/client`'s JavaScript: a library build of src/client (the sources stay where the
 * server's tests use them) into one ESM file. The client imports nothing at run time but `fetch`.
 */
export default defineConfig({
  build: {
    lib: {
      entry: fileURLToPath(new URL('../../src/client/index.ts', import.meta.url)),
      formats: ['es'],
      fileName: 'index',
    },
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
  },
});
