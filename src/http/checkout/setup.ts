/**
 * How one tenant takes payments, as the checkout and webhook routes need it: the tenant's
 * catalog and its resolved Stripe setup (its own keys, else the environment's
 * `STRIPE_SECRET_KEY` / `STRIPE_WEBHOOK_SECRET` from `Config`, else offline test mode with
 * its local signing secret). SDK clients are cached per key, so a request does not build one.
 */
import type { Catalog } from '../../domain/catalog.ts';
import { ok, type Result } from '../../domain/errors.ts';
import type { Engine } from '../../engine/engine.ts';
import { createStripeClient, resolveStripeSetup, type StripeSetup } from '../../payments/stripe.ts';
import type { AppDeps } from '../route.ts';

export interface TenantPayments {
  readonly tenantId: string;
  readonly catalog: Catalog;
  readonly setup: StripeSetup;
}

/** Tenants whose local signing secret is being made right now, so two requests make one. */
const making = new Map<string, Promise<Result<string>>>();

/**
 * The tenant's local `whsec_` secret. Tenants made by `tenant create` or `serve` have one;
 * a tenant saved without keys (the studio's demo tenants in tests) gets one on first use.
 */
async function loadLocalSecret(engine: Engine, tenantId: string): Promise<Result<string>> {
  const keys = await engine.loadStripeKeys(tenantId);
  if (keys !== null) return ok(keys.localWebhookSecret);
  let pending = making.get(tenantId);
  if (pending === undefined) {
    pending = engine
      .saveStripeKeys(tenantId, { stripeSecretKey: null, stripeWebhookSecret: null })
      .then((saved) => (saved.ok ? ok(saved.value.localWebhookSecret) : saved))
      .finally(() => making.delete(tenantId));
    making.set(tenantId, pending);
  }
  return pending;
}

/**
 * The tenant's catalog and payment setup; `not_found` (field `tenant`) for an unknown tenant.
 * Stored keys are read on every call, so a key change takes effect at once.
 */
export async function loadTenantPayments(deps: AppDeps, tenantId: string): Promise<Result<TenantPayments>> {
  const catalog = await deps.engine.readCatalog(tenantId);
  if (!catalog.ok) return catalog;
  const keys = await deps.engine.loadStripeKeys(tenantId);
  const local = keys === null ? await loadLocalSecret(deps.engine, tenantId) : ok(keys.localWebhookSecret);
  if (!local.ok) return local;
  const setup = resolveStripeSetup(
    {
      stripeSecretKey: keys?.stripeSecretKey ?? null,
      stripeWebhookSecret: keys?.stripeWebhookSecret ?? null,
      localWebhookSecret: local.value,
    },
    deps.config,
  );
  return ok({ tenantId, catalog: catalog.value.catalog, setup });
}

/** A Stripe SDK client (typed without importing the SDK: only `src/payments` may). */
export type StripeClient = ReturnType<typeof createStripeClient>;

const CLIENTS_MAX = 100;
const clients = new Map<string, StripeClient>();

/** An SDK client for a tenant in Stripe mode (one per secret key and API base). */
export function stripeClientFor(setup: Extract<StripeSetup, { mode: 'stripe' }>): StripeClient {
  const key = `${setup.apiBase ?? ''}\n${setup.secretKey}`;
  let client = clients.get(key);
  if (client === undefined) {
    if (clients.size >= CLIENTS_MAX) clients.clear();
    client = createStripeClient({ secretKey: setup.secretKey, apiBase: setup.apiBase });
    clients.set(key, client);
  }
  return client;
}
