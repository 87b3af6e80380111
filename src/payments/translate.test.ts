import { beforeAll, describe, expect, it } from 'vitest';
import { loadTestCatalog } from '../../test/fakes/catalogs.ts';
import type { Catalog } from '../domain/catalog.ts';
import { MetadataKey } from './attribution.ts';
import {
  buildChargeObject,
  buildCheckoutSessionObject,
  buildDisputeObject,
  buildPaidInvoiceObject,
  buildStripeEvent,
  buildSubscriptionObject,
} from './test-events.ts';
import { translateStripeEvent } from './translate.ts';

let musicgen: Catalog;
let palette: Catalog;
beforeAll(async () => {
  musicgen = await loadTestCatalog('musicgen');
  palette = await loadTestCatalog('directors-palette');
});

const T0 = 1_767_225_600; // 2026-01-01T00:00:00Z, epoch seconds
const MONTH = 2_678_400;
const owner = { [MetadataKey.tenantId]: 'ten_1', [MetadataKey.customerId]: 'alice' };
const meta = { id: 'evt_1', created: T0 };

function session(overrides: Partial<Parameters<typeof buildCheckoutSessionObject>[0]> = {}) {
  return buildCheckoutSessionObject({
    id: 'cs_test_1',
    mode: 'payment',
    paymentStatus: 'paid',
    clientReferenceId: 'alice',
    stripeCustomerId: 'cus_1',
    metadata: { ...owner, [MetadataKey.packId]: 'starter' },
    amountTotal: 500,
    currency: 'usd',
    paymentIntentId: 'pi_1',
    subscriptionId: null,
    created: T0,
    ...overrides,
  });
}

function invoice(overrides: Partial<Parameters<typeof buildPaidInvoiceObject>[0]> = {}) {
  return buildPaidInvoiceObject({
    id: 'in_1',
    subscriptionId: 'sub_1',
    stripeCustomerId: 'cus_1',
    subscriptionMetadata: { ...owner, [MetadataKey.planId]: 'creator-pro' },
    billingReason: 'subscription_create',
    priceId: 'price_1',
    unitAmount: 2500,
    currency: 'usd',
    periodStart: T0,
    periodEnd: T0 + MONTH,
    paymentIntentId: 'pi_inv_1',
    ...overrides,
  });
}

function subscription(overrides: Partial<Parameters<typeof buildSubscriptionObject>[0]> = {}) {
  return buildSubscriptionObject({
    id: 'sub_1',
    stripeCustomerId: 'cus_1',
    status: 'active',
    metadata: { ...owner, [MetadataKey.planId]: 'creator-pro' },
    priceId: 'price_1',
    unitAmount: 2500,
    currency: 'usd',
    periodStart: T0,
    periodEnd: T0 + MONTH,
    ...overrides,
  });
}

describe('checkout.session.completed', () => {
  it('turns a paid pack session into a purchase with credits and cost basis from the catalog', () => {
    const command = translateStripeEvent(buildStripeEvent('checkout.session.completed', session(), meta), {
      catalog: musicgen,
      tenantId: 'ten_1',
    });
    expect(command).toEqual({
      kind: 'grant_purchase',
      eventId: 'evt_1',
      occurredAt: T0 * 1000,
      paymentRef: 'pi_1',
      checkoutSessionId: 'cs_test_1',
      customerId: 'alice',
      stripeCustomerId: 'cus_1',
      packId: 'starter',
      credits: 100,
      costBasisCents: 500,
      currency: 'usd',
    });
  });

  it('takes credits from the catalog even when the metadata lies about them', () => {
    const lying = session({
      metadata: { ...owner, [MetadataKey.packId]: 'starter', credits: '99999', tollgate_credits: '99999' },
    });
    const command = translateStripeEvent(buildStripeEvent('checkout.session.completed', lying, meta), {
      catalog: musicgen,
    });
    expect(command).toMatchObject({ kind: 'grant_purchase', credits: 100 });
  });

  it('counts money actually received, before tax, as the cost basis', () => {
    // Tax added on top: the subtotal is the pack's price, the total has the tax.
    const taxed = {
      ...session({ amountTotal: 550 }),
      amount_subtotal: 500,
      total_details: { amount_tax: 50 },
    };
    const command = translateStripeEvent(buildStripeEvent('checkout.session.completed', taxed, meta), {
      catalog: musicgen,
    });
    expect(command).toMatchObject({ kind: 'grant_purchase', costBasisCents: 500 });
  });

  it('needs attention when the session charged another amount or currency than the pack', () => {
    const cheap = { ...session({ amountTotal: 1 }), amount_subtotal: 1 };
    const yen = session({ currency: 'jpy' });
    for (const odd of [cheap, yen]) {
      const command = translateStripeEvent(buildStripeEvent('checkout.session.completed', odd, meta), {
        catalog: musicgen,
      });
      expect(command).toMatchObject({ kind: 'ignore', needsAttention: true });
    }
  });

  it('ignores an unpaid session, then grants on checkout.session.async_payment_succeeded', () => {
    const unpaid = translateStripeEvent(
      buildStripeEvent('checkout.session.completed', session({ paymentStatus: 'unpaid' }), meta),
      { catalog: musicgen },
    );
    expect(unpaid).toMatchObject({ kind: 'ignore', needsAttention: false });
    expect(unpaid.kind === 'ignore' && unpaid.reason).toContain('payment_status unpaid');
    const later = translateStripeEvent(
      buildStripeEvent('checkout.session.async_payment_succeeded', session(), {
        id: 'evt_2',
        created: T0 + 60,
      }),
      { catalog: musicgen },
    );
    expect(later).toMatchObject({ kind: 'grant_purchase', paymentRef: 'pi_1', credits: 100 });
  });

  it('leaves subscription sessions to invoice.paid', () => {
    const sub = session({ mode: 'subscription', paymentIntentId: null, subscriptionId: 'sub_1' });
    const command = translateStripeEvent(buildStripeEvent('checkout.session.completed', sub, meta), {
      catalog: palette,
    });
    expect(command).toMatchObject({ kind: 'ignore', needsAttention: false });
  });

  it('flags paid sessions it cannot attribute or price for an operator', () => {
    const anonymous = session({ clientReferenceId: null, metadata: { [MetadataKey.packId]: 'starter' } });
    const unknownPack = session({ metadata: { ...owner, [MetadataKey.packId]: 'gone' } });
    for (const object of [anonymous, unknownPack]) {
      const command = translateStripeEvent(buildStripeEvent('checkout.session.completed', object, meta), {
        catalog: musicgen,
      });
      expect(command).toMatchObject({ kind: 'ignore', needsAttention: true });
    }
  });

  it("ignores another tenant's session arriving on this tenant's endpoint (shared default keys)", () => {
    const command = translateStripeEvent(buildStripeEvent('checkout.session.completed', session(), meta), {
      catalog: musicgen,
      tenantId: 'ten_2',
    });
    expect(command).toMatchObject({ kind: 'ignore', reason: 'the object belongs to another tenant' });
  });
});

describe('invoice.paid', () => {
  it("starts a subscription with the plan's allowance for the line's period, not the invoice's", () => {
    const command = translateStripeEvent(buildStripeEvent('invoice.paid', invoice(), meta), {
      catalog: palette,
    });
    expect(command).toEqual({
      kind: 'start_subscription',
      eventId: 'evt_1',
      occurredAt: T0 * 1000,
      invoiceId: 'in_1',
      subscriptionId: 'sub_1',
      customerId: 'alice',
      stripeCustomerId: 'cus_1',
      planId: 'creator-pro',
      credits: 1500,
      periodStart: T0 * 1000,
      periodEnd: (T0 + MONTH) * 1000,
      paymentRef: 'pi_inv_1',
      amountPaidCents: 2500,
    });
  });

  it('renews on a cycle invoice', () => {
    const cycle = invoice({
      billingReason: 'subscription_cycle',
      periodStart: T0 + MONTH,
      periodEnd: T0 + 2 * MONTH,
    });
    const command = translateStripeEvent(buildStripeEvent('invoice.paid', cycle, meta), { catalog: palette });
    expect(command).toMatchObject({ kind: 'renew_plan', periodStart: (T0 + MONTH) * 1000, credits: 1500 });
  });

  it('ignores the proration invoice of an upgrade billed at once (the updated event grants the difference)', () => {
    const proration = invoice({ billingReason: 'subscription_update', unitAmount: 2500 }) as {
      lines: { data: { parent: { subscription_item_details: { proration: boolean } } }[] };
    };
    for (const line of proration.lines.data) line.parent.subscription_item_details.proration = true;
    const command = translateStripeEvent(buildStripeEvent('invoice.paid', proration, meta), {
      catalog: palette,
    });
    expect(command).toMatchObject({ kind: 'ignore', needsAttention: false });
    const reset = invoice({ billingReason: 'subscription_update', unitAmount: 7500 });
    expect(
      translateStripeEvent(buildStripeEvent('invoice.paid', reset, meta), { catalog: palette }),
    ).toMatchObject({ kind: 'renew_plan', planId: 'studio-pro' });
  });

  it('believes the price billed over stale metadata after a plan change in the portal', () => {
    const upgraded = invoice({ billingReason: 'subscription_cycle', unitAmount: 7500 });
    const command = translateStripeEvent(buildStripeEvent('invoice.paid', upgraded, meta), {
      catalog: palette,
    });
    expect(command).toMatchObject({ kind: 'renew_plan', planId: 'studio-pro', credits: 5000 });
  });

  it('needs attention when the invoice bills another amount or currency than its plan', () => {
    // creator-pro costs 2500; the metadata names it, but 100 was billed (a price set by hand in Stripe).
    const cheap = invoice({ billingReason: 'subscription_cycle', unitAmount: 100 });
    const euros = { ...invoice({ billingReason: 'subscription_cycle' }), currency: 'eur' };
    for (const odd of [cheap, euros]) {
      const command = translateStripeEvent(buildStripeEvent('invoice.paid', odd, meta), { catalog: palette });
      expect(command).toMatchObject({ kind: 'ignore', needsAttention: true });
    }
  });

  it('reads the pre-2025 invoice shape too', () => {
    const legacy = {
      id: 'in_old',
      object: 'invoice',
      customer: 'cus_1',
      subscription: 'sub_1',
      billing_reason: 'subscription_cycle',
      amount_paid: 2500,
      payment_intent: 'pi_old',
      subscription_details: { metadata: { ...owner, [MetadataKey.planId]: 'creator-pro' } },
      lines: {
        data: [
          {
            period: { start: T0, end: T0 + MONTH },
            price: { id: 'price_1', unit_amount: 2500 },
            proration: false,
          },
        ],
      },
    };
    const command = translateStripeEvent(buildStripeEvent('invoice.paid', legacy, meta), {
      catalog: palette,
    });
    expect(command).toMatchObject({
      kind: 'renew_plan',
      subscriptionId: 'sub_1',
      customerId: 'alice',
      planId: 'creator-pro',
      paymentRef: 'pi_old',
    });
  });

  it('ignores invoices that are not for a subscription', () => {
    const oneOff = { ...invoice(), parent: null };
    expect(
      translateStripeEvent(buildStripeEvent('invoice.paid', oneOff, meta), { catalog: palette }),
    ).toMatchObject({
      kind: 'ignore',
    });
  });
});

describe('customer.subscription.updated and .deleted', () => {
  it('changes the plan to the one the new price stands for', () => {
    const changed = subscription({ unitAmount: 7500, cancelAtPeriodEnd: true });
    const command = translateStripeEvent(buildStripeEvent('customer.subscription.updated', changed, meta), {
      catalog: palette,
    });
    expect(command).toEqual({
      kind: 'change_plan',
      eventId: 'evt_1',
      occurredAt: T0 * 1000,
      subscriptionId: 'sub_1',
      customerId: 'alice',
      stripeCustomerId: 'cus_1',
      planId: 'studio-pro',
      periodStart: T0 * 1000,
      periodEnd: (T0 + MONTH) * 1000,
      cancelAtPeriodEnd: true,
    });
  });

  it('ignores statuses that change no plan, and cancels on statuses that end it', () => {
    const pastDue = translateStripeEvent(
      buildStripeEvent('customer.subscription.updated', subscription({ status: 'past_due' }), meta),
      { catalog: palette },
    );
    expect(pastDue).toMatchObject({ kind: 'ignore' });
    const unpaid = translateStripeEvent(
      buildStripeEvent('customer.subscription.updated', subscription({ status: 'unpaid' }), meta),
      { catalog: palette },
    );
    expect(unpaid).toMatchObject({ kind: 'cancel_plan', downgradeToPlanId: 'creator-free' });
  });

  it('downgrades to the default plan when the subscription is deleted', () => {
    const ended = subscription({ status: 'canceled', endedAt: T0 + 100 });
    const command = translateStripeEvent(buildStripeEvent('customer.subscription.deleted', ended, meta), {
      catalog: palette,
    });
    expect(command).toEqual({
      kind: 'cancel_plan',
      eventId: 'evt_1',
      occurredAt: T0 * 1000,
      subscriptionId: 'sub_1',
      customerId: 'alice',
      stripeCustomerId: 'cus_1',
      previousPlanId: 'creator-pro',
      downgradeToPlanId: 'creator-free',
      endedAt: (T0 + 100) * 1000,
    });
  });
});

describe('charge.refunded, charge.dispute.created and charge.dispute.closed', () => {
  it('claws back by payment, with the cumulative refunded amount', () => {
    const charge = buildChargeObject({
      id: 'ch_1',
      paymentIntentId: 'pi_1',
      stripeCustomerId: 'cus_1',
      amount: 500,
      amountRefunded: 250,
      currency: 'usd',
    });
    const command = translateStripeEvent(buildStripeEvent('charge.refunded', charge, meta), {
      catalog: musicgen,
    });
    expect(command).toEqual({
      kind: 'claw_back',
      eventId: 'evt_1',
      occurredAt: T0 * 1000,
      paymentRef: 'pi_1',
      chargeId: 'ch_1',
      reason: 'refund',
      amountCents: 500,
      reversedCents: 250,
    });
  });

  it('holds back the purchase on an opened dispute', () => {
    const dispute = buildDisputeObject({
      id: 'dp_1',
      chargeId: 'ch_1',
      paymentIntentId: 'pi_1',
      amount: 500,
      currency: 'usd',
    });
    const command = translateStripeEvent(buildStripeEvent('charge.dispute.created', dispute, meta), {
      catalog: musicgen,
    });
    expect(command).toEqual({
      kind: 'hold_dispute',
      eventId: 'evt_1',
      occurredAt: T0 * 1000,
      disputeId: 'dp_1',
      paymentRef: 'pi_1',
      chargeId: 'ch_1',
    });
  });

  it('closes a dispute won, lost, or as an inquiry closed without a chargeback', () => {
    const close = (status: string) =>
      translateStripeEvent(
        buildStripeEvent(
          'charge.dispute.closed',
          buildDisputeObject({
            id: 'dp_1',
            chargeId: 'ch_1',
            paymentIntentId: null,
            amount: 500,
            currency: 'usd',
            status,
          }),
          meta,
        ),
        { catalog: musicgen },
      );
    expect(close('won')).toMatchObject({ kind: 'close_dispute', outcome: 'won', paymentRef: 'ch_1' });
    expect(close('lost')).toMatchObject({ kind: 'close_dispute', outcome: 'lost', disputeId: 'dp_1' });
    expect(close('warning_closed')).toMatchObject({ kind: 'close_dispute', outcome: 'won' });
    expect(close('under_review')).toMatchObject({ kind: 'ignore', needsAttention: true });
  });

  it('ignores a dispute that names no charge', () => {
    const command = translateStripeEvent(
      buildStripeEvent('charge.dispute.created', { id: 'dp_1', object: 'dispute' }, meta),
      { catalog: musicgen },
    );
    expect(command).toMatchObject({ kind: 'ignore', reason: 'the dispute names no charge' });
  });
});

it('ignores every other event type', () => {
  const command = translateStripeEvent(buildStripeEvent('customer.created', { id: 'cus_1' }, meta), {
    catalog: musicgen,
  });
  expect(command).toMatchObject({ kind: 'ignore', eventType: 'customer.created', needsAttention: false });
});
