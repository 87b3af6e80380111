/**
 * Issue 16 item 4: the repository reads the client's types from `@tollgate/client` by name, the
 * way a tenant's app does, never by a path into the package's sources.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listSources, listSpecifiers, ROOT } from '../support/source-graph.ts';

const manifest = JSON.parse(readFileSync(`${ROOT}/packages/client/package.json`, 'utf8'));
const outside = ['src', 'web', 'test', 'bench'].flatMap((dir) => listSources(dir));

describe('@tollgate/client by name', () => {
  it('resolves to its sources under the repository condition and to dist/ for everyone else', () => {
    const entry = manifest.exports['.'];
    expect(Object.keys(entry)[0]).toBe('tollgate-source');
    expect(entry['tollgate-source']).toBe('./src/index.ts');
    expect(entry.types).toMatch(/^\.\/dist\//);
    expect(entry.import).toBe('./dist/index.js');
    const tsconfig = readFileSync(`${ROOT}/tsconfig.json`, 'utf8');
    expect(tsconfig).toMatch(/"customConditions": \["tollgate-source"\]/);
  });

  it('is imported by name outside the package, never through a path into packages/client', () => {
    const byPath = outside.flatMap((file) =>
      listSpecifiers(readFileSync(`${ROOT}/${file}`, 'utf8'))
        .filter((s) => s.includes('packages/client'))
        .map((s) => `${file}: ${s}`),
    );
    expect(byPath).toEqual([]);
    const byName = outside.filter((file) =>
      listSpecifiers(readFileSync(`${ROOT}/${file}`, 'utf8')).includes('@tollgate/client'),
    );
    expect(byName).toContain('web/dashboard/types.ts');
  });
});
