import { createHash } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { listCatalogProblems, loadCatalogFile, loadCatalogText, loadPreset, resolveCatalog } from './load.ts';

type Doc = Record<string, unknown>;

/** A small valid catalog file, as an object to mutate per test. */
function validDoc(): Doc {
  return {
    id: 'demo',
    name: 'Demo',
    credit_value_micros: 10_000,
    models: [
      { id: 'free-text', name: 'Free', category: 'text', pricing: { kind: 'free' } },
      {
        id: 'image',
        name: 'Image',
        category: 'image',
        pricing: { kind: 'flat', credits: 12, provider_cost_micros: 80_000 },
      },
      {
        id: 'clip',
        name: 'Clip',
        category: 'video',
        pricing: {
          kind: 'variants',
          variants: [
            { name: '5s', credits: 30 },
            { name: '10s', credits: 60 },
          ],
        },
      },
      {
        id: 'song',
        name: 'Song',
        category: 'music',
        pricing: {
          kind: 'duration_steps',
          steps: [
            { seconds: 5, credits: 1 },
            { seconds: 10, credits: 2 },
          ],
        },
      },
    ],
    plans: [
      {
        id: 'pro',
        name: 'Pro',
        price_cents: 2500,
        monthly_credits: 1500,
        entitlements: { categories: ['text', 'image', 'video'] },
        limits: { video: { per_day: 5, burst: 5, per_month: 25, warn_at: 20 } },
      },
    ],
    packs: [{ id: 'starter', name: 'Starter', credits: 100, price_cents: 500 }],
    rewards: { welcome: { credits: 10 } },
  };
}

function problemsOf(doc: unknown): readonly string[] {
  const result = loadCatalogText(stringify(doc), 'test.yaml');
  if (result.ok) return [];
  expect(result.error.code).toBe('invalid_catalog');
  return listCatalogProblems(result.error);
}

/** Applies `edit` to a fresh valid document and answers the problems it causes. */
function problemsAfter(edit: (doc: Doc & { models: Doc[]; plans: Doc[] }) => void): readonly string[] {
  const doc = validDoc() as Doc & { models: Doc[]; plans: Doc[] };
  edit(doc);
  return problemsOf(doc);
}

const model = (doc: { models: Doc[] }, i: number) => doc.models[i] as Doc & { pricing: Doc };
const plan = (doc: { plans: Doc[] }, i: number) =>
  doc.plans[i] as Doc & { limits: Record<string, Doc>; entitlements: Doc };

describe('loadCatalogText', () => {
  it('loads a valid file, with defaults filled in', () => {
    const result = loadCatalogText(stringify(validDoc()), 'test.yaml');
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.holdTtlSeconds).toBe(900);
    expect(result.value.lotPriorities).toMatchObject({ plan: 10, reward: 20, purchase: 100 });
    expect(result.value.plans[0]?.creditWarningsPct).toEqual([80, 95]);
    expect(result.value.plans[0]?.apiRequestsPerMinute).toBeNull();
  });

  it('versions a catalog by the SHA-256 of its text', () => {
    const text = stringify(validDoc());
    const result = loadCatalogText(text, 'test.yaml');
    const expected = createHash('sha256').update(text).digest('hex').slice(0, 16);
    expect(result.ok && result.value.version).toBe(expected);
    const changed = loadCatalogText(`${text}# a comment\n`, 'test.yaml');
    expect(changed.ok && changed.value.version).not.toBe(expected);
  });

  it('reports a nested path exactly: models[3].pricing.steps[1].credits', () => {
    expect(
      problemsAfter((d) =>
        Object.assign(model(d, 3).pricing, {
          steps: [
            { seconds: 5, credits: 1 },
            { seconds: 10, credits: 0 },
          ],
        }),
      ),
    ).toContain('models[3].pricing.steps[1].credits: must be a positive integer');
  });

  it('refuses a model without pricing instead of pricing it at zero', () => {
    expect(problemsAfter((d) => Reflect.deleteProperty(model(d, 1), 'pricing'))).toEqual([
      'models[1].pricing: is required: a model without pricing is refused, never priced at zero (use `kind: free` for a free model)',
    ]);
    expect(problemsAfter((d) => Object.assign(model(d, 1).pricing, { credits: 0 }))).toEqual([
      'models[1].pricing.credits: must be a positive integer',
    ]);
  });

  it.each<[string, (d: Doc & { models: Doc[]; plans: Doc[] }) => void, string]>([
    ['a missing field', (d) => delete d.name, 'name: is required'],
    [
      'a non-integer',
      (d) => (d.credit_value_micros = 1.5),
      'credit_value_micros: must be a positive integer',
    ],
    [
      'a string for a number',
      (d) => Object.assign(model(d, 1).pricing, { credits: '12' }),
      'models[1].pricing.credits: must be a positive integer',
    ],
    [
      'a negative price',
      (d) => (plan(d, 0).price_cents = -1),
      'plans[0].price_cents: must be a non-negative integer',
    ],
    [
      'an unknown field',
      (d) => Object.assign(model(d, 1).pricing, { colour: 'red' }),
      'models[1].pricing.colour: unknown field',
    ],
    ['an unknown top-level field', (d) => (d.extra = 1), 'extra: unknown field'],
    [
      'an unknown reward kind',
      (d) => (d.rewards = { birthday: { credits: 1 } }),
      'rewards.birthday: unknown field',
    ],
    [
      'an unknown pricing kind',
      (d) => (model(d, 1).pricing.kind = 'per_pixel'),
      'models[1].pricing.kind: must be one of free, flat, variants, per_second, duration_steps, tokens (got "per_pixel")',
    ],
    [
      'a bad id',
      (d) => (model(d, 0).id = 'Free Text'),
      'models[0].id: must be a lowercase id (letters, digits, ".", "_", "-"; starting with a letter or digit)',
    ],
    ['an empty model list', (d) => (d.models = []), 'models: must list at least one model'],
    ['a list that is not one', (d) => (d.packs = 'none'), 'packs: must be a list'],
    [
      'a duplicate model id',
      (d) => (model(d, 1).id = 'free-text'),
      'models[1].id: duplicate model id "free-text" (also models[0])',
    ],
    [
      'a duplicate plan id',
      (d) => d.plans.push({ ...plan(d, 0) }),
      'plans[1].id: duplicate plan id "pro" (also plans[0])',
    ],
    [
      'a duplicate pack id',
      (d) =>
        (d.packs = [
          { id: 'p', name: 'P', credits: 1, price_cents: 1 },
          { id: 'p', name: 'Q', credits: 2, price_cents: 2 },
        ]),
      'packs[1].id: duplicate pack id "p" (also packs[0])',
    ],
    [
      'a duplicate variant',
      (d) => ((model(d, 2).pricing.variants as Doc[])[1] = { name: '5s', credits: 60 }),
      'models[2].pricing.variants[1].name: duplicate variant "5s" (also models[2].pricing.variants[0])',
    ],
    [
      'steps out of order',
      (d) =>
        (model(d, 3).pricing.steps = [
          { seconds: 10, credits: 1 },
          { seconds: 5, credits: 2 },
        ]),
      "models[3].pricing.steps[1].seconds: must be greater than the previous step's seconds (10)",
    ],
    [
      'step credits going down',
      (d) =>
        (model(d, 3).pricing.steps = [
          { seconds: 5, credits: 3 },
          { seconds: 10, credits: 2 },
        ]),
      "models[3].pricing.steps[1].credits: must not be less than the previous step's credits (3)",
    ],
    [
      'max_seconds below min_seconds',
      (d) =>
        (model(d, 1).pricing = {
          kind: 'per_second',
          credits_per_second: 60,
          min_seconds: 4,
          max_seconds: 2,
        }),
      'models[1].pricing.max_seconds: must not be less than min_seconds (4)',
    ],
    [
      'a plan naming an unused category',
      (d) => (plan(d, 0).entitlements.categories = ['text', 'audio']),
      'plans[0].entitlements.categories[1]: no model has category "audio" (categories: text, image, video, music)',
    ],
    [
      'limits on an unused category',
      (d) => (plan(d, 0).limits.audio = { per_day: 1 }),
      'plans[0].limits.audio: no model has category "audio" (categories: text, image, video, music)',
    ],
    [
      'a burst below per_day',
      (d) => (plan(d, 0).limits.video = { per_day: 5, burst: 3 }),
      'plans[0].limits.video.burst: must not be less than per_day (5)',
    ],
    [
      'a burst without per_day',
      (d) => (plan(d, 0).limits.video = { burst: 3 }),
      'plans[0].limits.video.burst: needs per_day (the daily refill the burst sits on)',
    ],
    [
      'warn_at above per_month',
      (d) => (plan(d, 0).limits.video = { per_month: 25, warn_at: 30 }),
      'plans[0].limits.video.warn_at: must not be more than per_month (25)',
    ],
    [
      'warn_at without per_month',
      (d) => (plan(d, 0).limits.video = { warn_at: 3 }),
      'plans[0].limits.video.warn_at: needs per_month (the monthly cap it warns about)',
    ],
    [
      'warnings not ascending',
      (d) => (plan(d, 0).credit_warnings_pct = [95, 80]),
      'plans[0].credit_warnings_pct[1]: must be greater than 95 (ascending)',
    ],
    [
      'a warning above 100%',
      (d) => (plan(d, 0).credit_warnings_pct = [80, 120]),
      'plans[0].credit_warnings_pct[1]: must be an integer from 1 to 100',
    ],
    [
      'a 100% bulk discount',
      (d) => (plan(d, 0).bulk_discount_pct = 100),
      'plans[0].bulk_discount_pct: must be an integer from 0 to 99',
    ],
    [
      'an API rate without API access',
      (d) => (plan(d, 0).api_requests_per_minute = 60),
      'plans[0].api_requests_per_minute: is set but entitlements.api_access is not true',
    ],
    [
      'two default plans',
      (d) => {
        plan(d, 0).default = true;
        d.plans.push({ id: 'free', name: 'Free', price_cents: 0, monthly_credits: 0, default: true });
      },
      'plans[1].default: only one plan may be the default (plans[0] already is)',
    ],
  ])('reports %s by path', (_kind, edit, line) => {
    expect(problemsAfter(edit)).toEqual([line]);
  });

  it('lists every problem at once, in file order, and loads nothing', () => {
    const doc = validDoc() as Doc & { models: Doc[]; plans: Doc[] };
    Reflect.deleteProperty(model(doc, 0), 'pricing');
    model(doc, 3).pricing.steps = [
      { seconds: 10, credits: 1 },
      { seconds: 5, credits: 0 },
    ];
    plan(doc, 0).price_cents = -1;
    const result = loadCatalogText(stringify(doc), 'broken.yaml');
    expect(result.ok).toBe(false);
    expect('value' in result).toBe(false);
    if (result.ok) return;
    expect(listCatalogProblems(result.error)).toEqual([
      'models[0].pricing: is required: a model without pricing is refused, never priced at zero (use `kind: free` for a free model)',
      'models[3].pricing.steps[1].credits: must be a positive integer',
      "models[3].pricing.steps[1].seconds: must be greater than the previous step's seconds (10)",
      'plans[0].price_cents: must be a non-negative integer',
    ]);
    expect(result.error.message.split('\n')[0]).toBe('broken.yaml: invalid catalog');
  });

  it('reports YAML syntax errors and duplicate keys with their line', () => {
    const empty = loadCatalogText('', 'empty.yaml');
    expect(empty.ok ? [] : listCatalogProblems(empty.error)).toEqual([
      '(root): must be a mapping (the catalog file is a YAML object)',
    ]);
    const syntax = loadCatalogText('id: demo\nmodels: [\n', 'bad.yaml');
    expect(syntax.ok ? [] : listCatalogProblems(syntax.error)[0]).toMatch(/^\(yaml\) line \d+, column \d+: /);
    const duplicate = loadCatalogText('id: a\nid: b\n', 'dup.yaml');
    expect(duplicate.ok ? [] : listCatalogProblems(duplicate.error)[0]).toMatch(
      /^\(yaml\) line 2, column 1: .*unique/i,
    );
  });

  it('refuses every catalog with an unpriced model, wherever it sits (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 }), fc.boolean(), (index, asNull) => {
        const doc = validDoc() as Doc & { models: Doc[] };
        if (asNull) model(doc, index).pricing = null as unknown as Doc;
        else Reflect.deleteProperty(model(doc, index), 'pricing');
        const problems = problemsOf(doc);
        expect(problems.some((p) => p.startsWith(`models[${index}].pricing: `))).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
});

describe('loading files and presets', () => {
  it('loads a file and names it in problems', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tollgate-catalog-'));
    const good = join(dir, 'good.yaml');
    const bad = join(dir, 'bad.yaml');
    await writeFile(good, stringify(validDoc()));
    await writeFile(bad, 'id: x\n');
    expect((await loadCatalogFile(good)).ok).toBe(true);
    const refused = await resolveCatalog(bad);
    expect(refused.ok ? '' : refused.error.message).toMatch(/^.*bad\.yaml: invalid catalog\n/);
  });

  it('answers not_found for a missing file or preset, listing the presets', async () => {
    const missing = await resolveCatalog('/no/such/catalog.yaml');
    expect(missing.ok ? undefined : [missing.error.code, missing.error.param]).toEqual([
      'not_found',
      'catalog',
    ]);
    const preset = await loadPreset('../package');
    expect(preset.ok ? '' : preset.error.message).toContain('presets: directors-palette, musicgen');
  });

  it('resolves a preset name and a file path to the same catalog', async () => {
    const byName = await resolveCatalog('musicgen');
    const byPath = await resolveCatalog('catalogs/musicgen.yaml');
    expect(byName.ok && byName.value.version).toBe(byPath.ok && byPath.value.version);
  });
});
