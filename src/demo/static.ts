/**
 * Serves the built web app (`npm run build:web` → `web/dist`) under `/studio`: hashed assets
 * with a long cache, `index.html` for every other path (the studio is one page), and a clear
 * 404 when the bundle has not been built. Paths cannot leave the dist folder.
 */
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIST_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export type StaticAnswer =
  | {
      readonly status: 200;
      readonly body: Buffer;
      readonly contentType: string;
      readonly cacheControl: string;
    }
  | { readonly status: 404; readonly message: string };

async function readIfFile(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch {
    return null;
  }
}

/** The file for a path under `/studio/` (`assets/index-abc.js`), or the app's index.html. */
export async function readStudioAsset(
  relativePath: string,
  distDir: string = WEB_DIST_DIR,
): Promise<StaticAnswer> {
  const root = normalize(distDir.endsWith(sep) ? distDir : `${distDir}${sep}`);
  const cleaned = decodeURIComponent(relativePath.split('?')[0] ?? '').replace(/^\/+/, '');
  const wanted = normalize(join(root, cleaned));
  if (cleaned !== '' && wanted.startsWith(root) && extname(wanted) !== '') {
    const body = await readIfFile(wanted);
    if (body !== null) {
      const hashed = cleaned.startsWith('assets/');
      return {
        status: 200,
        body,
        contentType: CONTENT_TYPES[extname(wanted)] ?? 'application/octet-stream',
        cacheControl: hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
      };
    }
    if (cleaned.startsWith('assets/')) return { status: 404, message: `no file ${cleaned}` };
  }
  const index = await readIfFile(join(root, 'index.html'));
  if (index === null) {
    return { status: 404, message: 'the studio is not built: run `npm run build:web`, then reload' };
  }
  return {
    status: 200,
    body: index,
    contentType: CONTENT_TYPES['.html'] as string,
    cacheControl: 'no-cache',
  };
}
