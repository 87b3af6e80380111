/**
 * Operators' side of customers (issue 14 item 2): the customer list — newest first, searched by
 * id or email prefix, filtered by plan and flag, paged by an opaque cursor — and flagging or
 * unflagging a customer, idempotent like every write.
 */
import { credits } from '../domain/credits.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import type { CustomerRow } from '../store/types.ts';
import type { EngineContext } from './context.ts';
import { runIdempotent } from './idempotency.ts';
import type { Mutation } from './types.ts';
import { validateId } from './validate.ts';

export interface CustomerListItem {
  readonly id: string;
  readonly email: string | null;
  readonly plan: string;
  readonly flagged: boolean;
  readonly balance: number;
  readonly held: number;
  readonly available: number;
  readonly createdAt: number;
}

export interface CustomerList {
  readonly data: CustomerListItem[];
  readonly hasMore: boolean;
  readonly nextCursor: string | null;
}

export interface CustomerSearch {
  readonly tenantId: string;
  readonly query?: string;
  readonly plan?: string;
  readonly flagged?: boolean;
  readonly cursor?: string;
  readonly limit: number;
}

function encodeCursor(row: CustomerRow): string {
  return Buffer.from(JSON.stringify([row.createdAt, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): { createdAt: number; id: string } | null {
  try {
    const raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(raw) || !Number.isSafeInteger(raw[0]) || typeof raw[1] !== 'string') return null;
    return { createdAt: raw[0] as number, id: raw[1] };
  } catch {
    return null;
  }
}

function toItem(row: CustomerRow): CustomerListItem {
  return {
    id: row.id,
    email: row.email,
    plan: row.planId,
    flagged: row.flagged,
    balance: row.balance,
    held: row.held,
    available: credits(row.balance - row.held),
    createdAt: row.createdAt,
  };
}

/** One page of the tenant's customers, newest first. */
export async function listCustomers(ctx: EngineContext, s: CustomerSearch): Promise<Result<CustomerList>> {
  const after = s.cursor === undefined ? undefined : decodeCursor(s.cursor);
  if (after === null) return fail('invalid_request', 'cursor is not one this list answered', 'cursor');
  const rows = await ctx.store.read((tx) =>
    tx.customers.search({
      tenantId: s.tenantId,
      ...(s.query === undefined ? {} : { query: s.query }),
      ...(s.plan === undefined ? {} : { planId: s.plan }),
      ...(s.flagged === undefined ? {} : { flagged: s.flagged }),
      ...(after === undefined ? {} : { after }),
      limit: s.limit + 1,
    }),
  );
  const page = rows.slice(0, s.limit);
  const last = page.at(-1);
  const hasMore = rows.length > s.limit;
  return ok({
    data: page.map(toItem),
    hasMore,
    nextCursor: hasMore && last !== undefined ? encodeCursor(last) : null,
  });
}

export interface FlagInput extends Mutation {
  readonly customerId: string;
  readonly flagged: boolean;
  readonly reason: string | null;
}

/** Flags or unflags a customer (a flag marks one an operator should look at: refunds, disputes, abuse). */
export async function setCustomerFlag(
  ctx: EngineContext,
  input: FlagInput,
): Promise<Result<{ customerId: string; flagged: boolean }>> {
  const invalid = validateId(input.customerId, 'customer');
  if (!invalid.ok) return invalid;
  const call = { customerId: input.customerId, flagged: input.flagged, reason: input.reason };
  return runIdempotent(
    ctx,
    { ...input, operation: input.flagged ? 'flag' : 'unflag', input: call, customerIds: [input.customerId] },
    async (tx) => {
      const customer = await tx.customers.lock(input.tenantId, input.customerId);
      if (customer === null) return fail('not_found', `no customer ${input.customerId}`, 'customer');
      await tx.customers.setFlagged(input.tenantId, input.customerId, input.flagged);
      return ok({ customerId: input.customerId, flagged: input.flagged });
    },
  );
}
