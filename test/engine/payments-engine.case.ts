/**
 * What only the engine's payment port does beyond the reference: outbox rows, the remembered
 * Stripe customer, referral rewards on a first purchase, `not_found` for unknown customers
 * (nothing recorded, so Stripe's retry applies), operator-visible `needs_attention` events, a
 * refund racing its purchase, and agreement with the reference on shuffled event streams.
 */
import { describe, expect } from 'vitest';
import type { PaymentCommand } from '../../src/payments/commands.ts';
import type { Store } from '../../src/store/store.ts';
import { expectFail, expectOk, TENANT } from '../support/engine-harness.ts';
import {
  clawBack,
  ignored,
  invoicePaid,
  makeEngineSubject,
  makeReferenceSubject,
  outcomeOf,
  type PaymentSubject,
  planChanged,
  purchase,
  scenario,
} from './payment-subjects.ts';

/** Runs the engine-only payment tests on stores made by `makeStore`. */
export function runPaymentEngineSuite(name: string, makeStore: () => Promise<Store>): void {
  const test = (title: string, fn: (s: PaymentSubject) => Promise<void>, timeoutMs?: number) =>
    scenario(() => makeEngineSubject(makeStore), title, fn, timeoutMs);
  const engineOf = (s: PaymentSubject) => {
    if (s.harness === null) throw new Error('not the engine');
    return s.harness;
  };
  const outbox = async (s: PaymentSubject) =>
    (await engineOf(s).store.read((tx) => tx.outbox.listForTenant(TENANT, 100))).reverse();

  describe(`payment port on the engine (${name})`, () => {
    test('writes purchase.completed and plan.changed to the outbox', async (s) => {
      await s.addCustomer('ann');
      const granted = outcomeOf(await s.apply(purchase('ann', 'pi_1')));
      await s.apply(invoicePaid('start_subscription', 'ann', 'in_1'));
      const rows = (await outbox(s)).filter((r) => r.type !== 'reward.granted');
      expect(rows.map((r) => r.type)).toEqual(['purchase.completed', 'plan.changed']);
      expect(rows[0]?.payload).toMatchObject({
        customer: 'ann',
        pack: 'small',
        credits: 100,
        lot: granted.status === 'applied' ? granted.lotId : null,
        amount_cents: 500,
        payment_ref: 'pi_1',
      });
      expect(rows[1]?.payload).toMatchObject({ customer: 'ann', from: 'free', to: 'pro' });
    });

    test('remembers the Stripe customer of a paid event, and links one on request', async (s) => {
      const { engine } = engineOf(s);
      await s.addCustomer('ann');
      expect(expectOk(await engine.findStripeCustomer(TENANT, 'ann'))).toBeNull();
      await s.apply(purchase('ann', 'pi_1', { stripeCustomerId: 'cus_paid' }));
      expect(expectOk(await engine.findStripeCustomer(TENANT, 'ann'))).toBe('cus_paid');
      const link = { tenantId: TENANT, customerId: 'ann', stripeCustomerId: 'cus_new' };
      expect(expectOk(await engine.linkStripeCustomer(link))).toEqual({ stripeCustomerId: 'cus_new' });
      expect(expectOk(await engine.findStripeCustomer(TENANT, 'ann'))).toBe('cus_new');
      expect(expectFail(await engine.findStripeCustomer(TENANT, 'nobody'))).toMatchObject({
        code: 'not_found',
        param: 'customer',
      });
      expect(expectFail(await engine.linkStripeCustomer({ ...link, customerId: 'nobody' }))).toMatchObject({
        code: 'not_found',
        param: 'customer',
      });
    });

    test('rewards both sides of a referral on the first purchase', async (s) => {
      await s.addCustomer('ref');
      await s.addCustomer('new', 'ref');
      await s.apply(purchase('new', 'pi_1'));
      expect(await s.balance('new')).toBe(110);
      expect(await s.balance('ref')).toBe(10);
      await s.apply(purchase('new', 'pi_2'));
      expect(await s.balance('new')).toBe(210);
      expect(await s.balance('ref')).toBe(10);
    });

    test('applies a refund that came before its invoice when the invoice is paid', async (s) => {
      await s.addCustomer('cal');
      const refund = clawBack('pi_in_2', 1250, { amountCents: 2500 });
      expect(outcomeOf(await s.apply(refund)).status).toBe('deferred');
      await s.apply(invoicePaid('start_subscription', 'cal', 'in_2', { paymentRef: 'pi_in_2' }));
      expect(await s.balance('cal')).toBe(50);
      expect(await s.flagged('cal')).toBe(true);
      expect(outcomeOf(await s.apply({ ...refund, eventId: 'evt_again' }))).toEqual({
        status: 'duplicate',
        key: 'refund:pi_in_2:1250',
      });
    });

    test('answers not_found for an unknown customer and records nothing', async (s) => {
      const command = purchase('ghost', 'pi_1');
      expect(expectFail(await s.apply(command))).toMatchObject({ code: 'not_found', param: 'customer' });
      expect(expectFail(await s.apply(planChanged('ghost', 'pro', 1)))).toMatchObject({ code: 'not_found' });
      await s.addCustomer('ghost');
      expect(outcomeOf(await s.apply(command)).status).toBe('applied');
      expect(await s.balance('ghost')).toBe(100);
    });

    test('refuses a plan or pack missing from the catalog, naming the field', async (s) => {
      await s.addCustomer('ann');
      const plan = { ...invoicePaid('start_subscription', 'ann', 'in_1'), planId: 'gold' };
      expect(expectFail(await s.apply(plan))).toMatchObject({ code: 'unknown_plan', param: 'plan' });
      const pack = { ...purchase('ann', 'pi_1'), packId: 'huge' };
      expect(expectFail(await s.apply(pack))).toMatchObject({ code: 'unknown_pack', param: 'pack' });
      expect(await s.balance('ann')).toBe(0);
    });

    test('refuses a purchase that would take the balance past 2^53 − 1, granting nothing', async (s) => {
      const { engine, store } = engineOf(s);
      await s.addCustomer('big');
      const grant = { tenantId: TENANT, idempotencyKey: 'big', customerId: 'big', credits: 1_000_000 };
      const lot = expectOk(await engine.grant({ ...grant, source: 'promotional' })).lot.id;
      // The lot and balance are set near the limit in the tables (reaching it through the engine takes
      // ~9,000 grants) and put back afterwards, so the ledger check at the end holds.
      const [before] = await store.raw.query<{ balance: unknown }>(
        "SELECT balance FROM customers WHERE tenant_id = ? AND id = 'big'",
        [TENANT],
      );
      const near = Number.MAX_SAFE_INTEGER - 50;
      const others = await store.raw.query<{ n: unknown }>(
        "SELECT COALESCE(SUM(remaining), 0) AS n FROM lots WHERE tenant_id = ? AND customer_id = 'big' AND id <> ?",
        [TENANT, lot],
      );
      const amount = near - Number(others[0]?.n ?? 0);
      await store.raw.run('UPDATE lots SET amount = ?, remaining = ? WHERE tenant_id = ? AND id = ?', [
        amount,
        amount,
        TENANT,
        lot,
      ]);
      await store.raw.run("UPDATE customers SET balance = ? WHERE tenant_id = ? AND id = 'big'", [
        near,
        TENANT,
      ]);
      expect(expectFail(await s.apply(purchase('big', 'pi_big')))).toMatchObject({
        code: 'parameter_out_of_range',
        param: 'credits',
      });
      expect(await s.balance('big')).toBe(near);
      await store.raw.run('UPDATE lots SET amount = ?, remaining = ? WHERE tenant_id = ? AND id = ?', [
        1_000_000,
        1_000_000,
        TENANT,
        lot,
      ]);
      await store.raw.run("UPDATE customers SET balance = ? WHERE tenant_id = ? AND id = 'big'", [
        Number(before?.balance),
        TENANT,
      ]);
    });

    test('keeps events that need attention queryable for operators', async (s) => {
      await s.apply(ignored(true, 'evt_lost_money'));
      await s.apply(ignored(false, 'evt_fine'));
      const rows = await engineOf(s).store.read((tx) => tx.payments.listNeedingAttention(TENANT, 10));
      expect(rows.map((r) => r.eventId)).toEqual(['evt_lost_money']);
      expect(JSON.parse(rows[0]?.outcome ?? '{}')).toMatchObject({ status: 'ignored' });
    });

    test('ends in the same state when a refund races its purchase', async (s) => {
      const ids = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
      for (const id of ids) await s.addCustomer(id);
      await Promise.all(
        ids.flatMap((id, i) => {
          const both = [s.apply(clawBack(`pi_${id}`, 100)), s.apply(purchase(id, `pi_${id}`))];
          return i % 2 === 0 ? both : both.reverse();
        }),
      );
      for (const id of ids) {
        expect(await s.balance(id)).toBe(80);
        expect(await s.flagged(id)).toBe(true);
      }
    }, 60_000);

    test('grants once when one payment arrives as 5 different events at once', async (s) => {
      await s.addCustomer('ann');
      const results = await Promise.all(Array.from({ length: 5 }, () => s.apply(purchase('ann', 'pi_1'))));
      expect(results.map((r) => outcomeOf(r).status).sort()).toEqual([
        'applied',
        'duplicate',
        'duplicate',
        'duplicate',
        'duplicate',
      ]);
      expect(await s.balance('ann')).toBe(100);
    });

    test('agrees with the reference ledger on shuffled streams of payments and refunds', async (s) => {
      for (let seed = 1; seed <= 4; seed++) {
        const reference = await makeReferenceSubject();
        const customers = [`a${seed}`, `b${seed}`, `c${seed}`];
        for (const id of customers) await s.addCustomer(id);
        const stream = shuffle(buildStream(customers, seed), seed);
        for (const command of stream) {
          const [mine, theirs] = [await s.apply(command), await reference.apply(command)];
          expect(outcomeOf(mine).status, JSON.stringify(command)).toBe(outcomeOf(theirs).status);
        }
        for (const id of customers) {
          expect(await s.balance(id), id).toBe(await reference.balance(id));
          expect(await s.flagged(id), id).toBe(await reference.flagged(id));
        }
      }
    }, 60_000);
  });
}

/** Purchases, redeliveries, partial refunds and disputes for each customer. */
function buildStream(customers: readonly string[], seed: number): PaymentCommand[] {
  const stream: PaymentCommand[] = [];
  customers.forEach((id, i) => {
    const ref = `pi_${id}`;
    const bought = purchase(id, ref);
    stream.push(bought, bought, purchase(id, `pi_${id}_2`));
    if ((i + seed) % 3 !== 0) stream.push(clawBack(ref, 120), clawBack(ref, 300));
    if ((i + seed) % 2 === 0) stream.push(clawBack(`pi_${id}_2`, 500, { reason: 'dispute' }));
  });
  return stream;
}

/** A deterministic Fisher–Yates shuffle. */
function shuffle<T>(items: T[], seed: number): T[] {
  let state = seed * 7919;
  const random = () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
