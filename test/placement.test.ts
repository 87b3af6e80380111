/**
 * Test code stays out of `src/` and production code stays free of test code (issue 13 item 6).
 * `src/` holds production modules and the `*.test.ts` files that test them; shared suites
 * (`*.case.ts`), harnesses, fixtures and models live under `test/`. This test fails when:
 * - a module under `src/` is not reached from a production entry point through production
 *   modules (so only tests, or nothing, import it);
 * - a module under `src/` is named like test code (`suite`, `testing`, `contract.ts`, ...);
 * - a production module imports from outside `src/` (test/, bench/, web/) or a test library.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  isTestFile,
  listSources,
  listSpecifiers,
  ROOT,
  reachableFrom,
  readGraph,
  resolveSpecifier,
} from './support/source-graph.ts';

/** Where production starts: the CLI that `bin/tollgate.js` runs (the client package's sources live in packages/client/src). */
const ENTRY_POINTS = ['src/cli/main.ts'];

/** File names that mark test code; `test-checkout*` (the test-mode checkout feature) is production. */
const TEST_CODE_NAMES = [
  /suite/,
  /testing/,
  /^contract\.ts$/,
  /reference-model/,
  /test-catalog/,
  /harness/,
  /\.case\.ts$/,
  /\.fixture\.ts$/,
];

/** Packages only tests may import. */
const TEST_PACKAGES = [/^vitest(\/|$)/, /^@vitest\//, /^fast-check$/, /^playwright/, /^axe-core$/];

/** Why a production file's name marks it as test code, or undefined. */
function judgeName(file: string): string | undefined {
  const name = file.split('/').pop() ?? file;
  const hit = TEST_CODE_NAMES.find((re) => re.test(name));
  return hit === undefined ? undefined : `${file}: named like test code (${hit}); move it under test/`;
}

/** Why a production file's import breaks the rule, or undefined. */
function judgeImport(file: string, specifier: string): string | undefined {
  const target = resolveSpecifier(file, specifier);
  if (target === undefined) {
    const hit = TEST_PACKAGES.some((re) => re.test(specifier));
    return hit ? `${file}: imports the test library ${specifier}` : undefined;
  }
  return target.startsWith('src/') ? undefined : `${file}: imports ${specifier} (outside src/)`;
}

const production = listSources('src').filter((file) => !isTestFile(file));
const graph = readGraph(production);

describe('test code placement', () => {
  it('finds the production sources and their entry points', () => {
    expect(production).toContain('src/engine/engine.ts');
    for (const entry of ENTRY_POINTS) expect(production).toContain(entry);
    expect(readFileSync(join(ROOT, 'bin/tollgate.js'), 'utf8')).toContain("'../src/cli/main.ts'");
  });

  it('reaches every module under src/ from an entry point through production modules', () => {
    const reached = reachableFrom(graph, ENTRY_POINTS);
    const unreached = production.filter((file) => !reached.has(file));
    expect(unreached, 'imported only by tests (move under test/) or by nothing').toEqual([]);
  });

  it('names no module under src/ like a suite, harness, fixture or model', () => {
    expect(production.flatMap((file) => judgeName(file) ?? [])).toEqual([]);
  });

  it('imports nothing from test/, bench/ or web/, nor a test library, in production code', () => {
    const breaches = production.flatMap((file) =>
      listSpecifiers(readFileSync(join(ROOT, file), 'utf8')).flatMap((s) => judgeImport(file, s) ?? []),
    );
    expect(breaches).toEqual([]);
  });

  it('catches what it is meant to catch', () => {
    expect(judgeName('src/engine/suite-holds.ts')).toMatch(/named like test code/);
    expect(judgeName('src/http/testing.ts')).toMatch(/named like test code/);
    expect(judgeName('src/http/payments-testing.ts')).toMatch(/named like test code/);
    expect(judgeName('src/store/contract.ts')).toMatch(/named like test code/);
    expect(judgeName('src/engine/reference-model.ts')).toMatch(/named like test code/);
    expect(judgeName('src/engine/test-catalog.ts')).toMatch(/named like test code/);
    expect(judgeName('src/http/plan-change.case.ts')).toMatch(/named like test code/);
    expect(judgeName('src/payments/test-checkout.ts')).toBeUndefined();
    expect(judgeImport('src/http/app.ts', '../../test/support/http-app.ts')).toMatch(/outside src/);
    expect(judgeImport('src/http/app.ts', '../../bench/main.ts')).toMatch(/outside src/);
    expect(judgeImport('src/http/app.ts', 'vitest')).toMatch(/test library/);
    expect(judgeImport('src/http/app.ts', './route.ts')).toBeUndefined();
    expect(judgeImport('src/http/app.ts', 'fastify')).toBeUndefined();
    const fake = { imports: new Map([['src/a.ts', { local: ['src/b.ts'], packages: [] }]]) };
    expect([...reachableFrom(fake, ['src/a.ts'])]).toEqual(['src/a.ts', 'src/b.ts']);
  });
});
