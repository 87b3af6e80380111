import { copyFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * `@tollgate/react`'s JavaScript: a library build of web/components (the sources stay where the
 * studio uses them) into one ESM file, with React, ReactDOM and vaul left as imports, and the
 * two stylesheets copied beside it (`import '@tollgate/react/tollgate.css'`).
 */
const components = (file: string) => fileURLToPath(new URL(`../../web/components/${file}`, import.meta.url));
const external = /^(react|react-dom|vaul)(\/.*)?$/;

export default defineConfig({
  plugins: [
    react(),
    {
      name: 'tollgate-css',
      writeBundle() {
        for (const css of ['tollgate.css', 'tollgate-components.css'])
          copyFileSync(components(css), `dist/${css}`);
      },
    },
  ],
  build: {
    lib: { entry: components('index.ts'), formats: ['es'], fileName: 'index' },
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    minify: false,
    rollupOptions: { external: (id) => external.test(id) },
  },
});
