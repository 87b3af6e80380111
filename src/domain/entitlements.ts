/**
 * What a plan lets an app do, in the words an app acts on (issue 12 item 6): the customer
 * answer, each hold and each receipt carry these, so an app never re-derives them from the
 * catalog (and a hold keeps the entitlements it was placed under, whatever the plan becomes).
 */
import type { Plan } from './catalog.ts';

export interface PlanEntitlements {
  /** The plan these come from. */
  readonly plan: string;
  /** Outputs must carry a watermark. */
  readonly watermark: boolean;
  /** Jobs go to the priority queue. */
  readonly priority: boolean;
  /** The app's own branding may be removed. */
  readonly whiteLabel: boolean;
  /** Customer API keys may be minted. */
  readonly apiAccess: boolean;
  /** Batches (bulk operations) are allowed. */
  readonly bulk: boolean;
  /** Model categories the plan may use. */
  readonly categories: readonly string[];
}

/** The entitlements of a plan. */
export function describeEntitlements(plan: Plan): PlanEntitlements {
  const e = plan.entitlements;
  return {
    plan: plan.id,
    watermark: e.watermark,
    priority: e.priority,
    whiteLabel: e.whiteLabel,
    apiAccess: e.apiAccess,
    bulk: e.bulkOperations,
    categories: [...e.categories],
  };
}
