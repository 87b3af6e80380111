/**
 * What one part of `npm run bench` answers: its figures (the JSON file nests them under the
 * part's name, e.g. `sqlite.pairs_per_s`) and its section of docs/benchmarks.md.
 */
export type Figures = Record<string, number>;

export interface PartResult {
  readonly figures: Figures;
  /** Markdown lines, starting with the section's `##` heading. */
  readonly section: readonly string[];
}

export type BenchPart = () => Promise<PartResult>;

/** Throws (failing the whole bench) when `tollgate verify` found anything after an engine run. */
export function assertVerified(where: string, report: { ok: boolean; problems: readonly string[] }): void {
  if (report.ok) return;
  throw new Error(
    `tollgate verify failed after ${where} (${report.problems.length} problems): ${report.problems.slice(0, 5).join('; ')}`,
  );
}
