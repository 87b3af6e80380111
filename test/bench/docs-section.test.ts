import { describe, expect, it } from 'vitest';
import { replaceBenchSections } from '../../bench/docs-section.ts';

const doc = [
  '# Benchmarks',
  '',
  'Hand-written intro.',
  '',
  '<!-- bench:start -->',
  '<!-- bench:sqlite:start -->',
  '## SQLite',
  'old sqlite',
  '<!-- bench:sqlite:end -->',
  '',
  '<!-- bench:http:start -->',
  '## HTTP',
  'old http',
  '<!-- bench:http:end -->',
  '<!-- bench:end -->',
  '',
  '## Lighthouse (written by another tool)',
  'scores',
  '',
].join('\n');

describe('replaceBenchSections', () => {
  it('replaces only the parts that ran and keeps everything else', () => {
    const out = replaceBenchSections(doc, new Map([['http', ['## HTTP', 'new http']]]));
    expect(out).toContain('new http');
    expect(out).not.toContain('old http');
    expect(out).toContain('old sqlite');
    expect(out).toContain('Hand-written intro.');
    expect(out).toContain('## Lighthouse (written by another tool)\nscores');
  });

  it('adds a new part at the end of the bench block', () => {
    const out = replaceBenchSections(doc, new Map([['analytics', ['## Analytics', 'figures']]]));
    expect(out.indexOf('<!-- bench:analytics:start -->')).toBeGreaterThan(out.indexOf('old http'));
    expect(out.indexOf('<!-- bench:analytics:end -->')).toBeLessThan(out.indexOf('<!-- bench:end -->'));
    expect(replaceBenchSections(out, new Map([['analytics', ['## Analytics', 'again']]]))).toBe(
      out.replace('figures', 'again'),
    );
  });

  it('appends the bench block to a file that has none', () => {
    const out = replaceBenchSections(
      '# Benchmarks\n\nLighthouse: 98\n',
      new Map([['sqlite', ['## SQLite']]]),
    );
    expect(out).toBe(
      '# Benchmarks\n\nLighthouse: 98\n\n<!-- bench:start -->\n<!-- bench:sqlite:start -->\n## SQLite\n<!-- bench:sqlite:end -->\n\n<!-- bench:end -->\n',
    );
  });
});
