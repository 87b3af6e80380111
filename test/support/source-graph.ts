/**
 * The import graph of the repository's own TypeScript sources, read from the files as they
 * are: which module imports which, by relative path. Used by the placement test, which keeps
 * test code out of `src/` and production code free of `test/`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every `.ts`/`.tsx` file under `dir` (relative to the root), node_modules left out. */
export function listSources(dir: string): string[] {
  const abs = join(ROOT, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules') return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every module specifier in `import ... from '...'`, `export ... from '...'`, `import('...')`, `import '...'`. */
export function listSpecifiers(source: string): string[] {
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
  ];
  return patterns.flatMap((re) => [...source.matchAll(re)].map((m) => m[1] ?? ''));
}

/** The root-relative path a relative specifier names from `file`, or undefined for a package. */
export function resolveSpecifier(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return undefined;
  return relative(ROOT, resolve(ROOT, dirname(file), specifier))
    .split('\\')
    .join('/');
}

/** A test file: a `*.test.ts` anywhere, or anything outside `src/`. */
export function isTestFile(file: string): boolean {
  return !file.startsWith('src/') || file.endsWith('.test.ts');
}

export interface SourceGraph {
  /** Each file's imports: root-relative paths of local modules, package names as written. */
  readonly imports: ReadonlyMap<string, { readonly local: string[]; readonly packages: string[] }>;
}

/** Reads the imports of every given file. */
export function readGraph(files: readonly string[]): SourceGraph {
  const imports = new Map<string, { local: string[]; packages: string[] }>();
  for (const file of files) {
    const specifiers = listSpecifiers(readFileSync(join(ROOT, file), 'utf8'));
    const local: string[] = [];
    const packages: string[] = [];
    for (const specifier of specifiers) {
      const target = resolveSpecifier(file, specifier);
      if (target === undefined) packages.push(specifier);
      else local.push(target);
    }
    imports.set(file, { local, packages });
  }
  return { imports };
}

/** Every module reachable from `roots` through the graph's local imports. */
export function reachableFrom(graph: SourceGraph, roots: readonly string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...(graph.imports.get(file)?.local ?? []));
  }
  return seen;
}
