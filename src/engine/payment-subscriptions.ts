/**
 * Subscription commands. A paid invoice (`start_subscription`, `renew_plan`) records the
 * subscription and starts the plan period through `startPlanPeriod` (allowance granted, the
 * last period's plan lots ended). A plan change sets the plan only (credits come with the
 * invoice); a cancellation drops to the default plan and ends what is left of the allowance.
 * Changes and cancellations older than the last one applied to the subscription are `stale`,
 * and so is every event of a subscription that is not the customer's current one
 * (`current-subscription.ts`): it is recorded on its subscription and changes nothing else.
 */
import { startOfMonth, startOfNextMonth } from '../domain/calendar.ts';
import { findPlan, type Plan } from '../domain/catalog.ts';
import { credits } from '../domain/credits.ts';
import { ok, type Result } from '../domain/errors.ts';
import { SystemAccount } from '../domain/journal.ts';
import type { CancelPlan, ChangePlan, PlanPeriodPaid } from '../payments/commands.ts';
import type { PaymentOutcome } from '../payments/ledger-port.ts';
import type { CurrentSubscriptionRow } from '../store/sql/current-subscriptions.ts';
import type { SubscriptionRow } from '../store/sql/payments.ts';
import { OutgoingEventType } from '../webhooks/events.ts';
import { startPlanPeriod } from './allowance.ts';
import type { EngineContext } from './context.ts';
import { findSuperseded, grantUpgradeDifference, makeCurrent } from './current-subscription.ts';
import { takeBackLots } from './grants.ts';
import { announceExpired, type CustomerState } from './ledger.ts';
import { openCustomer } from './open-customer.ts';
import { applyDeferredClawBacks } from './payment-clawbacks.ts';
import { findCommandPlan, type PaymentStep, type PaymentTx } from './payment-steps.ts';
import { rememberStripeCustomer } from './stripe-customers.ts';

/** A paid subscription invoice: the plan's allowance for [periodStart, periodEnd). */
export async function applyPlanPeriod(
  ctx: EngineContext,
  { tx, tenantId, catalog }: PaymentTx,
  command: PlanPeriodPaid,
): Promise<PaymentStep> {
  const found = findCommandPlan(catalog, command.planId);
  if (!found.ok) return found;
  const plan = found.value;
  const opened = await openCustomer(ctx, tx, tenantId, command.customerId, catalog);
  if (!opened.ok) return opened;
  const state = opened.value;
  const previousPlanId = state.customer.planId;
  const existing = await tx.payments.getSubscription(tenantId, command.subscriptionId);
  const late = findLateInvoice(existing, command);
  if (late !== null) return ok(late);
  const current = await tx.subscriptions.getCurrent(tenantId, command.customerId);
  // A renewal of another subscription, or the first invoice of one started before the current
  // one, never touches the customer: the current subscription's plan and allowance stay.
  const superseded =
    command.kind === 'renew_plan' || (current !== null && command.periodStart < current.startedAt)
      ? findSuperseded(current, command.subscriptionId, command.amountPaidCents > 0)
      : null;
  if (superseded !== null) return ok(superseded);
  await saveSubscription(ctx, { tx, tenantId }, command, existing, {
    planId: plan.id,
    status: 'active',
    cancelAtPeriodEnd: existing?.cancelAtPeriodEnd ?? false,
    lastChangeAt: existing?.lastChangeAt ?? null,
    periodStart: command.periodStart,
  });
  // The lot's ref is the PaymentIntent when the invoice names it, so a refund finds the lot.
  const ref = command.paymentRef ?? command.invoiceId;
  await tx.payments.lockRef(tenantId, ref, ctx.now());
  const period = await startPlanPeriod(ctx, tx, state, catalog, plan, {
    start: command.periodStart,
    end: command.periodEnd,
    ref,
  });
  await makeCurrent(ctx, tx, state, current, {
    subscriptionId: command.subscriptionId,
    startedAt: command.periodStart,
    allowanceCredits: plan.monthlyCredits,
  });
  await rememberStripeCustomer(ctx, tx, tenantId, command.customerId, command.stripeCustomerId);
  if (period.lotId !== null) await applyDeferredClawBacks(ctx, tx, state, ref, period.lotId);
  await announcePlanChange(ctx, tx, state, previousPlanId, plan.id, command.periodStart, command.periodEnd);
  const granted = state.lots.find((l) => l.id === period.lotId)?.amount ?? credits(0);
  return ok({
    status: 'applied',
    kind: command.kind,
    ...(period.lotId === null ? {} : { lotId: period.lotId }),
    creditsDelta: period.lotId === null ? credits(0) : granted,
    planId: plan.id,
  });
}

/** The subscription now points at another plan: set it, keep the period (the invoice starts one). */
export async function applyChangePlan(
  ctx: EngineContext,
  { tx, tenantId, catalog }: PaymentTx,
  command: ChangePlan,
): Promise<PaymentStep> {
  const opened = await openSubscriptionChange(ctx, { tx, tenantId, catalog }, command, command.planId);
  if (!opened.ok) return opened;
  if ('stale' in opened.value) return ok(opened.value.stale);
  const { plan, state, existing, current } = opened.value;
  await saveSubscription(ctx, { tx, tenantId }, command, existing, {
    planId: plan.id,
    status: existing?.status ?? 'active',
    cancelAtPeriodEnd: command.cancelAtPeriodEnd,
    lastChangeAt: command.occurredAt,
    periodStart: existing?.periodStart ?? null,
  });
  const superseded = findSuperseded(current, command.subscriptionId);
  if (superseded !== null) return ok(superseded);
  const { planId: previousPlanId, periodStart, periodEnd } = state.customer;
  if (previousPlanId !== plan.id) {
    await tx.customers.setPlan(tenantId, command.customerId, plan.id, periodStart, periodEnd, ctx.now());
    state.customer = { ...state.customer, planId: plan.id };
  }
  // Before its first paid invoice a subscription is not current yet: that invoice grants the allowance.
  const upgrade =
    current === null
      ? null
      : await grantUpgradeDifference(ctx, tx, state, catalog, {
          current,
          from: findPlan(catalog, previousPlanId),
          to: plan,
          periodStart: command.periodStart ?? periodStart,
          periodEnd: command.periodEnd ?? periodEnd,
          at: command.occurredAt,
          ref: `upgrade:${command.eventId}`,
        });
  await rememberStripeCustomer(ctx, tx, tenantId, command.customerId, command.stripeCustomerId);
  await announcePlanChange(ctx, tx, state, previousPlanId, plan.id, periodStart, periodEnd);
  return ok({
    status: 'applied',
    kind: 'change_plan',
    planId: plan.id,
    ...(upgrade?.lotId ? { lotId: upgrade.lotId, creditsDelta: upgrade.credits } : {}),
  });
}

/** The subscription ended: the default plan from this calendar month, the allowance ended. */
export async function applyCancelPlan(
  ctx: EngineContext,
  { tx, tenantId, catalog }: PaymentTx,
  command: CancelPlan,
): Promise<PaymentStep> {
  const opened = await openSubscriptionChange(
    ctx,
    { tx, tenantId, catalog },
    command,
    command.downgradeToPlanId,
  );
  if (!opened.ok) return opened;
  if ('stale' in opened.value) return ok(opened.value.stale);
  const { plan, state, existing, current } = opened.value;
  await saveSubscription(ctx, { tx, tenantId }, command, existing, {
    planId: command.previousPlanId ?? existing?.planId ?? state.customer.planId,
    status: 'canceled',
    cancelAtPeriodEnd: false,
    lastChangeAt: command.occurredAt,
    periodStart: existing?.periodStart ?? null,
  });
  const superseded = findSuperseded(current, command.subscriptionId);
  if (superseded !== null) return ok(superseded);
  await tx.subscriptions.clearCurrent(tenantId, command.customerId, command.subscriptionId);
  const ended = await endPlanLots(ctx, tx, state, `subscription_ended:${command.subscriptionId}`);
  const previousPlanId = state.customer.planId;
  // A calendar-month period, like every plan without Stripe: `due-grants.ts` grants the
  // default plan's allowance (if it has one) the next time the customer is opened.
  const periodStart = startOfMonth(ctx.now());
  const periodEnd = startOfNextMonth(ctx.now());
  await tx.customers.setPlan(tenantId, command.customerId, plan.id, periodStart, periodEnd, ctx.now());
  state.customer = { ...state.customer, planId: plan.id, periodStart, periodEnd };
  await announcePlanChange(ctx, tx, state, previousPlanId, plan.id, periodStart, periodEnd);
  const outcome: PaymentOutcome = {
    status: 'applied',
    kind: 'cancel_plan',
    creditsDelta: credits(ended === 0 ? 0 : -ended),
    planId: plan.id,
  };
  return ok(outcome);
}

/**
 * `stale` for an invoice that arrives after a later period of its subscription was paid, or after
 * the subscription ended: applied in order, its allowance would have been ended by that renewal
 * or cancellation, so granting it now would leave a different end state.
 */
function findLateInvoice(existing: SubscriptionRow | null, command: PlanPeriodPaid): PaymentOutcome | null {
  if (existing === null) return null;
  if (existing.status === 'canceled') {
    return {
      status: 'stale',
      reason: `subscription ${existing.id} has ended; invoice ${command.invoiceId} is late`,
    };
  }
  if (existing.periodStart !== null && command.periodStart < existing.periodStart) {
    return {
      status: 'stale',
      reason: `a later period of subscription ${existing.id} (from ${existing.periodStart}) is already paid`,
    };
  }
  return null;
}

/**
 * What a plan change or cancellation starts with: the plan from the catalog, the customer locked
 * and the subscription's row, or `stale` when a newer change of the subscription was applied.
 */
async function openSubscriptionChange(
  ctx: EngineContext,
  { tx, tenantId, catalog }: Pick<PaymentTx, 'tx' | 'tenantId' | 'catalog'>,
  command: ChangePlan | CancelPlan,
  planId: string,
): Promise<
  Result<
    | {
        plan: Plan;
        state: CustomerState;
        existing: SubscriptionRow | null;
        current: CurrentSubscriptionRow | null;
      }
    | { stale: PaymentOutcome }
  >
> {
  const plan = findCommandPlan(catalog, planId);
  if (!plan.ok) return plan;
  const opened = await openCustomer(ctx, tx, tenantId, command.customerId, catalog);
  if (!opened.ok) return opened;
  const existing = await tx.payments.getSubscription(tenantId, command.subscriptionId);
  const stale = findStale(existing, command.occurredAt);
  if (stale !== null) return ok({ stale });
  const current = await tx.subscriptions.getCurrent(tenantId, command.customerId);
  return ok({ plan: plan.value, state: opened.value, existing, current });
}

/** `stale` when a newer plan change or cancellation of this subscription was applied already. */
function findStale(existing: SubscriptionRow | null, occurredAt: number): PaymentOutcome | null {
  if (existing === null || existing.lastChangeAt === null || occurredAt >= existing.lastChangeAt) return null;
  return {
    status: 'stale',
    reason: `subscription ${existing.id} changed at ${existing.lastChangeAt}, after this event (${occurredAt})`,
  };
}

async function saveSubscription(
  ctx: EngineContext,
  { tx, tenantId }: Pick<PaymentTx, 'tx' | 'tenantId'>,
  command: { subscriptionId: string; customerId: string },
  existing: SubscriptionRow | null,
  fields: Pick<SubscriptionRow, 'planId' | 'status' | 'cancelAtPeriodEnd' | 'lastChangeAt' | 'periodStart'>,
): Promise<void> {
  await tx.payments.saveSubscription({
    tenantId,
    id: command.subscriptionId,
    customerId: existing?.customerId ?? command.customerId,
    ...fields,
    updatedAt: ctx.now(),
  });
}

/**
 * Ends what is left of the customer's plan allowance (journaled as expiry, announced as
 * `grant.expired`); credits active holds reserve stay until their lot expires, as at renewal.
 */
async function endPlanLots(
  ctx: EngineContext,
  tx: PaymentTx['tx'],
  state: CustomerState,
  ref: string,
): Promise<number> {
  const ended = await takeBackLots(ctx, tx, state, ref, (l) => l.source === 'plan', undefined, {
    kind: 'expiry',
    to: SystemAccount.expired,
  });
  await announceExpired(ctx, tx, state, 'plan', ended);
  return ended.reduce((sum, a) => sum + a.credits, 0);
}

/** A `plan.changed` outbox row, when the plan did change. */
async function announcePlanChange(
  ctx: EngineContext,
  tx: PaymentTx['tx'],
  state: CustomerState,
  from: string,
  to: string,
  periodStart: number,
  periodEnd: number,
): Promise<void> {
  if (from === to) return;
  await tx.outbox.insert({
    id: ctx.newId(),
    tenantId: state.tenantId,
    type: OutgoingEventType.planChanged,
    payload: { customer: state.customer.id, from, to, period_start: periodStart, period_end: periodEnd },
    createdAt: ctx.now(),
  });
}
