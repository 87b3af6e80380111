/**
 * The `PaymentLedgerPort` contract as scenarios, run on every subject (the engine on SQLite
 * and PostgreSQL, and the in-memory reference) with the same expected outcomes and balances:
 * each command kind, redeliveries (sequential and concurrent), two events about one payment,
 * refunds before purchases, cumulative and capped claw-backs, stale subscription events.
 */
import { describe, expect } from 'vitest';
import { START } from '../support/engine-harness.ts';
import {
  clawBack,
  DAY,
  ignored,
  invoicePaid,
  outcomeOf,
  type PaymentSubject,
  planCancelled,
  planChanged,
  purchase,
  scenario,
} from './payment-subjects.ts';

/** Runs the contract scenarios against subjects made by `make` (fresh each time). */
export function runPaymentContractSuite(name: string, make: () => Promise<PaymentSubject>): void {
  const test = (title: string, fn: (s: PaymentSubject) => Promise<void>) => scenario(make, title, fn);

  describe(`payment port contract (${name})`, () => {
    test('grants a purchased pack once', async (s) => {
      await s.addCustomer('ann');
      const outcome = outcomeOf(await s.apply(purchase('ann', 'pi_1')));
      expect(outcome).toMatchObject({ status: 'applied', kind: 'grant_purchase', creditsDelta: 100 });
      expect(await s.balance('ann')).toBe(100);
      expect(await s.flagged('ann')).toBe(false);
    });

    test('answers duplicate to the same event delivered 5 times in a row', async (s) => {
      await s.addCustomer('ann');
      const command = purchase('ann', 'pi_1');
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push(outcomeOf(await s.apply(command)).status);
      expect(statuses).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
      expect(await s.balance('ann')).toBe(100);
    });

    test('grants once when the same event is delivered 5 times at once', async (s) => {
      await s.addCustomer('ann');
      const command = purchase('ann', 'pi_1');
      const results = await Promise.all(Array.from({ length: 5 }, () => s.apply(command)));
      const statuses = results.map((r) => outcomeOf(r).status).sort();
      expect(statuses).toEqual(['applied', 'duplicate', 'duplicate', 'duplicate', 'duplicate']);
      expect(await s.balance('ann')).toBe(100);
    });

    test('grants once for two different events about the same payment', async (s) => {
      await s.addCustomer('ann');
      expect(outcomeOf(await s.apply(purchase('ann', 'pi_1'))).status).toBe('applied');
      const second = outcomeOf(await s.apply(purchase('ann', 'pi_1')));
      expect(second).toEqual({ status: 'duplicate', key: 'purchase:pi_1' });
      expect(await s.balance('ann')).toBe(100);
    });

    test('ends in the same state when a refund arrives before its purchase', async (s) => {
      await s.addCustomer('early');
      await s.addCustomer('late');
      const refundFirst = clawBack('pi_early', 100);
      expect(outcomeOf(await s.apply(refundFirst)).status).toBe('deferred');
      expect(outcomeOf(await s.apply(refundFirst)).status).toBe('duplicate');
      expect(outcomeOf(await s.apply(purchase('early', 'pi_early'))).status).toBe('applied');
      await s.apply(purchase('late', 'pi_late'));
      expect(outcomeOf(await s.apply(clawBack('pi_late', 100)))).toMatchObject({
        status: 'applied',
        creditsDelta: -20,
      });
      expect(await s.balance('early')).toBe(80);
      expect(await s.balance('late')).toBe(80);
      expect(await s.flagged('early')).toBe(true);
      expect(await s.flagged('late')).toBe(true);
    });

    test('claws back cumulatively over partial refunds, once per refund state', async (s) => {
      await s.addCustomer('ann');
      await s.apply(purchase('ann', 'pi_1'));
      const deltas = [];
      for (const reversed of [100, 250, 250, 500]) {
        const outcome = outcomeOf(await s.apply(clawBack('pi_1', reversed)));
        deltas.push(outcome.status === 'applied' ? outcome.creditsDelta : outcome.status);
      }
      // 20 of 100 for 100/500 cents, then up to 50, the same 250 again is a duplicate, then the rest.
      expect(deltas).toEqual([-20, -30, 'duplicate', -50]);
      expect(await s.balance('ann')).toBe(0);
      expect(await s.flagged('ann')).toBe(true);
    });

    test('applies a smaller refund after a larger one as nothing more', async (s) => {
      await s.addCustomer('ann');
      await s.apply(purchase('ann', 'pi_1'));
      expect(outcomeOf(await s.apply(clawBack('pi_1', 250)))).toMatchObject({ creditsDelta: -50 });
      const smaller = outcomeOf(await s.apply(clawBack('pi_1', 100)));
      expect(smaller.status === 'applied' && smaller.creditsDelta === 0).toBe(true);
      expect(await s.balance('ann')).toBe(50);
    });

    test('never claws back more than the unspent credits', async (s) => {
      await s.addCustomer('ann');
      await s.apply(purchase('ann', 'pi_1'));
      await s.spend('ann', 70);
      const outcome = outcomeOf(await s.apply(clawBack('pi_1', 500, { reason: 'dispute' })));
      expect(outcome).toMatchObject({ status: 'applied', kind: 'claw_back', creditsDelta: -30 });
      expect(await s.balance('ann')).toBe(0);
      expect(await s.flagged('ann')).toBe(true);
    });

    test('starts and renews a plan, one allowance per invoice, the last one ended', async (s) => {
      await s.addCustomer('bea');
      const started = outcomeOf(await s.apply(invoicePaid('start_subscription', 'bea', 'in_1')));
      expect(started).toMatchObject({ status: 'applied', kind: 'start_subscription', creditsDelta: 100 });
      expect(await s.plan('bea')).toBe('pro');
      expect(await s.balance('bea')).toBe(100);
      await s.spend('bea', 30);
      s.advance(30 * DAY);
      const renew = invoicePaid('renew_plan', 'bea', 'in_2', { month: 1 });
      expect(outcomeOf(await s.apply(renew)).status).toBe('applied');
      expect(outcomeOf(await s.apply({ ...renew, eventId: 'evt_other' }))).toEqual({
        status: 'duplicate',
        key: 'invoice:in_2',
      });
      expect(await s.balance('bea')).toBe(100);
    });

    test('claws back a refunded invoice', async (s) => {
      await s.addCustomer('bea');
      await s.apply(invoicePaid('start_subscription', 'bea', 'in_1', { paymentRef: 'pi_in_1' }));
      const refund = clawBack('pi_in_1', 1250, { amountCents: 2500 });
      expect(outcomeOf(await s.apply(refund))).toMatchObject({ status: 'applied', creditsDelta: -50 });
      expect(await s.balance('bea')).toBe(50);
      expect(await s.flagged('bea')).toBe(true);
    });

    test('changes plans and drops subscription events older than the last one applied', async (s) => {
      await s.addCustomer('cy');
      await s.addCustomer('di');
      expect(outcomeOf(await s.apply(planChanged('cy', 'pro', START + 2000)))).toMatchObject({
        status: 'applied',
        planId: 'pro',
      });
      expect(outcomeOf(await s.apply(planChanged('cy', 'free', START + 1000))).status).toBe('stale');
      expect(await s.plan('cy')).toBe('pro');
      expect(outcomeOf(await s.apply(planCancelled('cy', START + 3000)))).toMatchObject({
        status: 'applied',
        planId: 'free',
      });
      expect(outcomeOf(await s.apply(planChanged('cy', 'pro', START + 2500))).status).toBe('stale');
      expect(await s.plan('cy')).toBe('free');
      await s.apply(planChanged('di', 'pro', START + 2000));
      expect(outcomeOf(await s.apply(planCancelled('di', START + 1000))).status).toBe('stale');
      expect(await s.plan('di')).toBe('pro');
    });

    test('ends the allowance when the subscription ends', async (s) => {
      await s.addCustomer('dot');
      await s.apply(purchase('dot', 'pi_dot'));
      await s.apply(invoicePaid('start_subscription', 'dot', 'in_1'));
      expect(await s.balance('dot')).toBe(200);
      const ended = outcomeOf(await s.apply(planCancelled('dot', START + DAY)));
      expect(ended).toMatchObject({ status: 'applied', kind: 'cancel_plan', planId: 'free' });
      expect(await s.plan('dot')).toBe('free');
      expect(await s.balance('dot')).toBe(100); // the purchased pack stays
    });

    test('ends in the same state when an invoice arrives after a later period or the cancellation', async (s) => {
      await s.addCustomer('eve');
      await s.apply(invoicePaid('start_subscription', 'eve', 'in_1'));
      s.advance(60 * DAY);
      expect(outcomeOf(await s.apply(invoicePaid('renew_plan', 'eve', 'in_3', { month: 2 }))).status).toBe(
        'applied',
      );
      const late = outcomeOf(await s.apply(invoicePaid('renew_plan', 'eve', 'in_2', { month: 1 })));
      expect(late.status).toBe('stale');
      expect(await s.balance('eve')).toBe(100);
      await s.apply(planCancelled('eve', START + 61 * DAY));
      const afterEnd = invoicePaid('renew_plan', 'eve', 'in_4', { month: 2, subscriptionId: 'sub_eve' });
      expect(outcomeOf(await s.apply(afterEnd)).status).toBe('stale');
      expect(await s.plan('eve')).toBe('free');
      expect(await s.balance('eve')).toBe(0);
    });

    test('ignores what it does not act on, once', async (s) => {
      const event = ignored(true);
      expect(outcomeOf(await s.apply(event))).toEqual({ status: 'ignored', reason: event.reason });
      expect(outcomeOf(await s.apply(event)).status).toBe('duplicate');
    });
  });
}
