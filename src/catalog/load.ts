/**
 * Loading catalogs: YAML text → validated file → domain `Catalog`, all or nothing. Every
 * problem comes back as a `path: message` line; a catalog's version is the SHA-256 of its
 * text, so a hold can record exactly which price list quoted it. File reading and hashing
 * live here, outside the pure domain.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import type { Catalog } from '../domain/catalog.ts';
import { type DomainError, fail, ok, type Result } from '../domain/errors.ts';
import { normalizeCatalog } from './normalize.ts';
import { type CatalogProblem, describeIssues, formatProblem, sortProblems } from './problems.ts';
import { checkCatalogRules } from './rules.ts';
import { catalogFileSchema } from './schema.ts';

/** Where the shipped presets live (`catalogs/` at the repository root). */
export const PRESETS_DIR = fileURLToPath(new URL('../../catalogs/', import.meta.url));

const PRESET_NAME = /^[a-z0-9][a-z0-9-]*$/;

/** Details of an `invalid_catalog` refusal: the source and one line per problem. */
export interface InvalidCatalogDetails {
  readonly source: string;
  readonly problems: readonly string[];
}

/** Content hash used as the catalog version: first 16 hex digits of SHA-256. */
export function hashCatalogText(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 16);
}

function refuse(source: string, problems: readonly CatalogProblem[]) {
  const lines = [...new Set(sortProblems(problems).map(formatProblem))];
  const details: InvalidCatalogDetails = { source, problems: lines };
  return fail('invalid_catalog', `${source}: invalid catalog\n${lines.join('\n')}`, 'catalog', {
    ...details,
  });
}

function yamlProblems(
  errors: readonly { message: string; linePos?: readonly { line: number; col: number }[] }[],
) {
  return errors.map((e) => {
    const at = e.linePos?.[0];
    const path = at === undefined ? '(yaml)' : `(yaml) line ${at.line}, column ${at.col}`;
    return { path, message: e.message.split('\n')[0] ?? e.message };
  });
}

/** Validates catalog YAML text and builds the catalog; `source` names it in problems. */
export function loadCatalogText(text: string, source: string): Result<Catalog> {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) return refuse(source, yamlProblems(doc.errors));
  const raw: unknown = doc.toJS({ maxAliasCount: 100 });
  const parsed = catalogFileSchema.safeParse(raw);
  const problems = [
    ...(parsed.success ? [] : describeIssues(parsed.error.issues, raw)),
    ...checkCatalogRules(raw),
  ];
  if (!parsed.success || problems.length > 0) return refuse(source, problems);
  return ok(normalizeCatalog(parsed.data, hashCatalogText(text)));
}

/** Reads and loads a catalog file; a missing or unreadable file is `not_found`. */
export async function loadCatalogFile(path: string): Promise<Result<Catalog>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    return fail('not_found', `cannot read catalog file ${path} (${reason})`, 'catalog');
  }
  return loadCatalogText(text, path);
}

/** Names of the shipped presets (`directors-palette`, `musicgen`, ...). */
export async function listPresets(): Promise<string[]> {
  const files = await readdir(PRESETS_DIR);
  return files
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** Loads a shipped preset by name. */
export async function loadPreset(name: string): Promise<Result<Catalog>> {
  const presets = await listPresets();
  if (!PRESET_NAME.test(name) || !presets.includes(name)) {
    return fail(
      'not_found',
      `no preset named ${JSON.stringify(name)} (presets: ${presets.join(', ')})`,
      'catalog',
    );
  }
  return loadCatalogFile(`${PRESETS_DIR}${name}.yaml`);
}

/** Loads a preset when the argument names one, else the file at that path. */
export async function resolveCatalog(presetOrFile: string): Promise<Result<Catalog>> {
  if (PRESET_NAME.test(presetOrFile) && (await listPresets()).includes(presetOrFile)) {
    return loadPreset(presetOrFile);
  }
  const result = await loadCatalogFile(presetOrFile);
  if (!result.ok && result.error.code === 'not_found') {
    const presets = await listPresets();
    return fail(
      'not_found',
      `no preset or file named ${JSON.stringify(presetOrFile)} (presets: ${presets.join(', ')})`,
      'catalog',
    );
  }
  return result;
}

/** The problem lines of an `invalid_catalog` error (empty for any other error). */
export function listCatalogProblems(error: DomainError): readonly string[] {
  const problems = error.details?.problems;
  return Array.isArray(problems) ? problems.map(String) : [];
}
