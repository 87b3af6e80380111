/**
 * Batch quotes for bulk operations (SPEC section 6): several generations priced together,
 * all or nothing, with the plan's volume discount rounded in the customer's favour.
 * Whether the plan may run batches at all is the engine's entitlement check.
 */
import type { Catalog, Plan } from './catalog.ts';
import { type Credits, ceilDiv, credits, type Micros, micros } from './credits.ts';
import { type DomainError, fail, ok, type Result } from './errors.ts';
import type { PricingContext } from './price-rules.ts';
import { computeMarginPct, type GenerationParams, type Quote, quoteGeneration } from './quote.ts';

/** One generation in a batch. */
export interface BatchItem {
  readonly modelId: string;
  readonly params: GenerationParams;
}

/** A priced batch: every item's quote, the subtotal, the discount and what is charged. */
export interface BatchQuote {
  readonly planId: string;
  readonly items: readonly Quote[];
  readonly subtotal: Credits;
  readonly discountPct: number;
  /** Credits taken off: subtotal × discount %, rounded up (in the customer's favour). */
  readonly discount: Credits;
  readonly total: Credits;
  readonly providerCostMicros: Micros | null;
  readonly marginPct: number | null;
  readonly catalogVersion: string;
}

/** Most items one batch may hold. */
export const MAX_BATCH_ITEMS = 100;

function prefixParam(error: DomainError, index: number): string {
  return `items[${index}].${error.param ?? 'params'}`;
}

/**
 * Quotes every item; if any is refused the whole batch is refused, naming the first bad item
 * (`items[2].params.duration`) and listing every refusal in `details.errors`.
 */
export function quoteBatch(
  catalog: Catalog,
  plan: Plan,
  items: readonly BatchItem[],
  ctx: PricingContext,
): Result<BatchQuote> {
  if (items.length === 0) return fail('invalid_request', 'a batch needs at least one item', 'items');
  if (items.length > MAX_BATCH_ITEMS) {
    return fail('parameter_out_of_range', `a batch holds at most ${MAX_BATCH_ITEMS} items`, 'items', {
      max: MAX_BATCH_ITEMS,
    });
  }
  const quotes: Quote[] = [];
  const errors: { index: number; code: string; message: string; param: string }[] = [];
  items.forEach((item, index) => {
    const quote = quoteGeneration(catalog, item.modelId, item.params, ctx);
    if (quote.ok) quotes.push(quote.value);
    else
      errors.push({
        index,
        code: quote.error.code,
        message: quote.error.message,
        param: prefixParam(quote.error, index),
      });
  });
  const first = errors[0];
  if (first !== undefined) {
    return fail(first.code as DomainError['code'], `items[${first.index}]: ${first.message}`, first.param, {
      errors,
    });
  }
  const subtotal = quotes.reduce((sum, q) => sum + q.credits, 0);
  const discount = ceilDiv(subtotal * plan.bulkDiscountPct, 100);
  const total = credits(subtotal - discount);
  const knownCosts = quotes.every((q) => q.providerCostMicros !== null);
  const cost = knownCosts ? micros(quotes.reduce((sum, q) => sum + (q.providerCostMicros ?? 0), 0)) : null;
  return ok({
    planId: plan.id,
    items: quotes,
    subtotal: credits(subtotal),
    discountPct: plan.bulkDiscountPct,
    discount: credits(discount),
    total,
    providerCostMicros: cost,
    marginPct: computeMarginPct(total, catalog.creditValueMicros, cost),
    catalogVersion: catalog.version,
  });
}

/** What a batch item's hold remembers of its discount, so a partial commit keeps it. */
export interface HeldBatchDiscount {
  readonly pct: number;
  /** The item's price before the discount. */
  readonly listCredits: Credits;
}

/** Reads the discount a hold's quote carries (batch holds only), or null. */
export function readHeldBatchDiscount(quote: Readonly<Record<string, unknown>>): HeldBatchDiscount | null {
  const d = quote.batchDiscount as { pct?: unknown; listCredits?: unknown } | undefined;
  if (d === undefined || typeof d.pct !== 'number' || typeof d.listCredits !== 'number') return null;
  return { pct: d.pct, listCredits: credits(d.listCredits) };
}

/**
 * What a batch item's actual usage costs: the item's share of the batch total when the usage is
 * what was quoted, otherwise the list price less the batch's discount, rounded in the customer's
 * favour as the batch was (issue 12 item 8: a partial commit must not lose the discount).
 */
export function discountActualUsage(actual: Credits, held: Credits, discount: HeldBatchDiscount): Credits {
  if (actual === discount.listCredits) return held;
  return credits(actual - ceilDiv(actual * discount.pct, 100));
}
