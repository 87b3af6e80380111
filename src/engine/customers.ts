/**
 * Tenants and customers: create a tenant with its catalog, create a customer (default plan,
 * calendar-month period, welcome reward, referral code), change plan (with or without starting
 * the period's allowance, `plan-allowance.ts`).
 */
import { randomBytes } from 'node:crypto';
import { startOfMonth, startOfNextMonth } from '../domain/calendar.ts';
import { type Catalog, defaultPlan, findPlan } from '../domain/catalog.ts';
import { credits } from '../domain/credits.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import { decideReferralSignUp } from '../domain/rewards.ts';
import type { CustomerRow } from '../store/types.ts';
import { type EngineContext, loadTenantCatalog } from './context.ts';
import { runIdempotent } from './idempotency.ts';
import { openCustomer } from './open-customer.ts';
import { describeNoGrant, grantPlanAllowance, refuseSubscriber } from './plan-allowance.ts';
import { presentCustomer } from './present.ts';
import { grantRewardLot } from './reward-lots.ts';
import { runUseCase } from './transaction.ts';
import type {
  ChangePlanInput,
  ChangePlanResult,
  CreateCustomerInput,
  CreateTenantInput,
  CustomerCreated,
  TenantInfo,
} from './types.ts';
import { firstFailure, validateCount, validateId, validateText, validateTime } from './validate.ts';

/** A random referral code: 10 characters of Crockford base32. */
function createReferralCode(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return [...randomBytes(10)].map((b) => alphabet[b % 32]).join('');
}

/** Creates a tenant with its catalog, or stores a new catalog version for an existing one. */
export async function saveTenant(ctx: EngineContext, input: CreateTenantInput): Promise<Result<TenantInfo>> {
  const invalid = firstFailure(validateId(input.name, 'name'), validateId(input.tenantId ?? 'x', 'tenant'));
  if (invalid !== null) return invalid;
  const id = input.tenantId ?? ctx.newId();
  const catalog: Catalog = input.catalog;
  if (defaultPlan(catalog) === undefined)
    return fail('invalid_catalog', 'a catalog needs at least one plan', 'catalog');
  const now = ctx.now();
  return runUseCase(ctx, { tenantId: id }, async (tx) => {
    await tx.tenants.insertCatalog({
      tenantId: id,
      version: catalog.version,
      source: input.catalogSource,
      normalized: JSON.stringify(catalog),
      createdAt: now,
    });
    if (
      !(await tx.tenants.insert({ id, name: input.name, catalogVersion: catalog.version, createdAt: now }))
    ) {
      await tx.tenants.setCatalogVersion(id, catalog.version);
    }
    const row = await tx.tenants.get(id);
    return ok(row as TenantInfo);
  });
}

/** Creates a customer on the default plan (or the one named) and grants the welcome reward. */
export async function createCustomer(
  ctx: EngineContext,
  input: CreateCustomerInput,
): Promise<Result<CustomerCreated>> {
  const invalid = firstFailure(
    validateId(input.customerId, 'id'),
    validateText(input.email, 'email'),
    input.planId === undefined ? ok('') : validateId(input.planId, 'plan'),
    input.referralCode === undefined ? ok('') : validateId(input.referralCode, 'referral_code'),
    input.overdraftLimit === undefined ? ok(0) : validateCount(input.overdraftLimit, 'overdraft_limit'),
  );
  if (invalid !== null) return invalid;
  const { idempotencyKey: _k, tenantId, ...call } = input;
  return runIdempotent(
    ctx,
    { ...input, operation: 'create_customer', input: call, customerIds: [input.customerId] },
    async (tx) => {
      const catalog = await loadTenantCatalog(ctx, tx, tenantId);
      if (!catalog.ok) return catalog;
      const plan =
        input.planId === undefined ? defaultPlan(catalog.value) : findPlan(catalog.value, input.planId);
      if (plan === undefined) return fail('unknown_plan', `no plan ${input.planId}`, 'plan');
      let referredBy: string | null = null;
      if (input.referralCode !== undefined) {
        if ((await tx.customers.get(tenantId, input.customerId)) !== null) {
          return fail('customer_exists', `customer ${input.customerId} already exists`, 'id');
        }
        const referrer = await tx.customers.findByReferralCode(tenantId, input.referralCode);
        if (referrer === null)
          return fail('invalid_request', 'no customer has this referral code', 'referral_code');
        const email = input.email ?? null;
        const allowed = decideReferralSignUp({
          referrer,
          email,
          emailAlreadyKnown: email !== null && (await tx.customers.emailExists(tenantId, email)),
        });
        if (!allowed.ok) return allowed;
        referredBy = referrer.id;
      }
      const now = ctx.now();
      const row: CustomerRow = {
        tenantId,
        id: input.customerId,
        planId: plan.id,
        email: input.email ?? null,
        emailVerifiedAt: null,
        referralCode: createReferralCode(),
        referredBy,
        flagged: false,
        overdraftLimit: credits(input.overdraftLimit ?? 0),
        balance: credits(0),
        held: credits(0),
        periodStart: startOfMonth(now),
        periodEnd: startOfNextMonth(now),
        createdAt: now,
      };
      if (!(await tx.customers.insert(row))) {
        return fail('customer_exists', `customer ${input.customerId} already exists`, 'id');
      }
      const opened = await openCustomer(ctx, tx, tenantId, row.id, catalog.value);
      if (!opened.ok) return opened;
      // A plan priced 0 got its allowance from the due grants when opened; a paid plan only when asked.
      if (input.grantAllowance) {
        await grantPlanAllowance(ctx, tx, opened.value, catalog.value, plan, {
          start: row.periodStart,
          end: row.periodEnd,
        });
      }
      const allowance = describeNoGrant(opened.value, true);
      if (catalog.value.rewards.welcome !== undefined) {
        const welcome = await grantRewardLot(ctx, tx, opened.value, catalog.value, 'welcome');
        if (!welcome.ok) return welcome;
      }
      return ok({ ...presentCustomer(opened.value.customer), allowance });
    },
  );
}

/** Moves a customer to another plan and starts its period (calendar month unless given). */
export async function changePlan(
  ctx: EngineContext,
  input: ChangePlanInput,
): Promise<Result<ChangePlanResult>> {
  const now = ctx.now();
  const invalid = firstFailure(
    validateId(input.customerId, 'customer'),
    validateId(input.planId, 'plan'),
    input.periodStart === undefined ? ok(0) : validateTime(input.periodStart, 'period_start'),
    input.periodEnd === undefined
      ? ok(0)
      : validateTime(input.periodEnd, 'period_end', input.periodStart ?? 0),
  );
  if (invalid !== null) return invalid;
  const { idempotencyKey: _k, tenantId, ...call } = input;
  return runIdempotent(
    ctx,
    { ...input, operation: 'change_plan', input: call, customerIds: [input.customerId] },
    async (tx) => {
      const catalog = await loadTenantCatalog(ctx, tx, tenantId);
      if (!catalog.ok) return catalog;
      const plan = findPlan(catalog.value, input.planId);
      if (plan === undefined) return fail('unknown_plan', `no plan ${input.planId}`, 'plan');
      const opened = await openCustomer(ctx, tx, tenantId, input.customerId, catalog.value);
      if (!opened.ok) return opened;
      const subscriber = await refuseSubscriber(tx, opened.value);
      if (!subscriber.ok) return subscriber;
      const previous = opened.value.customer;
      const periodStart = input.periodStart ?? startOfMonth(now);
      const periodEnd = input.periodEnd ?? startOfNextMonth(now);
      const period = { start: periodStart, end: periodEnd };
      const allowance = input.grantAllowance
        ? await grantPlanAllowance(ctx, tx, opened.value, catalog.value, plan, period)
        : null;
      // Without a grant (or when this plan's period was granted before), the plan and period only.
      if (allowance === null || !allowance.granted) {
        await tx.customers.setPlan(tenantId, input.customerId, plan.id, periodStart, periodEnd, now);
      }
      await tx.outbox.insert({
        id: ctx.newId(),
        tenantId,
        type: 'plan.changed',
        payload: {
          customer: input.customerId,
          from: previous.planId,
          to: plan.id,
          period_start: periodStart,
          period_end: periodEnd,
        },
        createdAt: now,
      });
      const customer = { ...opened.value.customer, planId: plan.id, periodStart, periodEnd };
      return ok({
        customer: presentCustomer(customer),
        previousPlanId: previous.planId,
        allowance: allowance ?? describeNoGrant(opened.value, false),
      });
    },
  );
}
