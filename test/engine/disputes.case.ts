/**
 * Disputes both ways and refunds by their delta (issue 17 item 4), as scenarios run on every
 * payment subject (the engine on SQLite and PostgreSQL, and the in-memory reference) with the
 * same expected balances and flags; on the engine each scenario ends with `verify`.
 */
import { describe, expect } from 'vitest';
import {
  clawBack,
  disputeClosed,
  disputeOpened,
  outcomeOf,
  type PaymentSubject,
  purchase,
  scenario,
} from './payment-subjects.ts';

/** What a command did to the balance, or its status when it was not applied. */
function deltaOf(outcome: ReturnType<typeof outcomeOf>): number | string {
  // `+ 0` turns the reference's -0 into 0.
  return outcome.status === 'applied' ? (outcome.creditsDelta ?? 0) + 0 : outcome.status;
}

/** Runs the dispute scenarios against subjects made by `make` (fresh each time). */
export function runDisputeSuite(name: string, make: () => Promise<PaymentSubject>): void {
  const test = (title: string, fn: (s: PaymentSubject) => Promise<void>) => scenario(make, title, fn);

  describe(`disputes both ways (${name})`, () => {
    test('an opened dispute holds back the unspent credits; won gives them back and clears the flag', async (s) => {
      await s.addCustomer('ann');
      await s.apply(purchase('ann', 'pi_1'));
      await s.spend('ann', 30);
      expect(deltaOf(outcomeOf(await s.apply(disputeOpened('pi_1'))))).toBe(-70);
      expect(await s.balance('ann')).toBe(0);
      expect(await s.flagged('ann')).toBe(true);
      await expect(s.spend('ann', 1)).rejects.toThrow();
      expect(deltaOf(outcomeOf(await s.apply(disputeClosed('pi_1', 'won'))))).toBe(70);
      expect(await s.balance('ann')).toBe(70);
      expect(await s.flagged('ann')).toBe(false);
    });

    test('a lost dispute claws the held credits back, and a later refund takes nothing more', async (s) => {
      await s.addCustomer('ann');
      await s.apply(purchase('ann', 'pi_1'));
      await s.spend('ann', 30);
      await s.apply(disputeOpened('pi_1'));
      expect(deltaOf(outcomeOf(await s.apply(disputeClosed('pi_1', 'lost'))))).toBe(0);
      expect(await s.balance('ann')).toBe(0);
      expect(await s.flagged('ann')).toBe(true);
      expect(deltaOf(outcomeOf(await s.apply(clawBack('pi_1', 500))))).toBe(0);
      expect(await s.balance('ann')).toBe(0);
    });

    test('a dispute won after every credit was spent holds and returns nothing, and clears the flag', async (s) => {
      await s.addCustomer('ann');
      await s.apply(purchase('ann', 'pi_1'));
      await s.spend('ann', 100);
      expect(deltaOf(outcomeOf(await s.apply(disputeOpened('pi_1'))))).toBe(0);
      expect(await s.flagged('ann')).toBe(true);
      expect(deltaOf(outcomeOf(await s.apply(disputeClosed('pi_1', 'won'))))).toBe(0);
      expect(await s.balance('ann')).toBe(0);
      expect(await s.flagged('ann')).toBe(false);
    });

    test('each dispute event applies once: redeliveries and a second close are duplicates', async (s) => {
      await s.addCustomer('ann');
      await s.apply(purchase('ann', 'pi_1'));
      const opened = disputeOpened('pi_1');
      expect(deltaOf(outcomeOf(await s.apply(opened)))).toBe(-100);
      expect(outcomeOf(await s.apply(opened)).status).toBe('duplicate');
      expect(outcomeOf(await s.apply(disputeOpened('pi_1')))).toEqual({
        status: 'duplicate',
        key: 'dispute_opened:dp_pi_1',
      });
      const won = disputeClosed('pi_1', 'won');
      expect(deltaOf(outcomeOf(await s.apply(won)))).toBe(100);
      expect(outcomeOf(await s.apply(won)).status).toBe('duplicate');
      expect(outcomeOf(await s.apply(disputeClosed('pi_1', 'lost')))).toEqual({
        status: 'duplicate',
        key: 'dispute_closed:dp_pi_1',
      });
      expect(await s.balance('ann')).toBe(100);
      expect(await s.flagged('ann')).toBe(false);
    });

    test('a close that arrives before its opening holds nothing; the late opening is stale', async (s) => {
      await s.addCustomer('ann');
      await s.addCustomer('bob');
      await s.apply(purchase('ann', 'pi_a'));
      await s.apply(purchase('bob', 'pi_b'));
      expect(deltaOf(outcomeOf(await s.apply(disputeClosed('pi_a', 'won'))))).toBe(0);
      expect(outcomeOf(await s.apply(disputeOpened('pi_a'))).status).toBe('stale');
      expect(await s.balance('ann')).toBe(100);
      expect(await s.flagged('ann')).toBe(false);
      await s.spend('bob', 40);
      expect(deltaOf(outcomeOf(await s.apply(disputeClosed('pi_b', 'lost'))))).toBe(-60);
      expect(outcomeOf(await s.apply(disputeOpened('pi_b'))).status).toBe('stale');
      expect(await s.balance('bob')).toBe(0);
      expect(await s.flagged('bob')).toBe(true);
    });

    test('a dispute that arrives before its purchase waits for it, then holds and is won', async (s) => {
      await s.addCustomer('ann');
      expect(outcomeOf(await s.apply(disputeOpened('pi_1'))).status).toBe('deferred');
      await s.apply(purchase('ann', 'pi_1'));
      expect(await s.balance('ann')).toBe(0);
      expect(await s.flagged('ann')).toBe(true);
      expect(deltaOf(outcomeOf(await s.apply(disputeClosed('pi_1', 'won'))))).toBe(100);
      expect(await s.balance('ann')).toBe(100);
      expect(await s.flagged('ann')).toBe(false);
    });

    test('the flag stays while another dispute of the customer is open', async (s) => {
      await s.addCustomer('ann');
      await s.apply(purchase('ann', 'pi_1'));
      await s.apply(purchase('ann', 'pi_2'));
      await s.apply(disputeOpened('pi_1'));
      await s.apply(disputeOpened('pi_2'));
      expect(await s.balance('ann')).toBe(0);
      await s.apply(disputeClosed('pi_1', 'won'));
      expect(await s.balance('ann')).toBe(100);
      expect(await s.flagged('ann')).toBe(true);
      await s.apply(disputeClosed('pi_2', 'won'));
      expect(await s.balance('ann')).toBe(200);
      expect(await s.flagged('ann')).toBe(false);
    });

    test('partial refunds claw back by their delta and never more than the purchase', async (s) => {
      await s.addCustomer('ann');
      await s.apply(purchase('ann', 'pi_1'));
      await s.apply(purchase('ann', 'pi_other'));
      const deltas = [];
      // 30% refunded, then 60% (cumulative), then the 60% event again, then all of it twice.
      for (const reversed of [150, 300, 300, 500, 500])
        deltas.push(deltaOf(outcomeOf(await s.apply(clawBack('pi_1', reversed)))));
      expect(deltas).toEqual([-30, -30, 'duplicate', -40, 'duplicate']);
      // The other purchase is untouched: the refunds took exactly pi_1's 100.
      expect(await s.balance('ann')).toBe(100);
    });

    test('a refund then a dispute of the same payment take back at most the purchase', async (s) => {
      await s.addCustomer('ann');
      await s.apply(purchase('ann', 'pi_1'));
      await s.apply(purchase('ann', 'pi_other'));
      expect(deltaOf(outcomeOf(await s.apply(clawBack('pi_1', 250))))).toBe(-50);
      expect(deltaOf(outcomeOf(await s.apply(disputeOpened('pi_1'))))).toBe(-50);
      await s.apply(disputeClosed('pi_1', 'lost'));
      expect(deltaOf(outcomeOf(await s.apply(clawBack('pi_1', 500))))).toBe(0);
      expect(await s.balance('ann')).toBe(100);
    });
  });
}
