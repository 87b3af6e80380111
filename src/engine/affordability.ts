/**
 * `GET /v1/customers/:id/affordability` (issue 17 item 5): the customer's summary (settled
 * first, like every customer read: expired holds and lots, due grants) and the tenant's
 * catalog, handed to the pure `describeAffordability`.
 */
import { type AffordabilityReport, describeAffordability } from '../domain/affordability.ts';
import { ok, type Result } from '../domain/errors.ts';
import { type EngineContext, loadTenantCatalog } from './context.ts';
import { findCustomerPlan } from './quotas.ts';
import { getCustomerSummary } from './reads.ts';
import { firstFailure, validateId } from './validate.ts';

export interface AffordabilityInput {
  readonly tenantId: string;
  readonly customerId: string;
  readonly category?: string;
  readonly modelId?: string;
}

export interface CustomerAffordability extends AffordabilityReport {
  readonly customerId: string;
  readonly planId: string;
}

/** How many more generations of each model the customer can afford now. */
export async function readAffordability(
  ctx: EngineContext,
  input: AffordabilityInput,
): Promise<Result<CustomerAffordability>> {
  const invalid = firstFailure(
    validateId(input.customerId, 'customer'),
    input.category === undefined ? ok(true) : validateId(input.category, 'category'),
    input.modelId === undefined ? ok(true) : validateId(input.modelId, 'model'),
  );
  if (invalid !== null) return invalid;
  const summary = await getCustomerSummary(ctx, input.tenantId, input.customerId);
  if (!summary.ok) return summary;
  const catalog = await ctx.store.read((tx) => loadTenantCatalog(ctx, tx, input.tenantId));
  if (!catalog.ok) return catalog;
  const { balance, quotas, customer } = summary.value;
  const plan = findCustomerPlan(catalog.value, customer.planId);
  const report = describeAffordability({
    catalog: catalog.value,
    plan,
    spendable: balance.available + balance.overdraftLimit,
    quotas,
    pricing: ctx.pricing,
    ...(input.category === undefined ? {} : { category: input.category }),
    ...(input.modelId === undefined ? {} : { modelId: input.modelId }),
  });
  if (!report.ok) return report;
  return ok({ customerId: customer.id, planId: plan.id, ...report.value });
}
