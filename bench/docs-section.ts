/**
 * Writes the bench's sections into docs/benchmarks.md without touching anything else there:
 * the bench owns the text between `<!-- bench:start -->` and `<!-- bench:end -->`, and inside
 * it each part owns the text between `<!-- bench:NAME:start -->` and `<!-- bench:NAME:end -->`.
 * A run replaces only the parts it ran (so `--only http` keeps the SQLite figures of the last
 * full run); a part seen for the first time is added at the end of the bench block; a file
 * without the block gets it appended.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';
const partStart = (name: string) => `<!-- bench:${name}:start -->`;
const partEnd = (name: string) => `<!-- bench:${name}:end -->`;

/** Answers `text` with each part's block replaced by (or extended with) its new lines. */
export function replaceBenchSections(text: string, sections: ReadonlyMap<string, readonly string[]>): string {
  let out = text.includes(START) && text.includes(END) ? text : `${text.trimEnd()}\n\n${START}\n${END}\n`;
  for (const [name, lines] of sections) {
    const block = `${partStart(name)}\n${lines.join('\n').trim()}\n${partEnd(name)}`;
    const from = out.indexOf(partStart(name));
    const to = out.indexOf(partEnd(name));
    if (from !== -1 && to > from) {
      out = out.slice(0, from) + block + out.slice(to + partEnd(name).length);
    } else {
      const end = out.lastIndexOf(END);
      out = `${out.slice(0, end)}${block}\n\n${out.slice(end)}`;
    }
  }
  return out;
}

/** Rewrites the bench's parts of the file at `path` (creating it if missing). */
export function writeBenchSections(path: string, sections: ReadonlyMap<string, readonly string[]>): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  writeFileSync(path, replaceBenchSections(text, sections));
}
