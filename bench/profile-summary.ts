/**
 * Summarises a V8 CPU profile (`.cpuprofile`, as `node --cpu-prof` or bench/profile-pairs.ts
 * writes it): the top functions by self time, and self time by where the code lives (a
 * package in node_modules, a folder of src/, a node: module, V8's own JSON or the garbage
 * collector). A native frame without a script (better-sqlite3's statements, crypto's C++) is
 * counted with its caller's place, marked "native".
 * `node --import tsx bench/profile-summary.ts FILE.cpuprofile`
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly children?: readonly number[] | undefined;
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples?: readonly number[] | undefined;
  readonly timeDeltas?: readonly number[] | undefined;
}

/** Where a frame's code lives. */
function place(url: string): string | null {
  if (url === '') return null;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1] ?? url;
  const src = /\/src\/([^/]+)\//.exec(url);
  if (src) return `src/${src[1]}`;
  if (/\/(bench|test)\//.test(url)) return 'bench harness';
  if (url.startsWith('node:')) return `node:${url.replace(/^node:(internal\/)?/, '').split('/')[0]}`;
  return url;
}

export function summarizeProfile(profile: CpuProfile): {
  totalMs: number;
  idleMs: number;
  functions: [string, number][];
  places: [string, number][];
} {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const placeOf = (id: number): string => {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) return '?';
    const name = frame.functionName;
    if (name.startsWith('(')) return name;
    if (frame.url === '' && (name === 'stringify' || name === 'parse')) return 'JSON (V8)';
    const own = place(frame.url);
    if (own !== null) return own;
    const up = parent.get(id);
    const callers = up === undefined ? '?' : placeOf(up);
    return callers.startsWith('native') ? callers : `native, called from ${callers}`;
  };
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  samples.forEach((id, i) => {
    self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
  });
  const functions = new Map<string, number>();
  const places = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (const [id, ms] of self) {
    const frame = byId.get(id)?.callFrame;
    if (frame === undefined) continue;
    totalMs += ms;
    if (frame.functionName === '(idle)') {
      idleMs += ms;
      continue;
    }
    // tsx compiles each module onto one line, so a line number names nothing in src/.
    const file = frame.url.includes('/node_modules/')
      ? `${frame.url.replace(/^.*\/node_modules\//, '')}:${frame.lineNumber + 1}`
      : frame.url.replace(/^.*?\/(src|bench|test)\//, '$1/');
    const key = `${frame.functionName || '(anonymous)'} ${file || `[${placeOf(id)}]`}`;
    functions.set(key, (functions.get(key) ?? 0) + ms);
    const where = placeOf(id);
    places.set(where, (places.get(where) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return { totalMs, idleMs, functions: sorted(functions), places: sorted(places) };
}

/** Markdown tables: self time by place, then the top functions, as shares of the busy time. */
export function formatProfileSummary(profile: CpuProfile, top = 25): string[] {
  const s = summarizeProfile(profile);
  const busy = s.totalMs - s.idleMs;
  const share = (ms: number) => `${((100 * ms) / busy).toFixed(1)} %`;
  return [
    `Profiled ${(s.totalMs / 1000).toFixed(1)} s, busy ${(busy / 1000).toFixed(1)} s (idle ${((100 * s.idleMs) / s.totalMs).toFixed(0)} %). Shares are of the busy time.`,
    '',
    '| self time in | share |',
    '| --- | --- |',
    ...s.places.filter(([, ms]) => ms / busy >= 0.005).map(([p, ms]) => `| ${p} | ${share(ms)} |`),
    '',
    '| function (self time) | share |',
    '| --- | --- |',
    ...s.functions.slice(0, top).map(([f, ms]) => `| \`${f}\` | ${share(ms)} |`),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: bench/profile-summary.ts FILE.cpuprofile');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  process.stdout.write(`${formatProfileSummary(profile).join('\n')}\n`);
}
