/**
 * Authorize and void. Authorize, in one transaction: loads the settled customer, asks
 * `decideAuthorize` (domain/authorize.ts: entitlement, hold cap, quotas, credits or a parent's
 * budget) and applies the plan it answers: the quota takes and the hold. A quote asks the same
 * decision without applying it. Void releases the credits and the quota.
 */

import { decideAuthorize, findShortfall } from '../domain/authorize.ts';
import type { Catalog } from '../domain/catalog.ts';
import { describeEntitlements } from '../domain/entitlements.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import type { GenerationParams, Quote } from '../domain/pricing.ts';
import type { Warning } from '../domain/warnings.ts';
import { deferWrites } from '../store/deferred-writes.ts';
import type { StoreTx } from '../store/store.ts';
import type { HoldRow } from '../store/types.ts';
import { admitKeyRequest } from './api-key-gate.ts';
import { loadAuthorizeView, saveQuotaTakes } from './authorize-view.ts';
import { type EngineContext, loadCatalogVersion, loadTenantCatalog } from './context.ts';
import { buildChildHold, drawFromParent, openParentHold } from './hold-budgets.ts';
import { runIdempotent } from './idempotency.ts';
import { type ActiveHolds, type CustomerState, describeBalance, endHold } from './ledger.ts';
import { openCustomer } from './open-customer.ts';
import { presentHold } from './present.ts';
import { findCustomerPlan } from './quotas.ts';
import { askedAlternatives, suggestForCustomer, validateMaxAlternatives } from './suggestions.ts';
import { openGeneration } from './tenant-customer.ts';
import type { AuthorizeInput, AuthorizeResult, VoidInput, VoidResult } from './types.ts';
import { firstFailure, validateId } from './validate.ts';
import { fireWarnings } from './warnings.ts';

const MAX_TTL_SECONDS = 7 * 86_400;

/** Checks the parts of a hold request that need no data. */
export function validateHoldRequest(input: {
  customerId: unknown;
  modelId: unknown;
  params: unknown;
  ttlSeconds?: unknown;
  jobId?: unknown;
  metadata?: unknown;
  maxAlternatives?: unknown;
  parentHold?: unknown;
}): Result<never> | null {
  const ttl = input.ttlSeconds;
  const ttlOk =
    ttl === undefined ||
    (typeof ttl === 'number' && Number.isInteger(ttl) && ttl > 0 && ttl <= MAX_TTL_SECONDS);
  return firstFailure(
    validateId(input.customerId, 'customer'),
    validateId(input.modelId, 'model'),
    typeof input.params === 'object' && input.params !== null && !Array.isArray(input.params)
      ? ok(true)
      : fail('invalid_request', 'params must be an object', 'params'),
    ttlOk
      ? ok(true)
      : fail('invalid_request', `ttl_seconds must be an integer 1-${MAX_TTL_SECONDS}`, 'ttl_seconds'),
    validateJobId(input.jobId),
    validateMetadata(input.metadata),
    validateMaxAlternatives(input.maxAlternatives),
    input.parentHold === undefined ? ok(true) : validateId(input.parentHold, 'parent_hold'),
  );
}

const MAX_JOB_ID = 200;
const MAX_METADATA_KEYS = 20;
const MAX_METADATA_KEY = 40;
const MAX_METADATA_VALUE = 500;

function validateJobId(jobId: unknown): Result<true> {
  if (jobId === undefined || jobId === null) return ok(true);
  return typeof jobId === 'string' && jobId.length > 0 && jobId.length <= MAX_JOB_ID
    ? ok(true)
    : fail('invalid_request', `job_id must be a string of 1-${MAX_JOB_ID} characters`, 'job_id');
}

/** Metadata as Stripe takes it: at most 20 string values under keys of at most 40 characters. */
function validateMetadata(metadata: unknown): Result<true> {
  if (metadata === undefined || metadata === null) return ok(true);
  if (typeof metadata !== 'object' || Array.isArray(metadata))
    return fail('invalid_request', 'metadata must be an object of strings', 'metadata');
  const entries = Object.entries(metadata);
  if (entries.length > MAX_METADATA_KEYS)
    return fail('invalid_request', `metadata takes at most ${MAX_METADATA_KEYS} keys`, 'metadata');
  for (const [key, value] of entries) {
    if (key.length === 0 || key.length > MAX_METADATA_KEY)
      return fail('invalid_request', `metadata keys are 1-${MAX_METADATA_KEY} characters`, `metadata.${key}`);
    if (typeof value !== 'string' || value.length > MAX_METADATA_VALUE)
      return fail(
        'invalid_request',
        `metadata values are strings of at most ${MAX_METADATA_VALUE} characters`,
        `metadata.${key}`,
      );
  }
  return ok(true);
}

/** Places a hold for a priced request on a locked customer, or answers a typed refusal. */
export async function placeHold(
  ctx: EngineContext,
  tx: StoreTx,
  state: CustomerState,
  catalog: Catalog,
  quote: Quote,
  params: GenerationParams,
  ttlSeconds: number,
  notes: {
    readonly jobId?: string | null;
    readonly metadata?: Readonly<Record<string, string>> | null;
    readonly apiKeyId?: string | null;
    /** Suggestions an `insufficient_credits` refusal carries (default 3). */
    readonly maxAlternatives?: number;
    /** An active parent hold (read under the lock) to draw from instead of from lots. */
    readonly parent?: HoldRow;
  } = {},
): Promise<Result<{ hold: HoldRow; warnings: Warning[] }>> {
  const now = ctx.now();
  const plan = findCustomerPlan(catalog, state.customer.planId);
  const parent = notes.parent ?? null;
  const view = await loadAuthorizeView(ctx, tx, state, catalog, quote, ttlSeconds, parent);
  const decided = decideAuthorize(view);
  if (!decided.ok) {
    if (decided.error.code !== 'insufficient_credits' || parent !== null) return decided;
    // Cheaper models this customer can afford now: a hold of theirs covers the same time.
    const shortfall = findShortfall(decided, quote.credits);
    const alternatives = await suggestForCustomer(
      ctx,
      tx,
      { tenantId: state.tenantId, customerId: state.customer.id, plan },
      catalog,
      { modelId: quote.modelId, params },
      {
        ...(notes.maxAlternatives === undefined ? {} : { max: notes.maxAlternatives }),
        spendable: quote.credits - shortfall,
      },
    );
    const { error } = decided;
    return fail(error.code, error.message, error.param, { ...error.details, alternatives });
  }
  const { expiresAt } = decided.value;
  const quotaTakes = await saveQuotaTakes(tx, state, decided.value.quotas);
  if (parent !== null) {
    const child = buildChildHold(ctx, state, plan, quote, params, expiresAt, parent, quotaTakes, notes);
    const [inserted] = await Promise.all([tx.holds.insert(child), drawFromParent(tx, parent, quote.credits)]);
    if (!inserted) return refuseTakenJob(tx, child);
    if (state.activeHolds !== null) state.activeHolds.count += 1;
    return ok({ hold: child, warnings: [] }); // the customer's available did not change
  }
  const hold: HoldRow = {
    tenantId: state.tenantId,
    id: ctx.newId(),
    customerId: state.customer.id,
    modelId: quote.modelId,
    params: params as Record<string, unknown>,
    credits: quote.credits,
    quote: quote as unknown as Record<string, unknown>,
    catalogVersion: quote.catalogVersion,
    status: 'active',
    expiresAt,
    quotaTakes,
    chargeId: null,
    createdAt: now,
    endedAt: null,
    jobId: notes.jobId ?? null,
    metadata: notes.metadata ?? null,
    entitlements: describeEntitlements(plan),
    apiKeyId: notes.apiKeyId ?? null,
    placedCredits: quote.credits,
  };
  const written = Promise.all([
    tx.holds.insert(hold),
    tx.customers.addFigures(state.tenantId, state.customer.id, 0, quote.credits, true),
  ]).then(([inserted, held]) => {
    if (inserted && !held) {
      throw new Error(`hold ${hold.id} would take customer ${state.customer.id} below the overdraft limit`);
    }
    return inserted;
  });
  // Only a job id can make the insert refuse (it names another hold): without one, nothing
  // answered depends on the writes, so they go out with the idempotency record.
  if (hold.jobId === null) {
    deferWrites(
      tx,
      written.then((inserted) => {
        if (!inserted) throw new Error(`hold ${hold.id} was not inserted`);
      }),
    );
  } else if (!(await written)) return refuseTakenJob(tx, hold);
  state.held += quote.credits;
  const active = state.activeHolds as ActiveHolds; // read by loadAuthorizeView
  active.maxExpiresAt = Math.max(active.maxExpiresAt, expiresAt);
  active.count += 1;
  return ok({ hold, warnings: await fireWarnings(ctx, tx, state, catalog, plan, quote.credits) });
}

/**
 * The job id names another hold of the tenant (unique since migration 218); the caller's
 * refusal rolls back what this transaction wrote.
 */
async function refuseTakenJob(tx: StoreTx, hold: HoldRow) {
  const taken = hold.jobId == null ? null : await tx.holds.getByJob(hold.tenantId, hold.jobId);
  if (taken === null) throw new Error(`hold ${hold.id} was not inserted`);
  return fail('invalid_request', `job_id ${hold.jobId} already names hold ${taken.id}`, 'job_id', {
    hold: taken.id,
  });
}

/** Reserves credits for one generation: a hold, or a typed refusal. */
export async function authorize(ctx: EngineContext, input: AuthorizeInput): Promise<Result<AuthorizeResult>> {
  const invalid = validateHoldRequest(input);
  if (invalid !== null) return invalid;
  const { tenantId, customerId, modelId, params } = input;
  const notes = { jobId: input.jobId ?? null, metadata: input.metadata ?? null };
  const call = {
    customerId,
    modelId,
    params,
    ttlSeconds: input.ttlSeconds,
    ...notes,
    ...keyedBy(input.apiKeyId),
    ...askedAlternatives(input.maxAlternatives),
    ...(input.parentHold === undefined ? {} : { parentHold: input.parentHold }),
  };
  // A child locks its parent's customer by the parent hold (the customer named must be it).
  const scope = input.parentHold === undefined ? { customerIds: [customerId] } : { holdId: input.parentHold };
  return runIdempotent(ctx, { ...input, operation: 'authorize', input: call, ...scope }, async (tx) => {
    if (input.parentHold !== undefined) {
      const owner = await tx.holds.get(tenantId, input.parentHold);
      if (owner !== null && owner.customerId !== customerId)
        return fail(
          'invalid_request',
          `parent hold ${input.parentHold} belongs to another customer, not ${customerId}`,
          'parent_hold',
        );
    }
    const opened = await openGeneration(ctx, tx, { tenantId, customerId, modelId, params });
    if (!opened.ok) return opened;
    const { catalog, quote, state } = opened.value;
    const parent =
      input.parentHold === undefined
        ? null
        : await openParentHold(tx, tenantId, customerId, input.parentHold, input.apiKeyId);
    if (parent !== null && !parent.ok) return parent;
    if (input.apiKeyId !== undefined) {
      // A child's credits were counted against the key's cap when its parent was placed.
      const asked = parent === null ? quote.credits : 0;
      const admitted = await admitKeyRequest(ctx, tx, state, catalog, input.apiKeyId, asked);
      if (!admitted.ok) return admitted;
    }
    const ttl = input.ttlSeconds ?? catalog.holdTtlSeconds;
    const placed = await placeHold(ctx, tx, state, catalog, quote, params, ttl, {
      ...notes,
      apiKeyId: input.apiKeyId ?? null,
      ...askedAlternatives(input.maxAlternatives),
      ...(parent === null ? {} : { parent: parent.value }),
    });
    if (!placed.ok) return placed;
    const alternatives = await suggestForCustomer(
      ctx,
      tx,
      { tenantId, customerId, plan: findCustomerPlan(catalog, state.customer.planId) },
      catalog,
      { modelId, params },
      input.maxAlternatives === undefined ? {} : { max: input.maxAlternatives },
    );
    return ok({
      hold: presentHold(placed.value.hold),
      balance: describeBalance(state, ctx.now()),
      warnings: placed.value.warnings,
      alternatives,
    });
  });
}

/**
 * The idempotent request's words for the key that made it: none for a secret key (so those
 * requests hash as before), the key's id for a customer API key.
 */
export function keyedBy(apiKeyId: string | undefined): { apiKeyId?: string } {
  return apiKeyId === undefined ? {} : { apiKeyId };
}

/**
 * Loads a hold and its customer, settled; `not_found` if the tenant has no such hold, or when
 * a customer API key asks for a hold it did not place. The write's scope names the hold
 * (`holdId`), so its customer is locked before anything is read: the hold read here is
 * current on every store, and is read beside the tenant's catalog in one round trip.
 */
export async function openHold(
  ctx: EngineContext,
  tx: StoreTx,
  tenantId: string,
  holdId: string,
  apiKeyId?: string,
) {
  const [catalog, found] = await Promise.all([
    loadTenantCatalog(ctx, tx, tenantId),
    tx.holds.get(tenantId, holdId),
  ]);
  if (!catalog.ok) return catalog;
  if (found === null || (apiKeyId !== undefined && found.apiKeyId !== apiKeyId))
    return fail('not_found', `no hold ${holdId}`, 'hold');
  const opened = await openCustomer(ctx, tx, tenantId, found.customerId, catalog.value, { lotWindow: true });
  if (!opened.ok) return opened;
  // Opening the customer may have expired this very hold, or a child of it (which gave its
  // credits back): then it is read as it now stands.
  const expired = (opened.value.expiredHoldIds?.length ?? 0) > 0;
  const hold = expired ? ((await tx.holds.get(tenantId, holdId)) as HoldRow) : found;
  const holdCatalog = await loadCatalogVersion(ctx, tx, tenantId, hold.catalogVersion);
  return ok({ catalog: catalog.value, holdCatalog, state: opened.value, hold });
}

/** Releases a hold: its credits and its quota. A hold that already ended is refused. */
export async function voidHold(ctx: EngineContext, input: VoidInput): Promise<Result<VoidResult>> {
  const invalid = firstFailure(validateId(input.holdId, 'hold'));
  if (invalid !== null) return invalid;
  const call = { holdId: input.holdId, ...keyedBy(input.apiKeyId) };
  return runIdempotent(
    ctx,
    { ...input, operation: 'void', input: call, holdId: input.holdId },
    async (tx) => {
      const opened = await openHold(ctx, tx, input.tenantId, input.holdId, input.apiKeyId);
      if (!opened.ok) return opened;
      const { catalog, state, hold } = opened.value;
      if (!(await endHold(ctx, tx, state, catalog, hold, 'voided', null))) {
        return fail('hold_not_active', `hold ${hold.id} is ${hold.status}`, 'hold', { status: hold.status });
      }
      const ended = (await tx.holds.get(input.tenantId, hold.id)) as HoldRow;
      return ok({ hold: presentHold(ended), balance: describeBalance(state, ctx.now()) });
    },
  );
}
