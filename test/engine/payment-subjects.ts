/**
 * What the payment port suites run against: the engine on a store, or the in-memory reference
 * ledger (`test/fakes/ledger-port.ts`), behind one small interface, plus plain command
 * builders. The same scenarios, with the same expected balances, run on each.
 */
import { expect, it } from 'vitest';
import { cents, credits } from '../../src/domain/credits.ts';
import type { Result } from '../../src/domain/errors.ts';
import type {
  CancelPlan,
  ChangePlan,
  ClawBack,
  CloseDispute,
  GrantPurchase,
  HoldDispute,
  IgnoreEvent,
  PaymentCommand,
  PlanPeriodPaid,
} from '../../src/payments/commands.ts';
import type { PaymentOutcome } from '../../src/payments/ledger-port.ts';
import type { Store } from '../../src/store/store.ts';
import { InMemoryPaymentLedger } from '../fakes/ledger-port.ts';
import { createHarness, expectOk, type Harness, START, TENANT } from '../support/engine-harness.ts';
import { createTestCatalog } from '../support/test-catalog.ts';

export const DAY = 86_400_000;

/** A ledger under test. */
export interface PaymentSubject {
  readonly name: string;
  /** The engine harness, when the subject is the engine. */
  readonly harness: Harness | null;
  apply(command: PaymentCommand): Promise<Result<PaymentOutcome>>;
  /** Creates a customer (with the referral code of `referredBy`, if given). */
  addCustomer(id: string, referredBy?: string): Promise<void>;
  balance(id: string): Promise<number>;
  plan(id: string): Promise<string>;
  flagged(id: string): Promise<boolean>;
  /** Spends credits from the customer's lots (consumption order). */
  spend(id: string, amount: number): Promise<void>;
  /** Moves the engine's clock forward (the reference has none). */
  advance(ms: number): void;
  /** Checks the ledger's own invariants (the engine's `verify`). */
  check(): Promise<void>;
  close(): Promise<void>;
}

/** Rewards of the payment suites' catalog: no welcome credits, so balances are payments only. */
const REWARDS = { referral: { kind: 'referral' as const, credits: credits(10), expiresInDays: null } };

/** The test catalog without welcome and daily credits, so balances are what payments did. */
function createPaymentCatalog() {
  const plans = createTestCatalog().plans.map((p) => ({ ...p, dailyCredits: credits(0) }));
  return { rewards: REWARDS, plans };
}

/** The engine over a fresh store, on the test catalog without a welcome reward. */
export async function makeEngineSubject(makeStore: () => Promise<Store>): Promise<PaymentSubject> {
  const h = await createHarness(makeStore, createPaymentCatalog());
  const summary = async (id: string) => expectOk(await h.engine.getCustomer(TENANT, id));
  return {
    name: 'engine',
    harness: h,
    apply: (command) => h.engine.applyPaymentCommand(TENANT, command),
    async addCustomer(id, referredBy) {
      const referralCode =
        referredBy === undefined ? {} : { referralCode: (await summary(referredBy)).customer.referralCode };
      expectOk(
        await h.engine.createCustomer({
          tenantId: TENANT,
          customerId: id,
          idempotencyKey: h.key(),
          email: `${id}@example.com`,
          ...referralCode,
        }),
      );
    },
    balance: async (id) => (await summary(id)).balance.balance,
    plan: async (id) => (await summary(id)).customer.planId,
    flagged: async (id) => (await summary(id)).customer.flagged,
    async spend(id, amount) {
      expectOk(
        await h.engine.adjust({
          tenantId: TENANT,
          idempotencyKey: h.key(),
          customerId: id,
          credits: -amount,
          reason: 'spent',
        }),
      );
    },
    advance: (ms) => h.advance(ms),
    async check() {
      const report = await h.engine.verify();
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
    },
    close: () => h.store.close(),
  };
}

/** The in-memory reference ledger. */
export async function makeReferenceSubject(): Promise<PaymentSubject> {
  const ledger = new InMemoryPaymentLedger();
  const referrals = new Map<string, string>();
  const key = (id: string) => `${TENANT}:${id}`;
  return {
    name: 'reference',
    harness: null,
    apply: (command) => ledger.applyPaymentCommand(TENANT, command),
    async addCustomer(id, referredBy) {
      if (referredBy !== undefined) referrals.set(id, referredBy);
    },
    balance: async (id) => ledger.balanceOf(TENANT, id),
    plan: async (id) => ledger.plans.get(key(id)) ?? 'free',
    flagged: async (id) => ledger.flagged.has(key(id)),
    async spend(id, amount) {
      let left = amount;
      for (const lot of ledger.lots.filter((l) => l.customerId === id)) {
        const take = Math.min(lot.remaining, left);
        lot.remaining -= take;
        left -= take;
      }
      if (left > 0) throw new Error(`cannot spend ${amount}`);
    },
    advance() {},
    async check() {},
    async close() {},
  };
}

/** Declares a test that makes a subject, runs `fn`, then checks and closes the subject. */
export function scenario(
  make: () => Promise<PaymentSubject>,
  title: string,
  fn: (s: PaymentSubject) => Promise<void>,
  timeoutMs = 30_000,
): void {
  it(
    title,
    async () => {
      const s = await make();
      try {
        await fn(s);
        await s.check();
      } finally {
        await s.close();
      }
    },
    timeoutMs,
  );
}

let seq = 0;
const nextEventId = () => `evt_${++seq}_${Math.random().toString(36).slice(2, 8)}`;

/** A paid `small` pack (100 credits for 500 cents). */
export function purchase(
  customerId: string,
  paymentRef: string,
  o: { eventId?: string; credits?: number; stripeCustomerId?: string | null } = {},
): GrantPurchase {
  return {
    kind: 'grant_purchase',
    eventId: o.eventId ?? nextEventId(),
    occurredAt: START,
    paymentRef,
    checkoutSessionId: `cs_${paymentRef}`,
    customerId,
    stripeCustomerId: o.stripeCustomerId === undefined ? `cus_${customerId}` : o.stripeCustomerId,
    packId: 'small',
    credits: credits(o.credits ?? 100),
    costBasisCents: cents(500),
    currency: 'usd',
  };
}

/** A refund (or dispute) of `reversedCents` so far of a 500-cent charge. */
export function clawBack(
  paymentRef: string,
  reversedCents: number,
  o: { eventId?: string; reason?: 'refund' | 'dispute'; amountCents?: number } = {},
): ClawBack {
  return {
    kind: 'claw_back',
    eventId: o.eventId ?? nextEventId(),
    occurredAt: START,
    paymentRef,
    chargeId: `ch_${paymentRef}`,
    reason: o.reason ?? 'refund',
    amountCents: cents(o.amountCents ?? 500),
    reversedCents: cents(reversedCents),
  };
}

/** `charge.dispute.created` for the payment `paymentRef` (dispute `dp_<paymentRef>` unless named). */
export function disputeOpened(
  paymentRef: string,
  o: { disputeId?: string; eventId?: string } = {},
): HoldDispute {
  return {
    kind: 'hold_dispute',
    eventId: o.eventId ?? nextEventId(),
    occurredAt: START,
    disputeId: o.disputeId ?? `dp_${paymentRef}`,
    paymentRef,
    chargeId: `ch_${paymentRef}`,
  };
}

/** `charge.dispute.closed` with `outcome` for the payment `paymentRef`. */
export function disputeClosed(
  paymentRef: string,
  outcome: 'won' | 'lost',
  o: { disputeId?: string; eventId?: string } = {},
): CloseDispute {
  return {
    kind: 'close_dispute',
    eventId: o.eventId ?? nextEventId(),
    occurredAt: START,
    disputeId: o.disputeId ?? `dp_${paymentRef}`,
    paymentRef,
    chargeId: `ch_${paymentRef}`,
    outcome,
  };
}

/** A paid `pro` invoice (100 credits) for the period starting `month` months after START. */
export function invoicePaid(
  kind: PlanPeriodPaid['kind'],
  customerId: string,
  invoiceId: string,
  o: { month?: number; paymentRef?: string | null; subscriptionId?: string; eventId?: string } = {},
): PlanPeriodPaid {
  const periodStart = START + (o.month ?? 0) * 30 * DAY;
  return {
    kind,
    eventId: o.eventId ?? nextEventId(),
    occurredAt: periodStart,
    invoiceId,
    subscriptionId: o.subscriptionId ?? `sub_${customerId}`,
    customerId,
    stripeCustomerId: `cus_${customerId}`,
    planId: 'pro',
    credits: credits(100),
    periodStart,
    periodEnd: periodStart + 30 * DAY,
    paymentRef: o.paymentRef ?? null,
    amountPaidCents: cents(2500),
  };
}

/** The subscription moved to `planId`, as of `occurredAt`. */
export function planChanged(customerId: string, planId: string, occurredAt: number): ChangePlan {
  return {
    kind: 'change_plan',
    eventId: nextEventId(),
    occurredAt,
    subscriptionId: `sub_${customerId}`,
    customerId,
    stripeCustomerId: `cus_${customerId}`,
    planId,
    periodStart: null,
    periodEnd: null,
    cancelAtPeriodEnd: false,
  };
}

/** The subscription ended at `occurredAt`. */
export function planCancelled(customerId: string, occurredAt: number): CancelPlan {
  return {
    kind: 'cancel_plan',
    eventId: nextEventId(),
    occurredAt,
    subscriptionId: `sub_${customerId}`,
    customerId,
    stripeCustomerId: `cus_${customerId}`,
    previousPlanId: 'pro',
    downgradeToPlanId: 'free',
    endedAt: occurredAt,
  };
}

/** An event Tollgate does not act on. */
export function ignored(needsAttention: boolean, eventId = nextEventId()): IgnoreEvent {
  return {
    kind: 'ignore',
    eventId,
    occurredAt: START,
    eventType: 'checkout.session.completed',
    reason: needsAttention ? 'no customer in metadata' : 'subscription checkout',
    needsAttention,
  };
}

/** The outcome of a successful apply. */
export function outcomeOf(result: Result<PaymentOutcome>): PaymentOutcome {
  return expectOk(result);
}
