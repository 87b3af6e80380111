/**
 * The API's snake_case JSON → the kit's types. Reading is defensive (a missing field becomes
 * a neutral value, never a crash in the customer's page), because the kit may be a version
 * ahead of or behind the server it talks to.
 */
import type {
  KitAffordability,
  KitAllocation,
  KitAlternative,
  KitCatalog,
  KitCustomer,
  KitLedgerPage,
  KitModel,
  KitOffer,
  KitPlan,
  KitProjection,
  KitQuote,
  KitReceipt,
  KitWarning,
} from './types.ts';

type Json = Record<string, unknown>;

const asObject = (v: unknown): Json => (v !== null && typeof v === 'object' ? (v as Json) : {});
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const asNumber = (v: unknown, fallback = 0): number =>
  typeof v === 'number' && Number.isFinite(v) ? v : fallback;
const asNullableNumber = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;
const asString = (v: unknown, fallback = ''): string => (typeof v === 'string' ? v : fallback);
const asNullableString = (v: unknown): string | null => (typeof v === 'string' ? v : null);
/** Epoch ms from a number or an ISO date string. */
const asTime = (v: unknown): number | null => {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
};

function readOffer(v: unknown): KitOffer | null {
  if (v === null || v === undefined) return null;
  const o = asObject(v);
  return {
    kind: o.kind === 'plan' ? 'plan' : 'pack',
    id: asString(o.id),
    name: asString(o.name),
    credits: asNumber(o.credits),
    priceCents: asNumber(o.price_cents),
  };
}

function readProjection(v: unknown): KitProjection | null {
  if (v === null || v === undefined) return null;
  const p = asObject(v);
  return {
    used7d: asNumber(p.used7d ?? p.used_7d),
    used30d: asNumber(p.used30d ?? p.used_30d),
    burnPerDay7d: asNumber(p.burn_per_day7d ?? p.burn_per_day_7d),
    burnPerDay30d: asNumber(p.burn_per_day30d ?? p.burn_per_day_30d),
    daysUntilEmpty: asNullableNumber(p.days_until_empty),
    projectedUseByPeriodEnd: asNumber(p.projected_use_by_period_end),
    projectedShortfall: asNumber(p.projected_shortfall),
    cheapestCover: readOffer(p.cheapest_cover),
  };
}

function readWarning(v: unknown): KitWarning {
  const w = asObject(v);
  return { kind: asString(w.kind), threshold: asNumber(w.threshold), message: asString(w.message) };
}

const ISSUER_SOURCES: Readonly<Record<string, string>> = {
  'issued:plan': 'plan',
  'issued:purchase': 'purchase',
  'issued:promotional': 'promotional',
  refunded: 'refund',
  adjustment: 'adjustment',
};

/** A ledger transaction's credit source: a reward from its ref (`reward:welcome:once`), else its issuer. */
function readEntrySource(t: Json): string | null {
  const source = asNullableString(t.source);
  if (source !== null) return source;
  const reward = /^reward:([a-z_]+)(?::|$)/.exec(asString(t.ref));
  if (reward !== null) return `reward:${reward[1]}`;
  for (const e of asArray(t.entries)) {
    const found = ISSUER_SOURCES[asString(asObject(e).account)];
    if (found !== undefined) return found;
  }
  return null;
}

/** `GET /v1/customers/:id`. */
export function readCustomer(json: unknown): KitCustomer {
  const c = asObject(json);
  const inner = asObject(c.customer);
  const plan = c.plan ?? inner.plan ?? inner.plan_id ?? c.plan_id;
  const balance = asObject(c.balance);
  const bySource: Record<string, number> = {};
  for (const [key, value] of Object.entries(asObject(c.by_source ?? balance.by_source ?? c.lots_by_source))) {
    bySource[key] = asNumber(value);
  }
  return {
    id: asString(c.id ?? inner.id),
    planId: typeof plan === 'string' ? plan : asString(asObject(plan).id),
    periodEnd: asTime(c.period_end ?? inner.period_end ?? asObject(c.period).end),
    balance: { available: asNumber(balance.available), held: asNumber(balance.held) },
    lots: asArray(c.lots).map((l) => {
      const lot = asObject(l);
      return {
        id: asString(lot.id),
        source: asString(lot.source),
        amount: asNumber(lot.amount),
        remaining: asNumber(lot.remaining),
        expiresAt: asTime(lot.expires_at),
      };
    }),
    bySource,
    quotas: asArray(c.quotas).map((q) => {
      const quota = asObject(q);
      return {
        key: asString(quota.key),
        availableToday: asNullableNumber(quota.available_today),
        remainingThisMonth: asNullableNumber(quota.remaining_this_month),
        perMonth: asNullableNumber(quota.per_month),
        perDay: asNullableNumber(quota.per_day),
        burst: asNullableNumber(quota.burst),
        usedThisMonth: asNumber(quota.used_this_month),
      };
    }),
    warnings: asArray(c.warnings).map(readWarning),
    projection: readProjection(c.projection ?? c.projections),
  };
}

/** What the catalog offers overall, so a plan can say what it lacks. */
interface CatalogShape {
  readonly categories: readonly string[];
  readonly hasFreeModels: boolean;
}

function describePlanIncludes(p: Json, shape: CatalogShape): string[] {
  const out: string[] = [];
  const credits = asNumber(p.monthly_credits);
  out.push(credits > 0 ? `${credits.toLocaleString('en-US')} credits a month` : 'No monthly credits');
  const free = p.free_generations_per_month;
  if (shape.hasFreeModels) {
    out.push(typeof free === 'number' ? `${free} free generations a month` : 'Unlimited free models');
  }
  const daily = asNumber(p.daily_credits);
  if (daily > 0) out.push(`${daily} free credit${daily === 1 ? '' : 's'} a day`);
  const ent = asObject(p.entitlements);
  const allowed = asArray(ent.categories).map((c) => asString(c));
  for (const category of shape.categories) {
    if (allowed.length > 0 && !allowed.includes(category)) out.push(`No ${category}`);
  }
  const video = asObject(asObject(p.limits).video);
  if (typeof video.per_day === 'number') out.push(`${video.per_day} videos a day`);
  if (typeof video.per_month === 'number') out.push(`${video.per_month} videos a month`);
  if (ent.priority === true) out.push('Priority processing');
  if (ent.watermark === false) out.push('No watermarks');
  if (ent.watermark === true) out.push('Watermarked exports');
  if (ent.api_access === true) out.push('API access');
  if (ent.bulk_operations === true) out.push('Bulk operations');
  if (ent.white_label === true) out.push('White-label options');
  return out;
}

function readModel(v: unknown, prices: ReadonlyMap<string, number>): KitModel {
  const m = asObject(v);
  const pricing = asObject(m.pricing);
  const steps = asArray(pricing.steps).map((s) => asNumber(asObject(s).seconds));
  return {
    id: asString(m.id),
    name: asString(m.name, asString(m.id)),
    category: asString(m.category),
    pricingKind: asString(pricing.kind, asString(m.pricing_kind)),
    variants: asArray(pricing.variants).map((x) => asString(asObject(x).name)),
    minSeconds: asNullableNumber(pricing.min_seconds) ?? (steps.length > 0 ? 1 : null),
    maxSeconds:
      asNullableNumber(pricing.max_seconds) ?? (steps.length > 0 ? (steps[steps.length - 1] ?? null) : null),
    steps,
    maxCount: asNumber(m.max_count, 1),
    fromCredits:
      prices.get(asString(m.id)) ?? (pricing.kind === 'free' ? 0 : asNullableNumber(pricing.credits)),
  };
}

function readPlan(v: unknown, shape: CatalogShape): KitPlan {
  const p = asObject(v);
  return {
    id: asString(p.id),
    name: asString(p.name),
    priceCents: asNumber(p.price_cents),
    monthlyCredits: asNumber(p.monthly_credits),
    freeGenerationsPerMonth: asNullableNumber(p.free_generations_per_month),
    creditWarningsPct: asArray(p.credit_warnings_pct).map((x) => asNumber(x)),
    includes:
      asArray(p.includes).length > 0
        ? asArray(p.includes).map((x) => asString(x))
        : describePlanIncludes(p, shape),
    categories: asArray(asObject(p.entitlements).categories).map((c) => asString(c)),
    isDefault: p.default === true || p.is_default === true,
  };
}

/** `GET /v1/catalog`. */
export function readCatalog(json: unknown): KitCatalog {
  const root = asObject(json);
  const c = 'catalog' in root ? asObject(root.catalog) : root;
  const prices = new Map<string, number>();
  for (const row of asArray(c.prices)) {
    const r = asObject(row);
    const id = asString(r.model_id);
    const credits = asNumber(r.credits, Number.NaN);
    if (!Number.isNaN(credits) && (prices.get(id) ?? Number.POSITIVE_INFINITY) > credits)
      prices.set(id, credits);
  }
  const models = asArray(c.models).map((m) => readModel(m, prices));
  const shape: CatalogShape = {
    categories: [...new Set(models.map((m) => m.category))],
    hasFreeModels: models.some((m) => m.pricingKind === 'free'),
  };
  return {
    id: asString(c.id),
    name: asString(c.name),
    currency: asString(c.currency, 'usd'),
    models,
    plans: asArray(c.plans).map((p) => readPlan(p, shape)),
    packs: asArray(c.packs).map((v) => {
      const p = asObject(v);
      return {
        id: asString(p.id),
        name: asString(p.name),
        credits: asNumber(p.credits),
        priceCents: asNumber(p.price_cents),
      };
    }),
    lowBalanceCredits: asNullableNumber(c.low_balance_credits),
  };
}

function readAlternative(v: unknown): KitAlternative {
  const a = asObject(v);
  return {
    modelId: asString(a.model_id ?? a.model),
    modelName: asString(a.model_name ?? a.name, asString(a.model_id ?? a.model)),
    credits: asNumber(a.credits),
    creditsSaved: asNumber(a.credits_saved),
    free: a.free === true,
    fromPrice: a.priced_on === 'cheapest_option',
  };
}

/** `POST /v1/quotes`. */
export function readQuote(json: unknown): KitQuote {
  const root = asObject(json);
  const q = 'quote' in root ? asObject(root.quote) : root;
  const customer = root.customer === null || root.customer === undefined ? null : asObject(root.customer);
  return {
    modelId: asString(q.model_id ?? q.model),
    modelName: asString(q.model_name, asString(q.model_id ?? q.model)),
    category: asString(q.category),
    credits: asNumber(q.credits),
    free: q.free === true,
    affordable: customer === null || typeof customer.affordable !== 'boolean' ? null : customer.affordable,
    entitled: customer === null || typeof customer.entitled !== 'boolean' ? null : customer.entitled,
    alternatives: asArray(root.alternatives ?? q.alternatives).map(readAlternative),
  };
}

/** A commit's receipt (`POST /v1/holds/:id/commit`), as a tenant backend passes it on. */
export function readReceipt(json: unknown): KitReceipt {
  const r = asObject(json);
  const balance = asObject(r.balance);
  return {
    modelId: asString(r.model_id ?? r.model),
    modelName: asNullableString(r.model_name),
    creditsCharged: asNumber(r.credits_charged),
    creditsHeld: asNumber(r.credits_held),
    balance: { available: asNumber(balance.available), held: asNumber(balance.held) },
    lots: asArray(r.lots).map((l): KitAllocation => {
      const a = asObject(l);
      return {
        lotId: asString(a.lot_id ?? a.id),
        credits: asNumber(a.credits),
        source: asNullableString(a.source),
      };
    }),
    warnings: asArray(r.warnings).map(readWarning),
    suggestions: asArray(r.suggestions).map(readAlternative),
  };
}

/** `GET /v1/customers/:id/ledger`. */
export function readLedgerPage(json: unknown): KitLedgerPage {
  const root = asObject(json);
  const rows = asArray(root.data ?? root.transactions ?? root.entries);
  return {
    entries: rows.map((v) => {
      const t = asObject(v);
      return {
        id: asString(t.id),
        kind: asString(t.kind),
        source: readEntrySource(t),
        credits: asNumber(t.credits),
        createdAt: asTime(t.created_at) ?? 0,
        description: asNullableString(t.description ?? t.reason ?? t.model_name ?? t.model_id),
      };
    }),
    nextCursor: asNullableString(root.next_cursor),
  };
}

/** `GET /v1/customers/:id/affordability` in the kit's words. */
export function readAffordability(json: unknown): KitAffordability {
  const a = asObject(json);
  return {
    spendable: asNumber(a.spendable),
    freeGenerationsLeft: asNullableNumber(a.free_generations_left),
    sentence: asString(a.sentence),
    models: asArray(a.models).map((raw) => {
      const m = asObject(raw);
      return {
        modelId: asString(m.model_id),
        modelName: asString(m.model_name),
        category: asString(m.category),
        free: m.free === true,
        entitled: m.entitled !== false,
        sentence: asString(m.sentence),
        options: asArray(m.options).map((rawOption) => {
          const o = asObject(rawOption);
          return {
            variant: asNullableString(o.variant),
            unitCredits: asNumber(o.unit_credits),
            count: asNullableNumber(o.count),
            limitedBy: asString(o.limited_by),
            text: asString(o.text),
          };
        }),
      };
    }),
  };
}
