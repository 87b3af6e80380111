/**
 * Attributing Stripe objects to Tollgate tenants and customers. Every object Tollgate makes
 * at Stripe (customer, Checkout Session, its PaymentIntent, its subscription) carries the same
 * metadata, and the session also carries our customer id as `client_reference_id`, so every
 * event that comes back names the tenant and the customer it belongs to without a lookup.
 */
import { readId, readRecord, readString } from './stripe-object.ts';

/** Metadata keys Tollgate writes on Stripe objects. */
export const MetadataKey = {
  tenantId: 'tollgate_tenant_id',
  customerId: 'tollgate_customer_id',
  packId: 'tollgate_pack_id',
  planId: 'tollgate_plan_id',
  catalogVersion: 'tollgate_catalog_version',
  testMode: 'tollgate_test_mode',
  /** On an auto top-up's PaymentIntent: Tollgate's attempt id (issue 17 item 1). */
  autoTopUp: 'tollgate_auto_top_up',
  /** On a setup-mode Checkout's SetupIntent: what the card is saved for (`auto_top_up`). */
  purpose: 'tollgate_purpose',
} as const;

/** Who an object belongs to on our side. */
export interface CustomerRef {
  readonly tenantId: string | null;
  readonly customerId: string | null;
}

/** The metadata that ties a Stripe object to a tenant's customer. */
export function buildCustomerMetadata(tenantId: string, customerId: string): Record<string, string> {
  return { [MetadataKey.tenantId]: tenantId, [MetadataKey.customerId]: customerId };
}

/**
 * Reads the tenant and customer a Stripe object belongs to: `client_reference_id` first (set
 * by us on Checkout Sessions), then `metadata`, then the snapshot of subscription metadata an
 * invoice carries (`parent.subscription_details.metadata`, older `subscription_details`).
 */
export function readCustomerRef(object: unknown): CustomerRef {
  const metadata = readObjectMetadata(object);
  const customerId =
    readString(object, 'client_reference_id') ?? readString(metadata, MetadataKey.customerId) ?? null;
  const tenantId = readString(metadata, MetadataKey.tenantId) ?? null;
  return { tenantId, customerId };
}

/**
 * The metadata that speaks for an object: its own when it has Tollgate keys, else the
 * subscription metadata snapshot an invoice carries.
 */
export function readObjectMetadata(object: unknown): Record<string, unknown> {
  const own = readRecord(object, 'metadata') ?? {};
  if (readString(own, MetadataKey.customerId) !== undefined) return own;
  const parent = readRecord(readRecord(object, 'parent'), 'subscription_details');
  const legacy = readRecord(object, 'subscription_details');
  return readRecord(parent, 'metadata') ?? readRecord(legacy, 'metadata') ?? own;
}

/**
 * Whether an event's object belongs to another tenant. Tenants on the environment's default
 * keys share one Stripe account, so one tenant's endpoint can receive another's events.
 */
export function belongsToOtherTenant(ref: CustomerRef, tenantId: string | undefined): boolean {
  return tenantId !== undefined && ref.tenantId !== null && ref.tenantId !== tenantId;
}

/** The Stripe customer id of an object whose `customer` is an id or an expanded customer. */
export function readStripeCustomerId(object: unknown): string | null {
  return readId(object, 'customer') ?? null;
}
