/**
 * Budgets for agent runs (issue 17 item 3), the engine's side: the parent hold a child draws
 * from (read under its customer's lock), the child's row, and the move of its credits from the
 * parent's budget left to the child, so the customer's held does not change when a child is
 * placed. The money rule is in domain/budgets.ts (decided with
 * the rest of an authorize by domain/authorize.ts); commit (`settleHold`) and `endHold` apply a
 * child's charge and release.
 */
import type { Catalog } from '../domain/catalog.ts';
import type { Credits } from '../domain/credits.ts';
import { describeEntitlements } from '../domain/entitlements.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import type { GenerationParams, Quote } from '../domain/pricing.ts';
import type { StoreTx } from '../store/store.ts';
import type { HoldRow } from '../store/types.ts';
import type { EngineContext } from './context.ts';
import type { CustomerState } from './ledger.ts';

type Plan = Catalog['plans'][number];

/**
 * The row of a child hold `decideAuthorize` admitted (its expiry never later than its
 * parent's). No lot is checked: the parent's reservation was checked against the lots when it
 * was placed.
 */
export function buildChildHold(
  ctx: EngineContext,
  state: CustomerState,
  plan: Plan,
  quote: Quote,
  params: GenerationParams,
  expiresAt: number,
  parent: HoldRow,
  quotaTakes: HoldRow['quotaTakes'],
  notes: {
    readonly jobId?: string | null;
    readonly metadata?: Readonly<Record<string, string>> | null;
    readonly apiKeyId?: string | null;
  },
): HoldRow {
  const now = ctx.now();
  const hold: HoldRow = {
    tenantId: state.tenantId,
    id: ctx.newId(),
    customerId: state.customer.id,
    modelId: quote.modelId,
    params: params as Record<string, unknown>,
    credits: quote.credits,
    quote: quote as unknown as Record<string, unknown>,
    catalogVersion: quote.catalogVersion,
    status: 'active',
    expiresAt,
    quotaTakes,
    chargeId: null,
    createdAt: now,
    endedAt: null,
    jobId: notes.jobId ?? null,
    metadata: notes.metadata ?? null,
    entitlements: describeEntitlements(plan),
    apiKeyId: notes.apiKeyId ?? null,
    parentHoldId: parent.id,
    placedCredits: quote.credits,
  };
  return hold;
}

/**
 * The parent hold a child draws from, read under its customer's lock after the customer was
 * settled (so a parent past expiry reads expired): refused naming `parent_hold` when the tenant
 * (or the calling customer API key) has no such hold, it is another customer's, it is itself a
 * child (a budget is one level deep), or it has ended.
 */
export async function openParentHold(
  tx: StoreTx,
  tenantId: string,
  customerId: string,
  parentId: string,
  apiKeyId: string | undefined,
): Promise<Result<HoldRow>> {
  const parent = await tx.holds.get(tenantId, parentId);
  if (parent === null || (apiKeyId !== undefined && parent.apiKeyId !== apiKeyId))
    return fail('not_found', `no hold ${parentId}`, 'parent_hold');
  if (parent.customerId !== customerId)
    return fail(
      'invalid_request',
      `parent hold ${parentId} belongs to another customer, not ${customerId}`,
      'parent_hold',
    );
  if ((parent.parentHoldId ?? null) !== null)
    return fail(
      'invalid_request',
      `hold ${parentId} draws from hold ${parent.parentHoldId}; a child hold cannot have children (draw from ${parent.parentHoldId})`,
      'parent_hold',
      { parent_hold: parent.parentHoldId },
    );
  if (parent.status !== 'active')
    return fail('hold_not_active', `parent hold ${parentId} is ${parent.status}`, 'parent_hold', {
      status: parent.status,
    });
  return ok(parent);
}

/** Moves `amount` from the parent's budget left to its children's; the parent was read active under the lock. */
export async function drawFromParent(tx: StoreTx, parent: HoldRow, amount: Credits): Promise<void> {
  const moved = await tx.holds.adjustBudget(parent.tenantId, parent.id, {
    credits: -amount,
    childrenHeld: amount,
    childrenCharged: 0,
  });
  if (!moved) throw new Error(`parent hold ${parent.id} changed under its customer's lock`);
}
