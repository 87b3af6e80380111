// Finishes a package's emitted declarations so they stand on their own in a tenant's project:
// - relative `.ts`/`.tsx` specifiers (the sources import with extensions) become `.js`, which
//   resolves to the `.d.ts` beside it;
// - named type imports from modules the package does not depend on (the server's fastify,
//   prom-client, node:dns, reached through the zod schemas' files but never part of the client's
//   API) become `unknown` aliases, so a project with `skipLibCheck: false` and no @types/node
//   checks cleanly;
// - declaration files the package's `types` entry does not reach are removed.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const root = process.argv[2];
if (root === undefined) throw new Error('usage: node finish-types.mjs DIR');
const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const own = new Set(Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies }));
const ownModule = (specifier) =>
  [...own].some((name) => specifier === name || specifier.startsWith(`${name}/`));

const relative = /(["'])(\.{1,2}\/[^"']*?)\.tsx?\1/g;
const namedImport = /^import (?:type )?\{([^}]*)\} from ["']([^."'][^"']*)["'];$/gm;

function alias(names, specifier) {
  if (ownModule(specifier)) return null;
  return names
    .split(',')
    .map((name) => name.trim().replace(/^type /, ''))
    .filter((name) => name !== '')
    .map((name) => `type ${name.split(/\s+as\s+/).at(-1)} = unknown; // from '${specifier}', server-only`)
    .join('\n');
}

for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
  const file = join(entry.parentPath, entry.name);
  const text = readFileSync(file, 'utf8');
  const fixed = text
    .replace(relative, '$1$2.js$1')
    .replace(namedImport, (line, names, specifier) => alias(names, specifier) ?? line);
  if (fixed !== text) writeFileSync(file, fixed);
}

const reached = new Set();
const pending = [resolve(manifest.types)];
while (pending.length > 0) {
  const file = pending.pop();
  if (reached.has(file)) continue;
  reached.add(file);
  for (const m of readFileSync(file, 'utf8').matchAll(
    /(?:from |import\()\s*["'](\.{1,2}\/[^"']+)\.js["']/g,
  )) {
    pending.push(resolve(dirname(file), `${m[1]}.d.ts`));
  }
}
for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
  const file = resolve(entry.parentPath, entry.name);
  if (entry.isFile() && !reached.has(file)) rmSync(file);
}
