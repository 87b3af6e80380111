/**
 * Idempotent use cases: the same (tenant, key) with the same input answers the first answer
 * (a failure too); with a different input, `idempotency_conflict`. A success is recorded in
 * the same transaction as its effects. A failure's writes are rolled back by the store, so
 * it is recorded by a second small transaction; if another request with the key won in
 * between, its answer is the one answered.
 */
import { serializeCanonical } from '../domain/canonical.ts';
import { type ErrorCode, fail, type Result } from '../domain/errors.ts';
import { settleDeferredWrites } from '../store/deferred-writes.ts';
import type { StoreTx, WriteScope } from '../store/store.ts';
import type { IdempotencyRow } from '../store/types.ts';
import { type EngineContext, hashText } from './context.ts';
import { describeRequestDifference } from './request-difference.ts';
import { runUseCase } from './transaction.ts';
import { validateKey } from './validate.ts';

/**
 * Refusals that say "not now" rather than "no": a retry with the same key after `Retry-After`
 * must be tried again, not answered the refusal for 24 hours (Stripe does not keep 429s either).
 */
const UNRECORDED: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['rate_limited', 'quota_exceeded']);

export interface IdempotentCall {
  readonly tenantId: string;
  readonly idempotencyKey: string;
  readonly operation: string;
  /** The request as given (hashed canonically, key excluded). */
  readonly input: unknown;
  readonly customerIds?: readonly string[];
  /** The hold whose customer to lock (commit, void). */
  readonly holdId?: string;
}

/** The canonical text of a call's request; its hash is what replays compare. */
function serializeRequest(call: IdempotentCall): string {
  return serializeCanonical({ operation: call.operation, input: call.input });
}

/** The recorded answer, or a conflict saying what differs when `request` is another one. */
function replay<T>(row: IdempotencyRow, operation: string, hash: string, request: string): Result<T> {
  if (row.requestHash !== hash) {
    const difference = describeRequestDifference(row.request, request);
    return fail(
      'idempotency_conflict',
      `idempotency key was first used for a different ${row.operation} request${difference === null ? '' : `: ${difference}`}`,
      'idempotency_key',
      {
        operation: row.operation,
        requested: operation,
        ...(difference === null ? {} : { difference }),
      },
    );
  }
  return JSON.parse(row.answer) as Result<T>;
}

async function findLive(ctx: EngineContext, tx: StoreTx, tenantId: string, key: string) {
  const row = await tx.idempotency.get(tenantId, key);
  if (row === null) return null;
  if (row.expiresAt > ctx.now()) return row;
  await tx.idempotency.deleteOne(tenantId, key);
  return null;
}

function record(
  ctx: EngineContext,
  call: IdempotentCall,
  hash: string,
  answer: Result<unknown>,
  request: string,
): IdempotencyRow {
  const now = ctx.now();
  return {
    tenantId: call.tenantId,
    key: call.idempotencyKey,
    operation: call.operation,
    requestHash: hash,
    request,
    answer: JSON.stringify(answer),
    createdAt: now,
    expiresAt: now + ctx.idempotencyTtlMs,
  };
}

/** Runs `fn` once per idempotency key, in one write transaction with its record. */
export async function runIdempotent<T>(
  ctx: EngineContext,
  call: IdempotentCall,
  fn: (tx: StoreTx) => Promise<Result<T>>,
): Promise<Result<T>> {
  const keyCheck = validateKey(call.idempotencyKey);
  if (!keyCheck.ok) return keyCheck;
  const request = serializeRequest(call);
  const hash = hashText(request);
  const scope: WriteScope = {
    tenantId: call.tenantId,
    idempotencyKey: call.idempotencyKey,
    ...(call.customerIds ? { customerIds: call.customerIds } : {}),
    ...(call.holdId === undefined ? {} : { holdId: call.holdId }),
  };
  let replayed = false;
  const first = await runUseCase(ctx, scope, async (tx) => {
    replayed = false; // a store may run this more than once
    const existing = await findLive(ctx, tx, call.tenantId, call.idempotencyKey);
    if (existing !== null) {
      replayed = true;
      return replay<T>(existing, call.operation, hash, request);
    }
    const result = await fn(tx);
    if (!result.ok) return result;
    // The record goes out with whatever writes the use case deferred: one round trip for both.
    const [recorded] = await Promise.all([
      tx.idempotency.insert(record(ctx, call, hash, result, request)),
      settleDeferredWrites(tx),
    ]);
    if (!recorded) {
      // Another transaction recorded this key after we looked: roll back, and the store's
      // retry (or the caller) finds its answer. The key lock makes this unreachable.
      throw new Error(`idempotency key ${call.idempotencyKey} was recorded concurrently`);
    }
    return result;
  });
  if (first.ok || replayed || UNRECORDED.has(first.error.code)) return first;
  // The refusal is recorded, not rolled back: this write answers it without a `Rollback`.
  return ctx.store.write<Result<T>>(scope, async (tx) => {
    const existing = await findLive(ctx, tx, call.tenantId, call.idempotencyKey);
    if (existing !== null) return replay<T>(existing, call.operation, hash, request);
    if (!(await tx.idempotency.insert(record(ctx, call, hash, first, request)))) {
      throw new Error(`idempotency key ${call.idempotencyKey} was recorded concurrently`);
    }
    return first;
  });
}

/**
 * Idempotency for a call whose effect is outside the store (a Stripe Checkout session, made
 * with Stripe's own idempotency key): a recorded answer is replayed (or is a conflict); else
 * `produce` runs outside any transaction, and the first answer recorded for the key is the
 * one every caller gets, so concurrent requests answer alike and a different body conflicts.
 * A throw from `produce` records nothing, so a retry can succeed.
 */
export async function runIdempotentOutside<T>(
  ctx: EngineContext,
  call: IdempotentCall,
  produce: () => Promise<Result<T>>,
): Promise<Result<T>> {
  const keyCheck = validateKey(call.idempotencyKey);
  if (!keyCheck.ok) return keyCheck;
  const request = serializeRequest(call);
  const hash = hashText(request);
  const seen = await ctx.store.read((tx) => tx.idempotency.get(call.tenantId, call.idempotencyKey));
  if (seen !== null && seen.expiresAt > ctx.now()) return replay<T>(seen, call.operation, hash, request);
  const answer = await produce();
  const scope: WriteScope = { tenantId: call.tenantId, idempotencyKey: call.idempotencyKey };
  return ctx.store.write<Result<T>>(scope, async (tx) => {
    const existing = await findLive(ctx, tx, call.tenantId, call.idempotencyKey);
    if (existing !== null) return replay<T>(existing, call.operation, hash, request);
    await tx.idempotency.insert(record(ctx, call, hash, answer, request));
    return answer;
  });
}
