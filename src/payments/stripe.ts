/**
 * Making Stripe SDK clients. Each tenant has its own Stripe keys (the environment's keys are
 * the default for tenants created without them); with no secret key at all the tenant runs
 * in offline test mode (`test-checkout.ts`). `src/payments/` is the only code that imports
 * the Stripe SDK.
 */
import { randomBytes } from 'node:crypto';
import Stripe from 'stripe';
import type { Config } from '../config.ts';

/** The Stripe settings stored on a tenant; null = use the environment's default. */
export interface TenantStripeKeys {
  readonly stripeSecretKey: string | null;
  readonly stripeWebhookSecret: string | null;
  /** Secret the tenant's offline test checkout signs its own events with (`whsec_...`). */
  readonly localWebhookSecret: string;
}

/** How a tenant takes payments: through Stripe, or the offline test checkout. */
export type StripeSetup =
  | {
      readonly mode: 'stripe';
      readonly secretKey: string;
      /** Null when the operator set a key but no signing secret: every webhook is then refused. */
      readonly webhookSecret: string | null;
      readonly apiBase: string | null;
    }
  | { readonly mode: 'test'; readonly webhookSecret: string };

/** Where the SDK sends requests, as its `host`, `port` and `protocol` settings. */
export interface StripeEndpoint {
  readonly host: string;
  readonly port: number;
  readonly protocol: 'http' | 'https';
}

/**
 * Picks a tenant's Stripe keys: its own, else the environment's, else offline test mode.
 * A tenant's own secret key always comes with its own signing secret (they belong to one
 * Stripe account), so the two are never mixed across sources.
 */
export function resolveStripeSetup(
  tenant: TenantStripeKeys,
  config: Pick<Config, 'stripeSecretKey' | 'stripeWebhookSecret' | 'stripeApiBase'>,
): StripeSetup {
  if (tenant.stripeSecretKey !== null) {
    return {
      mode: 'stripe',
      secretKey: tenant.stripeSecretKey,
      webhookSecret: tenant.stripeWebhookSecret,
      apiBase: config.stripeApiBase,
    };
  }
  if (config.stripeSecretKey !== null) {
    return {
      mode: 'stripe',
      secretKey: config.stripeSecretKey,
      webhookSecret: config.stripeWebhookSecret,
      apiBase: config.stripeApiBase,
    };
  }
  return { mode: 'test', webhookSecret: tenant.localWebhookSecret };
}

/** Turns `STRIPE_API_BASE` (`http://127.0.0.1:12111`) into the SDK's host, port and protocol. */
export function parseStripeApiBase(apiBase: string): StripeEndpoint {
  const url = new URL(apiBase);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  const port = url.port === '' ? (protocol === 'http' ? 80 : 443) : Number(url.port);
  return { host: url.hostname, port, protocol };
}

/**
 * Makes an SDK client for one secret key, pointed at `apiBase` when set (a local fake in
 * tests, stripe-mock in development). Telemetry is off: Tollgate sends nothing it does not need.
 */
export function createStripeClient(options: {
  readonly secretKey: string;
  readonly apiBase: string | null;
  readonly maxNetworkRetries?: number;
  readonly timeoutMs?: number;
}): Stripe {
  const endpoint = options.apiBase === null ? null : parseStripeApiBase(options.apiBase);
  return new Stripe(options.secretKey, {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    telemetry: false,
    appInfo: { name: 'Tollgate' },
    ...(endpoint === null ? {} : { host: endpoint.host, port: endpoint.port, protocol: endpoint.protocol }),
  });
}

/** A fresh signing secret for a tenant's offline test checkout, in Stripe's `whsec_` format. */
export function generateLocalWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('hex')}`;
}
