/**
 * The Stripe customer remembered for each of a tenant's customers: made at the first
 * Checkout (or named by a paid event), reused by the next Checkout so one person stays one
 * Stripe customer. Unknown customers are `not_found` naming `customer`.
 */
import { fail, ok, type Result } from '../domain/errors.ts';
import type { StoreTx } from '../store/store.ts';
import type { EngineContext } from './context.ts';
import { runUseCase } from './transaction.ts';
import { firstFailure, validateId } from './validate.ts';

/** The Stripe customer id linked to a customer, or null; `not_found` for an unknown customer. */
export async function findStripeCustomer(
  ctx: EngineContext,
  tenantId: string,
  customerId: string,
): Promise<Result<string | null>> {
  const invalid = validateId(customerId, 'customer');
  if (!invalid.ok) return invalid;
  return ctx.store.read(async (tx) => {
    if ((await tx.customers.get(tenantId, customerId)) === null) {
      return fail('not_found', `no customer ${customerId}`, 'customer');
    }
    return ok(await tx.payments.getStripeCustomer(tenantId, customerId));
  });
}

/** Links (or relinks) a customer to its Stripe customer. */
export async function linkStripeCustomer(
  ctx: EngineContext,
  input: { tenantId: string; customerId: string; stripeCustomerId: string },
): Promise<Result<{ stripeCustomerId: string }>> {
  const invalid = firstFailure(
    validateId(input.customerId, 'customer'),
    validateId(input.stripeCustomerId, 'stripe_customer'),
  );
  if (invalid !== null) return invalid;
  return runUseCase(ctx, { tenantId: input.tenantId, customerIds: [input.customerId] }, async (tx) => {
    if ((await tx.customers.get(input.tenantId, input.customerId)) === null) {
      return fail('not_found', `no customer ${input.customerId}`, 'customer');
    }
    await rememberStripeCustomer(ctx, tx, input.tenantId, input.customerId, input.stripeCustomerId);
    return ok({ stripeCustomerId: input.stripeCustomerId });
  });
}

/** Inside a write: remembers the Stripe customer a paid event names, when it names one. */
export async function rememberStripeCustomer(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
  customerId: string,
  stripeCustomerId: string | null,
): Promise<void> {
  if (stripeCustomerId === null || stripeCustomerId === '') return;
  if ((await tx.payments.getStripeCustomer(tenantId, customerId)) === stripeCustomerId) return;
  await tx.payments.saveStripeCustomer(tenantId, customerId, stripeCustomerId, ctx.now());
}

/** A customer's current plan subscription (issue 12.1), as a checkout needs it. */
export interface CurrentSubscription {
  readonly subscriptionId: string;
  /** The plan the subscription is on. */
  readonly planId: string;
  /** The customer's current period, epoch ms. */
  readonly periodStart: number;
  readonly periodEnd: number;
}

/** The customer's current subscription, or null; `not_found` for an unknown customer. */
export async function findCurrentSubscription(
  ctx: EngineContext,
  tenantId: string,
  customerId: string,
): Promise<Result<CurrentSubscription | null>> {
  const invalid = validateId(customerId, 'customer');
  if (!invalid.ok) return invalid;
  return ctx.store.read(async (tx) => {
    const customer = await tx.customers.get(tenantId, customerId);
    if (customer === null) return fail('not_found', `no customer ${customerId}`, 'customer');
    const current = await tx.subscriptions.getCurrent(tenantId, customerId);
    if (current === null) return ok(null);
    const subscription = await tx.payments.getSubscription(tenantId, current.subscriptionId);
    return ok({
      subscriptionId: current.subscriptionId,
      planId: subscription?.planId ?? customer.planId,
      periodStart: customer.periodStart,
      periodEnd: customer.periodEnd,
    });
  });
}
