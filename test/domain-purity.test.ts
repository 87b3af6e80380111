/**
 * The domain is pure (docs/decisions.md): no I/O, no clock, no randomness, no imports from
 * outside `src/domain`. This test reads every non-test source file there and fails on any breach.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const DOMAIN = resolve(dirname(fileURLToPath(import.meta.url)), '../src/domain');

const FORBIDDEN = ['Date.now', 'new Date(', 'process.', 'Math.random', 'fetch(', 'require('];

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return listSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every module specifier in `import ... from '...'`, `export ... from '...'`, `import('...')`, `import '...'`. */
function listSpecifiers(source: string): string[] {
  const patterns = [
    /\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]/g,
    /\bimport\s+['"]([^'"]+)['"]/g,
  ];
  return patterns.flatMap((re) => [...source.matchAll(re)].map((m) => m[1] ?? ''));
}

/** Why an import breaks purity, or undefined when it stays inside src/domain. */
function judgeImport(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('./') && !specifier.startsWith('../'))
    return `imports ${specifier} (not a relative path)`;
  const target = relative(DOMAIN, resolve(dirname(file), specifier));
  if (target.startsWith('..')) return `imports ${specifier} (outside src/domain)`;
  return undefined;
}

function findBreaches(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const name = relative(DOMAIN, file);
  const imports = listSpecifiers(source).flatMap((s) => judgeImport(file, s) ?? []);
  const words = FORBIDDEN.filter((word) => source.includes(word)).map((word) => `uses ${word}`);
  return [...imports, ...words].map((breach) => `${name}: ${breach}`);
}

describe('domain purity', () => {
  const files = listSources(DOMAIN);

  it('finds the domain sources', () => {
    expect(files.map((f) => relative(DOMAIN, f))).toContain('pricing.ts');
  });

  it('imports nothing from outside src/domain and touches no clock, process, randomness or network', () => {
    expect(files.flatMap(findBreaches)).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    const fake = join(DOMAIN, 'fake.ts');
    expect(judgeImport(fake, 'zod')).toMatch(/not a relative path/);
    expect(judgeImport(fake, 'node:fs')).toMatch(/not a relative path/);
    expect(judgeImport(fake, '../catalog/load.ts')).toMatch(/outside src\/domain/);
    expect(judgeImport(fake, './credits.ts')).toBeUndefined();
    expect(
      listSpecifiers("import { z } from 'zod';\nexport * from './x.ts';\nawait import('node:fs');"),
    ).toEqual(['zod', './x.ts', 'node:fs']);
  });
});
