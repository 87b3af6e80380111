/**
 * Which catalog plan a Stripe subscription price stands for. Checkout creates plan prices
 * inline (`price_data`), and a plan change in the customer portal swaps the price without
 * touching the subscription's metadata, so the price is the better witness of the current
 * plan and the metadata only the fallback.
 */
import type { Catalog, Plan } from '../domain/catalog.ts';
import { findPlan } from '../domain/catalog.ts';
import { MetadataKey } from './attribution.ts';
import { readInteger, readRecord, readString } from './stripe-object.ts';

/** What is known about the price a subscription (or one of its invoice lines) is billed at. */
export interface PriceEvidence {
  /** The Price object, when the event carries it expanded (subscription items do). */
  readonly price: unknown;
  /** Unit amount in cents, when known from the price or the invoice line. */
  readonly unitAmountCents: number | undefined;
  /** `tollgate_plan_id` from the subscription's metadata (or the invoice's snapshot of it). */
  readonly metadataPlanId: string | undefined;
}

/**
 * Finds the plan, in order of trust: a Price tagged by the operator (`metadata.tollgate_plan_id`
 * or a `lookup_key` equal to a plan id, for tenants who set up Prices for the portal); the
 * metadata's plan when its price agrees with the amount billed; the one plan priced at the
 * amount billed; the metadata's plan (a plan whose catalog price changed since checkout).
 */
export function resolvePlan(catalog: Catalog, evidence: PriceEvidence): Plan | undefined {
  const price = evidence.price;
  const tagged =
    readString(readRecord(price, 'metadata'), MetadataKey.planId) ?? readString(price, 'lookup_key');
  const taggedPlan = tagged === undefined ? undefined : findPlan(catalog, tagged);
  if (taggedPlan !== undefined) return taggedPlan;

  const amount = evidence.unitAmountCents ?? readInteger(price, 'unit_amount');
  const metadataPlan =
    evidence.metadataPlanId === undefined ? undefined : findPlan(catalog, evidence.metadataPlanId);
  if (metadataPlan !== undefined && (amount === undefined || metadataPlan.priceCents === amount)) {
    return metadataPlan;
  }
  if (amount !== undefined) {
    const priced = catalog.plans.filter((p) => p.priceCents === amount && p.priceCents > 0);
    if (priced.length === 1) return priced[0];
  }
  return metadataPlan;
}

/** Parses Stripe's `unit_amount_decimal` ("2500" or "2500.0000") into whole cents when it is whole. */
export function parseUnitAmountDecimal(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const amount = Number(value);
  return Number.isSafeInteger(amount) ? amount : undefined;
}
