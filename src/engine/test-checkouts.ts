/**
 * Offline TEST MODE checkouts, kept in the database (migration 190) so a restart or another
 * process can serve and pay them. Opening one with a request key already used answers the
 * checkout made the first time (a retried `POST /v1/checkout`), as Stripe answers the same
 * session. Nothing here grants credits: paying signs events that go through the Stripe webhook
 * route like real ones.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { ok, type Result } from '../domain/errors.ts';
import type { TestCheckoutRow } from '../store/types.ts';
import type { EngineContext } from './context.ts';
import { runUseCase } from './transaction.ts';

/** How long a test checkout can be paid, as a Stripe Checkout Session (24 hours). */
export const TEST_CHECKOUT_TTL_MS = 24 * 60 * 60 * 1000;
/** Expired checkouts forgotten per opening: a small batch, so opening stays cheap. */
const PRUNE_BATCH = 50;

export interface OpenTestCheckoutInput {
  readonly tenantId: string;
  readonly customerId: string;
  /** The pack or plan, as JSON. */
  readonly item: string;
  readonly successUrl: string;
  readonly cancelUrl: string;
  /** Scoped to tenant, customer and Idempotency-Key by the caller. */
  readonly requestKey: string;
}

/** Opens a test checkout, or answers the live one opened with the same request key. */
export async function openTestCheckout(
  ctx: EngineContext,
  input: OpenTestCheckoutInput,
): Promise<Result<TestCheckoutRow>> {
  // Scoped by the request key: on PostgreSQL, concurrent retries of one request serialize on it,
  // so the later ones find the checkout the first one made instead of colliding on its key.
  return runUseCase(ctx, { tenantId: input.tenantId, idempotencyKey: input.requestKey }, async (tx) => {
    const now = ctx.now();
    const earlier = await tx.testCheckouts.findByRequest(input.requestKey);
    if (earlier !== null && earlier.expiresAt > now) return ok(earlier);
    if (earlier !== null) await tx.testCheckouts.deleteOne(earlier.id);
    await tx.testCheckouts.deleteExpired(now, PRUNE_BATCH);
    const row: TestCheckoutRow = {
      ...input,
      id: `tc_test_${randomUUID().replaceAll('-', '')}`,
      secret: `tcs_${randomBytes(24).toString('base64url')}`,
      createdAt: now,
      expiresAt: now + TEST_CHECKOUT_TTL_MS,
      paidAt: null,
    };
    if (!(await tx.testCheckouts.insert(row))) throw new Error('test checkout request key taken twice');
    return ok(row);
  });
}

/** The checkout, or null when unknown or expired. */
export async function findTestCheckout(ctx: EngineContext, id: string): Promise<TestCheckoutRow | null> {
  const row = await ctx.store.read((tx) => tx.testCheckouts.get(id));
  return row === null || row.expiresAt <= ctx.now() ? null : row;
}

/** Notes that a checkout was paid (the first time counts), so its page says so. */
export async function markTestCheckoutPaid(
  ctx: EngineContext,
  checkout: { readonly id: string; readonly tenantId: string },
): Promise<Result<true>> {
  return runUseCase(ctx, { tenantId: checkout.tenantId }, async (tx) => {
    await tx.testCheckouts.markPaid(checkout.id, ctx.now());
    return ok(true as const);
  });
}
