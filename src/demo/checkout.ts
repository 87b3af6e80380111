/**
 * The studio's offline test checkout. Buying a pack (or a plan) builds the events a real Stripe
 * Checkout would send, signs them with the demo tenant's local secret (`createTestCheckout`)
 * and puts them through the same verify → translate → ledger path as real webhooks
 * (`handleStripeWebhook`), so the credits arrive the way they would in production — from the
 * verified event, never from the return URL. Pending checkouts live in memory: demo only.
 */
import { randomUUID } from 'node:crypto';
import type { Catalog } from '../domain/catalog.ts';
import { findPack, findPlan } from '../domain/catalog.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import type { Engine } from '../engine/engine.ts';
import type { CheckoutItem } from '../payments/checkout.ts';
import { handleStripeWebhook } from '../payments/handle-webhook.ts';
import type { PaymentLedgerPort } from '../payments/ledger-port.ts';
import { createTestCheckout, TEST_MODE_NOTICE } from '../payments/test-checkout.ts';
import { createDemoLedgerPort } from './payment-port.ts';

export interface PendingCheckout {
  readonly id: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly catalog: Catalog;
  readonly item: CheckoutItem;
  readonly returnPath: string;
  readonly createdAt: number;
  completed: boolean;
}

/** What the test checkout page shows. */
export interface CheckoutSummary {
  readonly name: string;
  readonly credits: number;
  readonly priceCents: number;
  readonly recurring: boolean;
  readonly notice: string;
}

const MAX_PENDING = 1000;

/** Keeps a return URL inside the studio, so the checkout cannot be used to redirect elsewhere. */
export function sanitizeReturnPath(returnUrl: string | undefined): string {
  try {
    const url = new URL(returnUrl ?? '/studio/', 'http://studio.invalid');
    return url.pathname.startsWith('/studio') ? `${url.pathname}${url.search}` : '/studio/';
  } catch {
    return '/studio/';
  }
}

/** Adds a `checkout=` flag to the studio page the customer goes back to. */
export function buildReturnUrl(path: string, outcome: 'success' | 'cancelled'): string {
  const url = new URL(path, 'http://studio.invalid');
  url.searchParams.set('checkout', outcome);
  return `${url.pathname}${url.search}`;
}

/** The pending test checkouts of one server process. */
export function createDemoCheckouts(engine: Engine, now: () => number) {
  const pending = new Map<string, PendingCheckout>();
  const port: PaymentLedgerPort =
    'applyPaymentCommand' in engine ? (engine as unknown as PaymentLedgerPort) : createDemoLedgerPort(engine);

  async function loadWebhookSecret(tenantId: string): Promise<Result<string>> {
    const keys = await engine.loadStripeKeys(tenantId);
    if (keys !== null) return ok(keys.localWebhookSecret);
    const saved = await engine.saveStripeKeys(tenantId, { stripeSecretKey: null, stripeWebhookSecret: null });
    return saved.ok ? ok(saved.value.localWebhookSecret) : saved;
  }

  return {
    /** Starts a checkout for a pack or plan; answers its id for the test checkout page. */
    start(input: Omit<PendingCheckout, 'id' | 'createdAt' | 'completed'>): Result<PendingCheckout> {
      const known =
        'pack' in input.item
          ? findPack(input.catalog, input.item.pack)
          : findPlan(input.catalog, input.item.plan);
      if (known === undefined)
        return fail(
          'not_found',
          'no such pack or plan in the catalog',
          'pack' in input.item ? 'pack' : 'plan',
        );
      if (pending.size >= MAX_PENDING) pending.delete(pending.keys().next().value as string);
      const checkout: PendingCheckout = {
        ...input,
        id: `demo_cs_${randomUUID()}`,
        createdAt: now(),
        completed: false,
      };
      pending.set(checkout.id, checkout);
      return ok(checkout);
    },

    find(id: string): PendingCheckout | undefined {
      return pending.get(id);
    },

    /** What is being bought, for the page. */
    describe(checkout: PendingCheckout): CheckoutSummary {
      const item = checkout.item;
      if ('pack' in item) {
        const pack = findPack(checkout.catalog, item.pack);
        return {
          name: pack?.name ?? item.pack,
          credits: pack?.credits ?? 0,
          priceCents: pack?.priceCents ?? 0,
          recurring: false,
          notice: TEST_MODE_NOTICE,
        };
      }
      const plan = findPlan(checkout.catalog, item.plan);
      return {
        name: plan?.name ?? item.plan,
        credits: plan?.monthlyCredits ?? 0,
        priceCents: plan?.priceCents ?? 0,
        recurring: true,
        notice: TEST_MODE_NOTICE,
      };
    },

    /** "Pays": signs the checkout's events and delivers them through the Stripe webhook path. Once. */
    async complete(checkout: PendingCheckout): Promise<Result<{ returnUrl: string }>> {
      if (checkout.completed) return ok({ returnUrl: buildReturnUrl(checkout.returnPath, 'success') });
      const secret = await loadWebhookSecret(checkout.tenantId);
      if (!secret.ok) return secret;
      const built = createTestCheckout({
        tenantId: checkout.tenantId,
        catalog: checkout.catalog,
        customer: { id: checkout.customerId, stripeCustomerId: null },
        item: checkout.item,
        webhookSecret: secret.value,
        now: now(),
      });
      if (!built.ok) return built;
      for (const delivery of built.value.deliveries) {
        const handled = await handleStripeWebhook(
          {
            tenantId: checkout.tenantId,
            rawBody: delivery.payload,
            signatureHeader: delivery.signatureHeader,
            webhookSecret: secret.value,
            catalog: checkout.catalog,
            now: now(),
          },
          port,
        );
        if (!handled.ok) return handled;
      }
      checkout.completed = true;
      return ok({ returnUrl: buildReturnUrl(checkout.returnPath, 'success') });
    },
  };
}

export type DemoCheckouts = ReturnType<typeof createDemoCheckouts>;
