/**
 * No import cycle among the production modules (issue 13 item 1: the ledger's apply step no
 * longer imports the due grants that apply through it). Type-only imports are left out: they
 * vanish when compiled, so they order nothing at run time.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { isTestFile, listSources, ROOT, resolveSpecifier } from './support/source-graph.ts';

/** Local modules a file imports for their values (`import type` and `export type` left out). */
function valueImports(file: string): string[] {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const statements = source.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms);
  return [...statements]
    .filter((m) => m[1] === undefined)
    .map((m) => resolveSpecifier(file, m[2] ?? ''))
    .filter((target): target is string => target !== undefined);
}

/** The strongly connected groups of more than one module (Tarjan). */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
    }
    if (low.get(v) !== index.get(v)) return;
    const group: string[] = [];
    for (let w = stack.pop(); w !== undefined; w = w === v ? undefined : stack.pop()) {
      onStack.delete(w);
      group.push(w);
    }
    if (group.length > 1) cycles.push(group.sort());
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return cycles;
}

it('no production module imports itself through others', () => {
  const files = listSources('src').filter((f) => !isTestFile(f));
  expect(files.length).toBeGreaterThan(100);
  const graph = new Map(files.map((f) => [f, valueImports(f)]));
  expect(findCycles(graph)).toEqual([]);
});

it('finds a cycle when there is one', () => {
  const graph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts']],
    ['d.ts', ['a.ts']],
  ]);
  expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
});
