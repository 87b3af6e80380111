/**
 * Catalog problems as people read them: `models[3].pricing.steps[1].credits: must be a
 * positive integer`. Turns zod issues into such lines, one per problem.
 */
import type { z } from 'zod';
import { PRICING_KINDS } from './schema.ts';

/** One problem in a catalog file: where (a path like `plans[0].limits.video`) and what. */
export interface CatalogProblem {
  readonly path: string;
  readonly message: string;
}

/** Writes a path the way the problems list shows it: `models[3].pricing.kind`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(root)' : out;
}

/** Writes a problem as one `path: message` line. */
export function formatProblem(problem: CatalogProblem): string {
  return `${problem.path}: ${problem.message}`;
}

/** Orders problems by where they are in the file (`models[2]` before `models[10]`), stable otherwise. */
export function sortProblems(problems: readonly CatalogProblem[]): CatalogProblem[] {
  const key = (path: string) => path.replace(/\d+/g, (digits) => digits.padStart(8, '0'));
  return problems
    .map((problem, index) => ({ problem, index, key: key(problem.path) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index))
    .map((entry) => entry.problem);
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let here = root;
  for (const key of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

function describeMissing(path: readonly PropertyKey[]): string {
  if (path[path.length - 1] === 'pricing') {
    return 'is required: a model without pricing is refused, never priced at zero (use `kind: free` for a free model)';
  }
  return 'is required';
}

/** Turns zod's issues for `raw` into problems; `raw` tells a missing field from a wrong one. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], raw: unknown): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  for (const issue of issues) {
    const path = issue.path;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        problems.push({ path: formatPath([...path, key]), message: 'unknown field' });
      continue;
    }
    if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator === 'kind') {
      const given = valueAt(raw, path);
      const message =
        given === undefined
          ? `is required: one of ${PRICING_KINDS.join(', ')}`
          : `must be one of ${PRICING_KINDS.join(', ')} (got ${JSON.stringify(given)})`;
      problems.push({ path: formatPath(path), message });
      continue;
    }
    if (issue.code === 'invalid_type' && valueAt(raw, path) === undefined) {
      problems.push({ path: formatPath(path), message: describeMissing(path) });
      continue;
    }
    problems.push({ path: formatPath(path), message: issue.message });
  }
  return problems;
}
