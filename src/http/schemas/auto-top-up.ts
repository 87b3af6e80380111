/** Request and response schemas of auto top-up (issue 17 item 1): the rule, its setup Checkout, and the state money answers show. */
import { z } from 'zod';
import { creditsSchema, idSchema, MAX_CREDITS } from './common.ts';

const int = z.int();
const time = z.int().describe('Epoch milliseconds');
const returnUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** Largest monthly limit: a million dollars a month is past any sensible rule. */
const MAX_LIMIT_CENTS = 100_000_000;

export const setAutoTopUpBody = z
  .strictObject({
    threshold: z
      .int()
      .min(1)
      .max(MAX_CREDITS)
      .describe('Top up when available credits fall below this after an authorize, commit or charge'),
    pack: idSchema.optional().describe('A pack id from the catalog to buy each time; or `credits`'),
    credits: creditsSchema
      .optional()
      .describe("Credits to buy each time at the catalog's credit value (at least 50 cents); or `pack`"),
    monthly_limit_cents: z
      .int()
      .min(1)
      .max(MAX_LIMIT_CENTS)
      .describe('Most this customer is charged by auto top-up in one calendar month (UTC), in cents'),
  })
  // One of `pack` or `credits`, never both: the generated example would send both.
  .meta({ examples: [{ threshold: 100, credits: 1000, monthly_limit_cents: 5000 }] });

export const autoTopUpSetupBody = z.strictObject({
  success_url: returnUrl
    .optional()
    .describe('Where the customer goes after saving the card (default: a Tollgate page)'),
  cancel_url: returnUrl.optional().describe('Where "back" goes (default: a Tollgate page)'),
  test_payment_method: z
    .enum(['pm_card_visa', 'pm_card_chargeDeclined', 'pm_card_authenticationRequired'])
    .optional()
    .describe('TEST MODE only: the test card to save (default `pm_card_visa`); refused with Stripe keys'),
});

const failureSchema = z
  .object({
    code: z.string().describe('`card_declined` (or its decline code), `authentication_required`, ...'),
    message: z.string(),
    at: time,
  })
  .nullable()
  .describe('Why a card turned auto top-up off; null when it did not');

const statusSchema = z
  .enum(['active', 'needs_payment_method', 'failed', 'off'])
  .describe('`failed`: a card was declined or needed authentication, and auto top-up turned itself off');

export const autoTopUpSchema = z.looseObject({
  object: z.literal('auto_top_up'),
  customer: z.string(),
  status: statusSchema,
  threshold: int.nullable(),
  pack: z.string().nullable(),
  credits: int.nullable().describe('Credits each top-up buys'),
  amount_cents: int.nullable().describe('What each top-up charges'),
  monthly_limit_cents: int.nullable(),
  spent_this_month_cents: int.describe('Top-ups in flight or succeeded this calendar month (UTC)'),
  payment_method_saved: z.boolean(),
  in_flight: z.boolean().describe('A top-up is charging; its credits arrive with the payment webhook'),
  last_attempt_at: time.nullable(),
  cooldown_seconds: int,
  failure: failureSchema,
});

/** What authorize, commit, capture, charge and batch answers show of the customer's auto top-up; null when never set. */
export const autoTopUpStateSchema = z
  .object({ status: statusSchema, in_flight: z.boolean(), failure: failureSchema })
  .nullable()
  .describe("The customer's auto top-up after this call; null when they never set one");

export const setupCheckoutSchema = z.object({
  object: z.literal('checkout_session'),
  id: z.string(),
  url: z.string().describe('Send the customer here to save a card'),
  mode: z.literal('setup'),
  test_mode: z.boolean().describe('True without Stripe keys: the test card is saved at once, no page'),
  customer: z.string(),
});
