/**
 * Pricing, the public face: quote a generation, compute a margin, list cheaper alternatives,
 * quote a batch with the plan's bulk discount, list the catalog's prices. The code lives in
 * one file per concept beside this one; import from here.
 */
export {
  type Alternative,
  DEFAULT_ALTERNATIVES,
  listAlternatives,
  MAX_ALTERNATIVES,
  pickAlternatives,
  type SuggestionLimits,
} from './alternatives.ts';
export { type BatchItem, type BatchQuote, MAX_BATCH_ITEMS, quoteBatch } from './batch.ts';
export { listModelPrices, type PriceRow, type PriceUnit } from './price-list.ts';
export { MAX_DURATION_SECONDS, type PricingContext, type QuoteUnits, type UnitPrice } from './price-rules.ts';
export { computeMarginPct, type GenerationParams, MAX_TOKENS, type Quote, quoteGeneration } from './quote.ts';
