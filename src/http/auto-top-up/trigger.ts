/**
 * The auto top-up trigger of one server process (issue 17 item 1), kept off the hot path: an
 * authorize, commit or charge answers first; then, when it left the customer under their
 * threshold, a background task claims a top-up (`engine.claimAutoTopUp`, one short write under
 * the customer's lock that only one claim can win), charges the saved card off-session
 * (Stripe, or in TEST MODE a signed event through this app's own webhook route), and records
 * the outcome. Credits arrive only with the verified `payment_intent.succeeded` webhook.
 * In-process, one task per customer runs at a time (a request that arrives meanwhile asks for
 * one more pass), so 50 concurrent commits make one or two claims, and the database makes it one.
 */
import type { FastifyInstance } from 'fastify';
import type { AutoTopUpState } from '../../engine/auto-top-ups.ts';
import {
  chargeOffSession,
  type OffSessionCharge,
  type OffSessionOutcome,
} from '../../payments/auto-top-up.ts';
import { chargeTestCard } from '../../payments/test-auto-top-up.ts';
import { STRIPE_SIGNATURE_HEADER } from '../../payments/webhook.ts';
import { loadTenantPayments, stripeClientFor } from '../checkout/setup.ts';
import type { AppDeps } from '../route.ts';

/** How long a claimed attempt may go without a PaymentIntent before `retryStale` charges it again. */
export const STALE_ATTEMPT_MS = 120_000;

export interface AutoTopUpTrigger {
  /**
   * After a money answer: the customer's auto top-up state for the answer (null when they never
   * set one), starting a top-up in the background when `available` is under the threshold.
   */
  afterMoney(tenantId: string, customerId: string, available: number): Promise<AutoTopUpState | null>;
  /** Claims and charges the customer's top-up if one is due; resolves when it is recorded. */
  runFor(tenantId: string, customerId: string): Promise<void>;
  /** Charges again, with the same idempotency key, attempts left without a PaymentIntent; answers how many. */
  retryStale(): Promise<number>;
  /** Resolves when every task started so far has finished (tests, shutdown). */
  drain(): Promise<void>;
}

/**
 * Makes the trigger over the app's dependencies; `getApp` answers the app once built (TEST MODE
 * posts its signed events through the app's own webhook route, as the test checkout does).
 */
export function createAutoTopUpTrigger(
  deps: Omit<AppDeps, 'autoTopUps'>,
  getApp: () => FastifyInstance,
): AutoTopUpTrigger {
  const running = new Map<string, { again: boolean; done: Promise<void> }>();

  const log = (error: unknown, message: string) => getApp().log.error({ err: error }, message);

  async function charge(claim: OffSessionCharge): Promise<void> {
    const payments = await loadTenantPayments(deps as AppDeps, claim.tenantId);
    if (!payments.ok) throw new Error(payments.error.message);
    const { setup } = payments.value;
    let outcome: OffSessionOutcome;
    let delivery = null;
    if (setup.mode === 'stripe') {
      outcome = await chargeOffSession(stripeClientFor(setup), claim);
    } else if (!deps.testCheckouts) {
      outcome = {
        kind: 'failed',
        code: 'payments_not_configured',
        message: 'the tenant has no Stripe keys and test checkouts are closed',
        paymentIntentId: null,
      };
    } else {
      ({ outcome, delivery } = chargeTestCard(claim, setup.webhookSecret, deps.now()));
    }
    const recorded = await deps.engine.recordAutoTopUpCharge({
      tenantId: claim.tenantId,
      customerId: claim.customerId,
      attemptId: claim.attemptId,
      outcome,
    });
    if (!recorded.ok) throw new Error(recorded.error.message);
    if (delivery !== null) {
      const answer = await getApp().inject({
        method: 'POST',
        url: `/v1/webhooks/stripe/${encodeURIComponent(claim.tenantId)}`,
        headers: { 'content-type': 'application/json', [STRIPE_SIGNATURE_HEADER]: delivery.signatureHeader },
        payload: delivery.payload,
      });
      if (answer.statusCode !== 200)
        throw new Error(`the webhook route answered ${answer.statusCode}: ${answer.body}`);
    }
  }

  async function runOnce(tenantId: string, customerId: string): Promise<void> {
    const claim = await deps.engine.claimAutoTopUp({ tenantId, customerId });
    if (!claim.claimed) return;
    // A throw (Stripe unreachable) leaves the attempt pending and in flight: `retryStale` charges it again.
    await charge({ ...claim.attempt });
  }

  function runFor(tenantId: string, customerId: string): Promise<void> {
    const key = `${tenantId}\n${customerId}`;
    const current = running.get(key);
    if (current !== undefined) {
      current.again = true;
      return current.done;
    }
    const entry = { again: false, done: Promise.resolve() };
    entry.done = (async () => {
      try {
        do {
          entry.again = false;
          await runOnce(tenantId, customerId).catch((error: unknown) => log(error, 'auto top-up failed'));
        } while (entry.again);
      } finally {
        running.delete(key);
      }
    })();
    running.set(key, entry);
    return entry.done;
  }

  return {
    async afterMoney(tenantId, customerId, available) {
      const state = await deps.engine.peekAutoTopUp(tenantId, customerId);
      if (state === null) return null;
      if (
        state.status === 'active' &&
        !state.inFlight &&
        state.threshold !== null &&
        available < state.threshold
      )
        void runFor(tenantId, customerId);
      return state;
    },
    runFor,
    async retryStale() {
      const stale = await deps.engine.listStaleAutoTopUps(STALE_ATTEMPT_MS);
      for (const claim of stale)
        await charge(claim).catch((error: unknown) => log(error, 'auto top-up retry failed'));
      return stale.length;
    },
    async drain() {
      while (running.size > 0) await Promise.all([...running.values()].map((entry) => entry.done));
    },
  };
}
