/** `GET /v1/analytics/usage`: generations, credits burned and provider cost by model × period and by category. */
import { ok, type Result } from '../../domain/errors.ts';
import type { EngineContext } from '../context.ts';
import { type AnalyticsQuery, periodsOf, toRange } from './query.ts';

export interface UsageFigures {
  generations: number;
  credits: number;
  /** Micro-dollars; null when no generation of the group had a known cost. */
  providerCostMicros: number | null;
  unknownCostGenerations: number;
}

export interface UsageAnalytics {
  readonly periods: { period: string; model: string; figures: UsageFigures }[];
  readonly byCategory: { category: string; figures: UsageFigures }[];
  readonly byModel: { model: string; category: string; figures: UsageFigures }[];
  readonly totals: UsageFigures;
}

function emptyFigures(): UsageFigures & { knownCost: number } {
  return { generations: 0, credits: 0, providerCostMicros: null, unknownCostGenerations: 0, knownCost: 0 };
}

type Acc = ReturnType<typeof emptyFigures>;

function add(
  acc: Acc,
  row: { generations: number; credits: number; costMicros: number; unknownCost: number },
) {
  acc.generations += row.generations;
  acc.credits += row.credits;
  acc.knownCost += row.costMicros;
  acc.unknownCostGenerations += row.unknownCost;
}

function finish(acc: Acc): UsageFigures {
  const known = acc.generations - acc.unknownCostGenerations;
  return {
    generations: acc.generations,
    credits: acc.credits,
    providerCostMicros: known > 0 || acc.generations === 0 ? acc.knownCost : null,
    unknownCostGenerations: acc.unknownCostGenerations,
  };
}

/** Usage per model and period, per category and per model over the range. */
export async function readUsageAnalytics(
  ctx: EngineContext,
  q: AnalyticsQuery,
): Promise<Result<UsageAnalytics>> {
  const rows = await ctx.store.read((tx) => tx.analytics.usageByDay(toRange(q)));
  const { periods, indexOfDay } = periodsOf(q);
  const cells = new Map<string, Acc>();
  const categories = new Map<string, Acc>();
  const models = new Map<string, { category: string; acc: Acc }>();
  const totals = emptyFigures();
  for (const row of rows) {
    const index = indexOfDay(row.day);
    if (index < 0) continue;
    const cellKey = `${index}\u0000${row.modelId}`;
    const cell = cells.get(cellKey) ?? emptyFigures();
    cells.set(cellKey, cell);
    add(cell, row);
    const category = categories.get(row.category) ?? emptyFigures();
    categories.set(row.category, category);
    add(category, row);
    const model = models.get(row.modelId) ?? { category: row.category, acc: emptyFigures() };
    models.set(row.modelId, model);
    add(model.acc, row);
    add(totals, row);
  }
  const out = [...cells.entries()].map(([key, acc]) => {
    const [index, model] = key.split('\u0000') as [string, string];
    return { index: Number(index), model, figures: finish(acc) };
  });
  out.sort((a, b) => a.index - b.index || a.model.localeCompare(b.model));
  return ok({
    periods: out.map((c) => ({ period: periods[c.index]?.key ?? '', model: c.model, figures: c.figures })),
    byCategory: [...categories.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([category, acc]) => ({ category, figures: finish(acc) })),
    byModel: [...models.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([model, m]) => ({ model, category: m.category, figures: finish(m.acc) })),
    totals: finish(totals),
  });
}
