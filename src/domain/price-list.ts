/**
 * The catalog's price list, one row per price a customer can pay (a variant, a duration step,
 * a per-second or per-1k-token rate), with provider cost and computed margin. Feeds
 * `tollgate catalog show`, the operator dashboard and the pricing calculator.
 */
import type { Catalog, Model } from './catalog.ts';
import { type Credits, credits, type Micros, micros } from './credits.ts';
import { computeMarginPct } from './quote.ts';

/** What one row's credits buy. */
export type PriceUnit =
  | 'generation'
  | 'second'
  | 'extra_seconds'
  | '1k_input_tokens'
  | '1k_output_tokens'
  | 'minimum';

/** One line of the price list. */
export interface PriceRow {
  readonly modelId: string;
  readonly modelName: string;
  readonly category: string;
  /** The option this row prices (`10s`, `30s`, `+10s`); null for a model with one price. */
  readonly variant: string | null;
  readonly unit: PriceUnit;
  readonly credits: Credits;
  readonly providerCostMicros: Micros | null;
  readonly marginPct: number | null;
  readonly free: boolean;
}

type RowPrice = Pick<PriceRow, 'variant' | 'unit' | 'credits' | 'providerCostMicros'>;

const times = (perUnit: Micros | null, n: number) => (perUnit === null ? null : micros(perUnit * n));

function listRowPrices(model: Model): RowPrice[] {
  const p = model.pricing;
  switch (p.kind) {
    case 'free':
      return [{ variant: null, unit: 'generation', credits: credits(0), providerCostMicros: micros(0) }];
    case 'flat':
      return [
        { variant: null, unit: 'generation', credits: p.credits, providerCostMicros: p.providerCostMicros },
      ];
    case 'variants':
      return p.variants.map((v) => ({
        variant: v.name,
        unit: 'generation',
        credits: v.credits,
        providerCostMicros: v.providerCostMicros,
      }));
    case 'per_second':
      return [
        {
          variant: null,
          unit: 'second',
          credits: p.creditsPerSecond,
          providerCostMicros: p.providerCostMicrosPerSecond,
        },
      ];
    case 'duration_steps': {
      const rows: RowPrice[] = p.steps.map((s) => ({
        variant: `${s.seconds}s`,
        unit: 'generation',
        credits: s.credits,
        providerCostMicros: times(p.providerCostMicrosPerSecond, s.seconds),
      }));
      const extra = p.perExtraSeconds;
      if (extra !== null) {
        rows.push({
          variant: `+${extra.seconds}s`,
          unit: 'extra_seconds',
          credits: extra.credits,
          providerCostMicros: times(p.providerCostMicrosPerSecond, extra.seconds),
        });
      }
      return rows;
    }
    case 'tokens':
      return [
        {
          variant: 'input',
          unit: '1k_input_tokens',
          credits: p.inputCreditsPer1k,
          providerCostMicros: p.providerCostMicrosPer1kInput,
        },
        {
          variant: 'output',
          unit: '1k_output_tokens',
          credits: p.outputCreditsPer1k,
          providerCostMicros: p.providerCostMicrosPer1kOutput,
        },
        { variant: 'minimum', unit: 'minimum', credits: p.minimumCredits, providerCostMicros: null },
      ];
  }
}

/** Lists every price in the catalog, in catalog order, with provider cost and computed margin. */
export function listModelPrices(catalog: Catalog): PriceRow[] {
  return catalog.models.flatMap((model) =>
    listRowPrices(model).map((row) => ({
      modelId: model.id,
      modelName: model.name,
      category: model.category,
      ...row,
      marginPct: computeMarginPct(row.credits, catalog.creditValueMicros, row.providerCostMicros),
      free: model.pricing.kind === 'free',
    })),
  );
}
