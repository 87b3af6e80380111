/**
 * Finding holds (issue 12 item 5): one by id, or a page of a tenant's holds by customer,
 * status and the provider's job id, newest first. Reads only; an expired hold still shows
 * `active` until a write or the sweep ends it, so each answer says `expired` for those past
 * their expiry.
 */
import { fail, ok, type Result } from '../domain/errors.ts';
import type { HoldStatus } from '../domain/holds.ts';
import type { HoldRow } from '../store/types.ts';
import type { EngineContext } from './context.ts';
import { presentHold } from './present.ts';
import type { HoldInfo } from './types.ts';
import { validateId } from './validate.ts';

export interface ListHoldsInput {
  readonly tenantId: string;
  readonly customerId?: string;
  readonly status?: HoldStatus;
  readonly jobId?: string;
  /** Only the children of this hold (an agent run's sub-agents). */
  readonly parentHold?: string;
  readonly cursor?: string | null;
  readonly limit?: number;
}

export interface HoldPage {
  readonly holds: readonly HoldInfo[];
  readonly nextCursor: string | null;
}

/** A hold as of `now`: an active hold past its expiry is answered as `expired`. */
function presentAt(hold: HoldRow, now: number): HoldInfo {
  const info = presentHold(hold);
  return info.status === 'active' && hold.expiresAt <= now ? { ...info, status: 'expired' } : info;
}

/** One hold of the tenant; `not_found` naming `hold` otherwise. */
export async function getHold(
  ctx: EngineContext,
  tenantId: string,
  holdId: string,
): Promise<Result<HoldInfo>> {
  const invalid = validateId(holdId, 'hold');
  if (!invalid.ok) return invalid;
  const hold = await ctx.store.read((tx) => tx.holds.get(tenantId, holdId));
  return hold === null ? fail('not_found', `no hold ${holdId}`, 'hold') : ok(presentAt(hold, ctx.now()));
}

/** A page of holds, newest first; pass `nextCursor` as `cursor` for the next. */
export async function listHolds(ctx: EngineContext, input: ListHoldsInput): Promise<Result<HoldPage>> {
  const limit = input.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    return fail('invalid_request', 'limit must be an integer 1-500', 'limit');
  }
  const now = ctx.now();
  const rows = await ctx.store.read((tx) =>
    tx.holds.list({
      tenantId: input.tenantId,
      now,
      ...(input.customerId === undefined ? {} : { customerId: input.customerId }),
      ...(input.status === undefined ? {} : { status: input.status }),
      ...(input.jobId === undefined ? {} : { jobId: input.jobId }),
      ...(input.parentHold === undefined ? {} : { parentHoldId: input.parentHold }),
      ...(input.cursor == null ? {} : { beforeId: input.cursor }),
      limit: limit + 1,
    }),
  );
  const page = rows.slice(0, limit);
  return ok({
    holds: page.map((h) => presentAt(h, now)),
    nextCursor: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  });
}
