import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { main } from './main.ts';

/** Runs the CLI in-process and answers what it printed and its exit code. */
async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('tollgate quote', () => {
  it('prints credits, provider cost, margin and cheaper alternatives', async () => {
    const { code, stdout } = await run('quote', '--catalog', 'directors-palette', '--model', 'gpt-4o');
    expect(code).toBe(0);
    expect(stdout).toMatch(/credits\s+20\n/);
    expect(stdout).toMatch(/provider cost\s+\$0\.17\n/);
    expect(stdout).toMatch(/margin\s+17\.6%\n/);
    expect(stdout).toMatch(/kimi-k2-free\s+0\s+20/);
  });

  it('answers snake_case JSON with --json', async () => {
    const { code, stdout } = await run(
      'quote',
      '--catalog',
      'directors-palette',
      '--model',
      'veo-2',
      '--duration',
      '5',
      '--json',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({
      model: 'veo-2',
      credits: 300,
      provider_cost_micros: 2_500_000,
      margin_pct: 20,
    });
    expect(json.units).toEqual({ seconds: 5 });
    expect(json.alternatives[0]).toMatchObject({ model: 'stable-video', credits: 25, credits_saved: 275 });
    expect(json.catalog_version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('rounds MusicGen durations up to the next step', async () => {
    for (const [duration, expected] of [
      ['7', 2],
      ['30', 5],
    ] as const) {
      const { stdout } = await run(
        'quote',
        '--catalog',
        'musicgen',
        '--model',
        'musicgen',
        '--duration',
        duration,
        '--json',
      );
      expect(JSON.parse(stdout).credits).toBe(expected);
    }
  });

  it('multiplies by --count and prices tokens given on the command line', async () => {
    const { stdout } = await run(
      'quote',
      '--catalog',
      'directors-palette',
      '--model',
      'sdxl',
      '--count',
      '4',
      '--json',
    );
    expect(JSON.parse(stdout)).toMatchObject({ credits: 48, count: 4, provider_cost_micros: 320_000 });
  });

  it.each([
    [
      ['--model', 'musicgen', '--duration', '31'],
      1,
      /--duration: 31 s is above the longest musicgen option \(30 s\)/,
    ],
    [['--model', 'nope'], 1, /--model: no model "nope"/],
    [
      ['--model', 'musicgen', '--duration', 'abc'],
      2,
      /option '--duration <seconds>' argument 'abc' is invalid/,
    ],
    [
      ['--model', 'musicgen', '--duration', '5', '--count', '0'],
      1,
      /--count: count must be a positive integer/,
    ],
    [['--model', 'musicgen', '--variant', '5s'], 1, /--variant: musicgen has no variants/],
    [['--model', 'musicgen'], 1, /--duration: musicgen is priced by duration/],
    [['--duration', '5'], 2, /required option '--model <id>' not specified/],
    [['--model', 'musicgen', '--bogus'], 2, /unknown option '--bogus'/],
  ])('refuses %j with exit %i and a message naming the argument', async (args, exitCode, message) => {
    const { code, stderr, stdout } = await run('quote', '--catalog', 'musicgen', ...args);
    expect(code).toBe(exitCode);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('refuses an unknown catalog naming --catalog', async () => {
    const { code, stderr } = await run('quote', '--catalog', 'nowhere', '--model', 'x');
    expect(code).toBe(1);
    expect(stderr).toMatch(/--catalog: no preset or file named "nowhere"/);
  });
});

describe('tollgate catalog', () => {
  it('checks a valid file', async () => {
    const { code, stdout } = await run('catalog', 'check', 'catalogs/directors-palette.yaml');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ok: .* 20 models, 4 plans, 0 packs\n$/);
  });

  it('lists every problem by path and exits 1 on an invalid file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-cli-'));
    const file = join(dir, 'bad.yaml');
    await writeFile(
      file,
      'id: bad\nname: Bad\ncredit_value_micros: 10000\nmodels:\n  - {id: a, name: A, category: music, pricing: {kind: duration_steps, steps: [{seconds: 5, credits: 1}, {seconds: 10, credits: 0}]}}\n  - {id: b, name: B, category: music}\n',
    );
    const { code, stderr } = await run('catalog', 'check', file);
    expect(code).toBe(1);
    expect(stderr.split('\n').slice(1, 3)).toEqual([
      'models[0].pricing.steps[1].credits: must be a positive integer',
      'models[1].pricing: is required: a model without pricing is refused, never priced at zero (use `kind: free` for a free model)',
    ]);
  });

  it('shows an aligned price table with cost and margin', async () => {
    const { code, stdout } = await run('catalog', 'show', 'directors-palette');
    expect(code).toBe(0);
    const kimi = stdout.split('\n').find((l) => l.startsWith('kimi-vl-a3b'));
    expect(kimi).toMatch(/text\s+1\s+generation\s+\$0\.0008\s+1150%$/);
    const header = stdout.split('\n').find((l) => l.startsWith('MODEL')) ?? '';
    const runway = stdout.split('\n').find((l) => l.startsWith('runway-gen4  ')) ?? '';
    expect(runway.indexOf('video')).toBe(header.indexOf('CATEGORY'));
  });

  it('shows JSON with snake_case prices', async () => {
    const { stdout } = await run('catalog', 'show', 'musicgen', '--json');
    const json = JSON.parse(stdout);
    expect(json.prices.map((p: { variant: string; credits: number }) => [p.variant, p.credits])).toEqual([
      ['5s', 1],
      ['10s', 2],
      ['15s', 3],
      ['30s', 5],
    ]);
    expect(json.low_balance_credits).toBe(2);
    expect(json.packs[0]).toMatchObject({ id: 'starter', price_cents: 500 });
  });

  it('refuses a missing argument with usage', async () => {
    expect((await run('catalog', 'show')).code).toBe(2);
    expect((await run('catalog', 'frob', 'x')).code).toBe(2);
  });
});

describe('tollgate', () => {
  it('prints usage on stderr and exits 2 for an unknown command', async () => {
    const { code, stderr } = await run('frobnicate');
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown command 'frobnicate'[\s\S]*Usage: tollgate/);
    expect((await run('toString')).code).toBe(2);
  });

  it('runs as bin/tollgate.js with the real process streams', async () => {
    const { stdout } = await promisify(execFile)('node', ['bin/tollgate.js', 'catalog', 'show', 'musicgen']);
    expect(stdout).toMatch(/^MusicGen \(musicgen\)/);
    const failed = await promisify(execFile)('node', [
      'bin/tollgate.js',
      'quote',
      '--catalog',
      'musicgen',
      '--model',
      'musicgen',
      '--duration',
      '31',
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(/--duration/);
  });
});
