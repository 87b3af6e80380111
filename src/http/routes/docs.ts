/**
 * `GET /openapi.json` and `GET /docs`: the OpenAPI document and a readable reference page
 * rendered from it on the server (plain HTML and CSS, no CDN, no script).
 */
import { ok } from '../../domain/errors.ts';
import { ERROR_STATUS, ERROR_TYPE } from '../errors.ts';
import { buildOpenApi } from '../openapi.ts';
import { defineRoute } from '../route.ts';

type Json = Record<string, unknown>;

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** `code` spans for backticked words, everything else escaped. */
const renderText = (s: string) => escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');

function describeType(schema: Json): string {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as Json[]).map(describeType).join(' | ');
  if (Array.isArray(schema.enum)) return (schema.enum as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  if (schema.type === 'array') return `${describeType((schema.items as Json) ?? {})}[]`;
  return typeof schema.type === 'string' ? schema.type : 'any';
}

function renderFields(schema: Json, prefix = ''): string {
  const props = (schema.properties ?? {}) as Record<string, Json>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(props)
    .map(([name, prop]) => {
      const row = `<tr><td><code>${escapeHtml(prefix + name)}</code>${required.has(name) ? ' <b>required</b>' : ''}</td><td>${escapeHtml(describeType(prop))}</td><td>${renderText(String(prop.description ?? ''))}</td></tr>`;
      return prop.type === 'object' && prop.properties ? row + renderFields(prop, `${prefix}${name}.`) : row;
    })
    .join('');
}

function renderOperation(method: string, path: string, op: Json): string {
  const params = (op.parameters ?? []) as Json[];
  const body = ((op.requestBody as Json | undefined)?.content as Json | undefined)?.['application/json'] as
    | Json
    | undefined;
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>);
  const auth = (op.security as Json[]).map((s) => Object.keys(s)[0]).join(' or ') || 'none';
  return `<section id="${escapeHtml(String(op.operationId))}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
<p><b>${escapeHtml(String(op.summary))}</b>. ${renderText(String(op.description ?? ''))}</p>
<p class="meta">Auth: ${escapeHtml(auth)}</p>
${params.length === 0 ? '' : `<table><tr><th>parameter</th><th>in</th><th>description</th></tr>${params.map((p) => `<tr><td><code>${escapeHtml(String(p.name))}</code>${p.required ? ' <b>required</b>' : ''}</td><td>${escapeHtml(String(p.in))}</td><td>${renderText(String(p.description ?? describeType((p.schema as Json) ?? {})))}</td></tr>`).join('')}</table>`}
${body === undefined ? '' : `<table><tr><th>body field</th><th>type</th><th>description</th></tr>${renderFields((body.schema as Json) ?? {})}</table>`}
<p class="meta">Answers: ${responses.map(([status, r]) => `<b>${status}</b> ${escapeHtml(String(r.description))}`).join(' · ')}</p>
</section>`;
}

/** Renders the reference page for an OpenAPI document. */
export function renderDocsPage(doc: Json): string {
  const paths = Object.entries(doc.paths as Record<string, Record<string, Json>>);
  const ops = paths.flatMap(([path, methods]) => Object.entries(methods).map(([m, op]) => ({ m, path, op })));
  const toc = ops
    .map(
      ({ m, path, op }) =>
        `<li><a href="#${escapeHtml(String(op.operationId))}">${m.toUpperCase()} ${escapeHtml(path)}</a></li>`,
    )
    .join('');
  const codes = Object.entries(ERROR_STATUS)
    .map(
      ([code, status]) =>
        `<tr><td><code>${code}</code></td><td>${status}</td><td>${ERROR_TYPE[code as keyof typeof ERROR_TYPE]}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Tollgate API reference</title><style>
body{font:16px/1.5 system-ui,sans-serif;max-width:960px;margin:0 auto;padding:1rem 1.5rem;color:#1a1a1a;background:#fff}
code{font:14px ui-monospace,monospace;background:#f2f2f2;padding:0 .25rem;border-radius:3px}
table{border-collapse:collapse;width:100%;margin:.5rem 0}td,th{border:1px solid #ddd;padding:.3rem .5rem;text-align:left;vertical-align:top}
section{border-top:1px solid #ccc;padding-top:.5rem;margin-top:1.5rem}.meta{color:#444;font-size:14px}
.m{font:bold 13px ui-monospace,monospace;padding:.1rem .4rem;border-radius:3px;color:#fff}.get{background:#1f6feb}.post{background:#1a7f37}.delete{background:#cf222e}
</style></head><body>
<h1>Tollgate API reference</h1>
<p>${renderText(String((doc.info as Json).description))} Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI 3.1).</p>
<p>Authenticate with <code>Authorization: Bearer tg_sk_…</code> (a tenant secret key, from your backend only) or a customer session token <code>tg_cs_…</code> where marked. Every route that changes state requires an <code>Idempotency-Key</code> header.</p>
<h2>Routes</h2><ul>${toc}</ul>
<h2>Errors</h2><table><tr><th>code</th><th>status</th><th>type</th></tr>${codes}</table>
<h2>Reference</h2>${ops.map(({ m, path, op }) => renderOperation(m, path, op)).join('\n')}
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
    summary: 'This reference page',
    access: 'public',
    raw: true,
    handler: async ({ routes, deps, reply }) => {
      await reply
        .type('text/html; charset=utf-8')
        .send(renderDocsPage(buildOpenApi(routes, deps.config.publicUrl)));
      return null;
    },
  }),
];
