/**
 * Token counting for quotes of token-priced models, with a real tokenizer (gpt-tokenizer,
 * o200k_base: the GPT-4o family's encoding) rather than a characters-per-token guess.
 * Kept outside the domain, which receives it as a `PricingContext`.
 */
import { countTokens as countO200kTokens } from 'gpt-tokenizer';
import type { PricingContext } from './domain/pricing.ts';

/** Counts the tokens of `text` as OpenAI's o200k_base encoding does. */
export function countTokens(text: string): number {
  return countO200kTokens(text);
}

/** The pricing context every caller outside tests should pass to quote functions. */
export const tokenizerContext: PricingContext = { countTokens };
