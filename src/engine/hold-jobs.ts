/**
 * Holds that follow the provider's job (issue 17 item 2): extend an active hold while the job
 * runs (up to the catalog's `max_hold_seconds` from its creation), capture from it in parts
 * (each capture its own charge, the rest kept held; the final one commits the remainder), and
 * commit or void it by the provider's job id. Every write locks the hold's customer first
 * (`holdId` in the idempotent call) and reuses commit's and void's money code.
 */
import { fail, ok, type Result } from '../domain/errors.ts';
import type { GenerationParams } from '../domain/pricing.ts';
import type { HoldRow } from '../store/types.ts';
import { settleHold } from './commit.ts';
import type { EngineContext } from './context.ts';
import { keyedBy, openHold } from './holds.ts';
import { runIdempotent } from './idempotency.ts';
import { describeBalance, endHold } from './ledger.ts';
import { presentHold } from './present.ts';
import type { KeyScoped, Mutation, Receipt, VoidResult } from './types.ts';
import { firstFailure, validateId } from './validate.ts';

/** Longest a hold lives when its catalog was stored before `max_hold_seconds`. */
export const DEFAULT_MAX_HOLD_SECONDS = 86_400;
const MAX_JOB_ID = 200;

export interface ExtendInput extends Mutation, KeyScoped {
  readonly holdId: string;
  /** The hold's new time to live, from now. */
  readonly ttlSeconds: number;
}

export interface CaptureInput extends Mutation, KeyScoped {
  readonly holdId: string;
  /** Usage to charge now (same words as params). */
  readonly usage: GenerationParams;
  /** True charges this usage and ends the hold (a commit); false keeps the rest held. */
  readonly final: boolean;
}

export interface CaptureResult extends Receipt {
  readonly final: boolean;
  /** Credits still held by the hold after this capture (0 when final). */
  readonly creditsLeftHeld: number;
}

export interface JobCommitInput extends Mutation, KeyScoped {
  readonly jobId: string;
  readonly usage?: GenerationParams;
}

export interface JobVoidInput extends Mutation, KeyScoped {
  readonly jobId: string;
}

function validateUsageObject(usage: unknown, required: boolean): Result<true> {
  if (usage === undefined && !required) return ok(true);
  return typeof usage === 'object' && usage !== null && !Array.isArray(usage)
    ? ok(true)
    : fail('invalid_request', 'usage must be an object', 'usage');
}

function validateJobRef(jobId: unknown): Result<true> {
  return typeof jobId === 'string' && jobId.length > 0 && jobId.length <= MAX_JOB_ID
    ? ok(true)
    : fail('invalid_request', `job_id must be a string of 1-${MAX_JOB_ID} characters`, 'job_id');
}

function refuseEnded(hold: HoldRow) {
  return fail('hold_not_active', `hold ${hold.id} is ${hold.status}`, 'hold', { status: hold.status });
}

/**
 * Gives an active hold `ttl_seconds` more from now; never shortens it. Refused with
 * `invalid_request` naming `ttl_seconds` past the catalog's `max_hold_seconds` from creation.
 */
export async function extendHold(ctx: EngineContext, input: ExtendInput): Promise<Result<VoidResult>> {
  const ttl = input.ttlSeconds;
  const invalid = firstFailure(
    validateId(input.holdId, 'hold'),
    typeof ttl === 'number' && Number.isInteger(ttl) && ttl > 0
      ? ok(true)
      : fail('invalid_request', 'ttl_seconds must be a positive integer', 'ttl_seconds'),
  );
  if (invalid !== null) return invalid;
  const call = { holdId: input.holdId, ttlSeconds: ttl, ...keyedBy(input.apiKeyId) };
  return runIdempotent(
    ctx,
    { ...input, operation: 'extend', input: call, holdId: input.holdId },
    async (tx) => {
      const opened = await openHold(ctx, tx, input.tenantId, input.holdId, input.apiKeyId);
      if (!opened.ok) return opened;
      const { catalog, state, hold } = opened.value;
      if (hold.status !== 'active') return refuseEnded(hold);
      const now = ctx.now();
      const maxSeconds = catalog.maxHoldSeconds ?? DEFAULT_MAX_HOLD_SECONDS;
      const latest = hold.createdAt + maxSeconds * 1000;
      const wanted = now + ttl * 1000;
      if (wanted > latest) {
        return fail(
          'invalid_request',
          `ttl_seconds ${ttl} would keep hold ${hold.id} past max_hold_seconds (${maxSeconds}) from its creation; at most ${Math.floor((latest - now) / 1000)}`,
          'ttl_seconds',
          { max_hold_seconds: maxSeconds, max_ttl_seconds: Math.max(0, Math.floor((latest - now) / 1000)) },
        );
      }
      // A child never outlives the parent it draws from (issue 17 item 3).
      const parent = hold.parentHoldId == null ? null : await tx.holds.get(input.tenantId, hold.parentHoldId);
      if (parent !== null && wanted > parent.expiresAt) {
        const most = Math.max(0, Math.floor((parent.expiresAt - now) / 1000));
        return fail(
          'invalid_request',
          `ttl_seconds ${ttl} would keep hold ${hold.id} past its parent hold ${parent.id}; at most ${most}`,
          'ttl_seconds',
          { parent_hold: parent.id, max_ttl_seconds: most },
        );
      }
      let current = hold;
      if (wanted > hold.expiresAt) {
        if (!(await tx.holds.extend(input.tenantId, hold.id, wanted)))
          throw new Error(`hold ${hold.id} changed under its customer's lock`);
        current = { ...hold, expiresAt: wanted };
        if (state.activeHolds !== null)
          state.activeHolds.maxExpiresAt = Math.max(state.activeHolds.maxExpiresAt, wanted);
      }
      return ok({ hold: presentHold(current), balance: describeBalance(state, now) });
    },
  );
}

/** Charges usage from an active hold: in part (`final: false`) or the last time (`final: true`). */
export async function captureHold(ctx: EngineContext, input: CaptureInput): Promise<Result<CaptureResult>> {
  const invalid = firstFailure(
    validateId(input.holdId, 'hold'),
    validateUsageObject(input.usage, true),
    typeof input.final === 'boolean' ? ok(true) : fail('invalid_request', 'final must be a boolean', 'final'),
  );
  if (invalid !== null) return invalid;
  const call = {
    holdId: input.holdId,
    usage: input.usage,
    final: input.final,
    ...keyedBy(input.apiKeyId),
  };
  return runIdempotent(
    ctx,
    { ...input, operation: 'capture', input: call, holdId: input.holdId },
    async (tx) => {
      const opened = await openHold(ctx, tx, input.tenantId, input.holdId, input.apiKeyId);
      if (!opened.ok) return opened;
      const { catalog, holdCatalog, state, hold } = opened.value;
      if (hold.status !== 'active') return refuseEnded(hold);
      const receipt = await settleHold(ctx, tx, state, catalog, holdCatalog, hold, input.usage, undefined, {
        final: input.final,
      });
      if (!receipt.ok) return receipt;
      const left = input.final
        ? 0
        : Math.max(0, hold.credits - Math.min(receipt.value.creditsCharged, hold.credits));
      return ok({ ...receipt.value, final: input.final, creditsLeftHeld: left });
    },
  );
}

/** The hold a provider's job id names (a read: a job id never moves to another hold). */
async function findJobHold(ctx: EngineContext, tenantId: string, jobId: string): Promise<Result<HoldRow>> {
  const hold = await ctx.store.read((tx) => tx.holds.getByJob(tenantId, jobId));
  return hold === null ? fail('not_found', `no hold for job ${jobId}`, 'job_id') : ok(hold);
}

/** Commits the hold a provider's job id names, exactly as `POST /v1/holds/:id/commit`. */
export async function commitJob(ctx: EngineContext, input: JobCommitInput): Promise<Result<Receipt>> {
  const invalid = firstFailure(validateJobRef(input.jobId), validateUsageObject(input.usage, false));
  if (invalid !== null) return invalid;
  const found = await findJobHold(ctx, input.tenantId, input.jobId);
  if (!found.ok) return found;
  const holdId = found.value.id;
  const call = { jobId: input.jobId, usage: input.usage, ...keyedBy(input.apiKeyId) };
  return runIdempotent(ctx, { ...input, operation: 'job_commit', input: call, holdId }, async (tx) => {
    const opened = await openHold(ctx, tx, input.tenantId, holdId, input.apiKeyId);
    if (!opened.ok) return opened;
    const { catalog, holdCatalog, state, hold } = opened.value;
    return settleHold(ctx, tx, state, catalog, holdCatalog, hold, input.usage);
  });
}

/** Voids the hold a provider's job id names, exactly as `POST /v1/holds/:id/void`. */
export async function voidJob(ctx: EngineContext, input: JobVoidInput): Promise<Result<VoidResult>> {
  const invalid = validateJobRef(input.jobId);
  if (!invalid.ok) return invalid;
  const found = await findJobHold(ctx, input.tenantId, input.jobId);
  if (!found.ok) return found;
  const holdId = found.value.id;
  const call = { jobId: input.jobId, ...keyedBy(input.apiKeyId) };
  return runIdempotent(ctx, { ...input, operation: 'job_void', input: call, holdId }, async (tx) => {
    const opened = await openHold(ctx, tx, input.tenantId, holdId, input.apiKeyId);
    if (!opened.ok) return opened;
    const { catalog, state, hold } = opened.value;
    if (!(await endHold(ctx, tx, state, catalog, hold, 'voided', null))) return refuseEnded(hold);
    const ended = (await tx.holds.get(input.tenantId, hold.id)) as HoldRow;
    return ok({ hold: presentHold(ended), balance: describeBalance(state, ctx.now()) });
  });
}
