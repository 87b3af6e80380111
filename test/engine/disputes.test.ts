/**
 * The dispute scenarios on the in-memory reference and on the engine over each database, plus
 * what only the engine has: lots that expire while their credits are held back.
 */
import { expect } from 'vitest';
import { forEachDatabase } from '../support/each-database.ts';
import { runDisputeSuite } from './disputes.case.ts';
import {
  DAY,
  disputeClosed,
  disputeOpened,
  invoicePaid,
  makeEngineSubject,
  makeReferenceSubject,
  outcomeOf,
  scenario,
} from './payment-subjects.ts';

runDisputeSuite('reference', makeReferenceSubject);
forEachDatabase((db) => {
  const make = () => makeEngineSubject(db.makeStore);
  runDisputeSuite(`engine on ${db.name}`, make);

  scenario(
    make,
    'a dispute won after its lot expired lets the held credits expire, and verify passes',
    async (s) => {
      await s.addCustomer('bea');
      await s.apply(invoicePaid('start_subscription', 'bea', 'in_1', { paymentRef: 'pi_in_1' }));
      await s.spend('bea', 20);
      expect(outcomeOf(await s.apply(disputeOpened('pi_in_1')))).toMatchObject({ creditsDelta: -80 });
      s.advance(40 * DAY); // past the plan period: the allowance lot has ended
      const before = await s.balance('bea');
      expect(outcomeOf(await s.apply(disputeClosed('pi_in_1', 'won')))).toMatchObject({ creditsDelta: 0 });
      expect(await s.balance('bea')).toBe(before);
      expect(await s.flagged('bea')).toBe(false);
      const report = await s.harness?.engine.verify();
      expect(report?.systemAccounts.disputed ?? 0).toBe(0);
      expect(report?.systemAccounts.expired ?? 0).toBeGreaterThanOrEqual(80);
    },
  );
});
