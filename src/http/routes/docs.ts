/**
 * `GET /openapi.json`, `GET /docs` and the reference page's script. The page is Redoc
 * (docs/decisions.md) rendering `/openapi.json` in the browser; its standalone bundle is served
 * from node_modules by this server, so the reference works offline, with no CDN.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ok } from '../../domain/errors.ts';
import { buildOpenApi } from '../openapi.ts';
import { defineRoute } from '../route.ts';

const REDOC_BUNDLE_PATH = createRequire(import.meta.url).resolve('redoc/bundles/redoc.standalone.js');

/** Read on first use and kept (1 MB, the same for the life of the process). */
let redocBundle: Buffer | undefined;
const readRedocBundle = () => {
  redocBundle ??= readFileSync(REDOC_BUNDLE_PATH);
  return redocBundle;
};

/** Redoc's options: the tenant's own look is not needed, only a readable, fast page. */
const REDOC_OPTIONS = {
  expandResponses: '200',
  jsonSampleExpandLevel: 3,
  hideDownloadButton: false,
  pathInMiddlePanel: true,
  requiredPropsFirst: true,
  sortPropsAlphabetically: false,
};

/**
 * Renders the reference, then makes every code sample (a scrolling `pre`, re-rendered when a tab
 * changes) reachable by keyboard, which Redoc leaves out (axe: scrollable-region-focusable).
 */
const INIT_SCRIPT = `const root = document.getElementById('reference');
const focusable = () => root.querySelectorAll('pre:not([tabindex])').forEach((pre) => { pre.tabIndex = 0; });
Redoc.init('/openapi.json', ${JSON.stringify(REDOC_OPTIONS)}, root, () => {
  focusable();
  new MutationObserver(focusable).observe(root, { childList: true, subtree: true });
});`;

/**
 * The page may load only from this server: scripts are the bundle and the one inline call
 * (by hash), styles are Redoc's own (styled-components writes inline styles), and images are
 * local, which keeps the "API docs by Redocly" footer from fetching its logo from a CDN.
 */
const DOCS_CSP = [
  "default-src 'self'",
  `script-src 'self' 'sha256-${createHash('sha256').update(INIT_SCRIPT).digest('base64')}'`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

/** The reference page: Redoc fetching `/openapi.json` from this server. */
export function renderDocsPage(): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Tollgate API reference</title><link rel="icon" href="/favicon.ico">
<style>body{margin:0}</style></head><body>
<noscript><p>The reference needs JavaScript. The machine-readable document is <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p></noscript>
<div id="reference"></div>
<script src="/docs/redoc.standalone.js"></script>
<script>${INIT_SCRIPT}</script>
</body></html>`;
}

export const docsRoutes = [
  defineRoute({
    method: 'GET',
    url: '/openapi.json',
    operationId: 'openapi',
    tag: 'Operations',
    summary: 'The OpenAPI 3.1 document',
    access: 'public',
    handler: async ({ routes, deps }) => ok(buildOpenApi(routes, deps.config.publicUrl)),
  }),
  defineRoute({
    method: 'GET',
    url: '/docs',
    operationId: 'docs',
    tag: 'Operations',
    summary: 'This reference page (Redoc rendering /openapi.json)',
    access: 'public',
    raw: true,
    handler: async ({ reply }) => {
      await reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', DOCS_CSP)
        .send(renderDocsPage());
      return null;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/docs/redoc.standalone.js',
    operationId: 'docsScript',
    tag: 'Operations',
    summary: "The reference page's script (Redoc, served from this server)",
    access: 'public',
    raw: true,
    handler: async ({ reply }) => {
      await reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'public, max-age=86400')
        .send(readRedocBundle());
      return null;
    },
  }),
];
