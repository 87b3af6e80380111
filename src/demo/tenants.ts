/**
 * The demo studio's tenants and customers: one demo tenant per catalog preset, and demo
 * customers that start with something to spend (Director's Palette on Creator Pro with its
 * 1,500 plan credits, MusicGen on the free plan with its 10 welcome credits).
 */
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadCatalogText, PRESETS_DIR } from '../catalog/load.ts';
import type { Catalog } from '../domain/catalog.ts';
import { findPlan } from '../domain/catalog.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import type { Engine } from '../engine/engine.ts';

export const DEMO_PRESETS = ['directors-palette', 'musicgen'] as const;
export type DemoPreset = (typeof DEMO_PRESETS)[number];

/** Demo customer ids start with this, so a demo session can never name a real customer. */
export const DEMO_CUSTOMER_PREFIX = 'demo-';

/** The plan a new demo customer starts on, per preset (null = the catalog's default). */
const STARTING_PLAN: Readonly<Record<DemoPreset, string | null>> = {
  'directors-palette': 'creator-pro',
  musicgen: null,
};

/** The demo tenant's id for a preset: the same tenant `tollgate serve` seeds a fresh database with. */
export function demoTenantId(preset: DemoPreset): string {
  return preset;
}

/** Whether a tenant id is one of the studio's demo tenants. */
export function isDemoTenant(tenantId: string): boolean {
  return DEMO_PRESETS.some((p) => demoTenantId(p) === tenantId);
}

/** Per engine (one per database), so two servers in one process (tests) each make their own. */
const ensuring = new WeakMap<Engine, Map<string, Promise<Result<Catalog>>>>();

async function createDemoTenant(engine: Engine, preset: DemoPreset): Promise<Result<Catalog>> {
  const tenantId = demoTenantId(preset);
  const existing = await engine.readCatalog(tenantId);
  if (existing.ok) return ok(existing.value.catalog);
  const source = await readFile(join(PRESETS_DIR, `${preset}.yaml`), 'utf8');
  const catalog = loadCatalogText(source, `${preset}.yaml`);
  if (!catalog.ok) return catalog;
  const saved = await engine.saveTenant({
    tenantId,
    name: `Demo (${preset})`, // as `seedDemoTenants` in src/cli/serve.ts names it
    catalog: catalog.value,
    catalogSource: source,
  });
  if (!saved.ok) return saved;
  // The demo tenants' catalogs are public under their preset's name (`/p/musicgen`, issue 15).
  const page = await engine.setPublicPage({ tenantId, slug: preset, signupUrl: null });
  return page.ok ? ok(catalog.value) : page;
}

/** Answers the preset's demo tenant's catalog, making the tenant when the database has none (tests). */
export function ensureDemoTenant(engine: Engine, preset: DemoPreset): Promise<Result<Catalog>> {
  const key = demoTenantId(preset);
  let made = ensuring.get(engine);
  if (made === undefined) {
    made = new Map();
    ensuring.set(engine, made);
  }
  let pending = made.get(key);
  if (pending === undefined) {
    const cache = made;
    pending = createDemoTenant(engine, preset).then((r) => {
      if (!r.ok) cache.delete(key);
      return r;
    });
    made.set(key, pending);
  }
  return pending;
}

/** The reference on demo plan-allowance lots, so a plan switch can take the old allowance back. */
function allowanceRef(customerId: string): string {
  return `demo-plan-allowance:${customerId}`;
}

/**
 * Puts a demo customer on a plan with that plan's allowance for the period, taking back what is
 * left of the previous demo allowance. (A real tenant changes plans through Stripe subscriptions;
 * the studio skips the payment so every plan can be tried in a click.)
 */
export async function switchDemoPlan(
  engine: Engine,
  tenantId: string,
  customerId: string,
  catalog: Catalog,
  planId: string,
): Promise<Result<{ planId: string }>> {
  const plan = findPlan(catalog, planId);
  if (plan === undefined) return fail('unknown_plan', `no plan ${planId}`, 'plan');
  const changed = await engine.changePlan({ tenantId, idempotencyKey: randomUUID(), customerId, planId });
  if (!changed.ok) return changed;
  const ref = allowanceRef(customerId);
  const taken = await engine.clawback({
    tenantId,
    idempotencyKey: randomUUID(),
    customerId,
    ref,
    reason: 'demo plan switch',
    flag: false,
  });
  if (!taken.ok && taken.error.code !== 'not_found') return taken;
  if (plan.monthlyCredits > 0) {
    const granted = await engine.grant({
      tenantId,
      idempotencyKey: randomUUID(),
      customerId,
      credits: plan.monthlyCredits,
      source: 'plan',
      reason: `${plan.name} allowance (demo)`,
      expiresAt: changed.value.customer.periodEnd,
      ref,
    });
    if (!granted.ok) return granted;
  }
  return ok({ planId });
}

/**
 * Resumes a demo customer of this tenant, or makes a new one with credits to spend. A customer
 * id that is not a demo id, or unknown to the tenant, gets a new customer.
 */
export async function ensureDemoCustomer(
  engine: Engine,
  preset: DemoPreset,
  catalog: Catalog,
  wanted: string | undefined,
): Promise<Result<string>> {
  const tenantId = demoTenantId(preset);
  if (wanted?.startsWith(DEMO_CUSTOMER_PREFIX)) {
    const found = await engine.getCustomer(tenantId, wanted);
    if (found.ok) return ok(wanted);
  }
  const customerId = `${DEMO_CUSTOMER_PREFIX}${randomUUID().slice(0, 13)}`;
  // createCustomer grants the catalog's welcome reward (MusicGen: 10 credits).
  const created = await engine.createCustomer({ tenantId, idempotencyKey: randomUUID(), customerId });
  if (!created.ok) return created;
  const plan = STARTING_PLAN[preset];
  if (plan !== null) {
    const switched = await switchDemoPlan(engine, tenantId, customerId, catalog, plan);
    if (!switched.ok) return switched;
  }
  return ok(customerId);
}
