/**
 * Cross-field rules of a catalog file: unique ids, duration steps ascending, plans naming
 * categories that models use, limits that make sense together. They read the raw parsed
 * YAML defensively (skipping whatever has the wrong shape, which the schema reports), so
 * one pass over a broken file lists every problem at once.
 */
import type { CatalogProblem } from './problems.ts';

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function listOf(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Values the schema accepts as counts; anything else it reports itself, so rules skip it. */
function isPositiveInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/** Reports entries of `list` whose `key` repeats an earlier one. */
function checkUnique(list: readonly unknown[], prefix: string, key: string, what: string): CatalogProblem[] {
  const seen = new Map<unknown, number>();
  const problems: CatalogProblem[] = [];
  list.forEach((item, i) => {
    if (!isRecord(item) || typeof item[key] !== 'string') return;
    const first = seen.get(item[key]);
    if (first === undefined) seen.set(item[key], i);
    else {
      problems.push({
        path: `${prefix}[${i}].${key}`,
        message: `duplicate ${what} ${JSON.stringify(item[key])} (also ${prefix}[${first}])`,
      });
    }
  });
  return problems;
}

function checkSteps(pricing: Raw, at: string): CatalogProblem[] {
  const problems: CatalogProblem[] = [];
  let seconds: number | undefined;
  let credits: number | undefined;
  listOf(pricing.steps).forEach((step, j) => {
    if (!isRecord(step)) return;
    if (isPositiveInt(step.seconds)) {
      if (seconds !== undefined && step.seconds <= seconds) {
        problems.push({
          path: `${at}.steps[${j}].seconds`,
          message: `must be greater than the previous step's seconds (${seconds})`,
        });
      }
      seconds = step.seconds;
    }
    if (isPositiveInt(step.credits)) {
      if (credits !== undefined && step.credits < credits) {
        problems.push({
          path: `${at}.steps[${j}].credits`,
          message: `must not be less than the previous step's credits (${credits})`,
        });
      }
      credits = step.credits;
    }
  });
  return problems;
}

function checkPricing(pricing: unknown, at: string): CatalogProblem[] {
  if (!isRecord(pricing)) return [];
  if (pricing.kind === 'variants')
    return checkUnique(listOf(pricing.variants), `${at}.variants`, 'name', 'variant');
  if (pricing.kind === 'duration_steps') return checkSteps(pricing, at);
  if (pricing.kind === 'per_second') {
    const min = isNumber(pricing.min_seconds) ? pricing.min_seconds : 1;
    if (isNumber(pricing.max_seconds) && pricing.max_seconds < min) {
      return [{ path: `${at}.max_seconds`, message: `must not be less than min_seconds (${min})` }];
    }
  }
  return [];
}

function checkLimit(limit: unknown, at: string): CatalogProblem[] {
  if (!isRecord(limit)) return [];
  const problems: CatalogProblem[] = [];
  const { per_day: perDay, burst, per_month: perMonth, warn_at: warnAt } = limit;
  if (isNumber(burst) && !isNumber(perDay)) {
    problems.push({ path: `${at}.burst`, message: 'needs per_day (the daily refill the burst sits on)' });
  }
  if (isNumber(burst) && isNumber(perDay) && burst < perDay) {
    problems.push({ path: `${at}.burst`, message: `must not be less than per_day (${perDay})` });
  }
  if (isNumber(warnAt) && !isNumber(perMonth)) {
    problems.push({ path: `${at}.warn_at`, message: 'needs per_month (the monthly cap it warns about)' });
  }
  if (isNumber(warnAt) && isNumber(perMonth) && warnAt > perMonth) {
    problems.push({ path: `${at}.warn_at`, message: `must not be more than per_month (${perMonth})` });
  }
  return problems;
}

function checkPlan(plan: unknown, at: string, categories: ReadonlySet<string>): CatalogProblem[] {
  if (!isRecord(plan)) return [];
  const problems: CatalogProblem[] = [];
  const known = [...categories].join(', ');
  const entitlements = isRecord(plan.entitlements) ? plan.entitlements : {};
  listOf(entitlements.categories).forEach((category, k) => {
    if (typeof category === 'string' && !categories.has(category)) {
      problems.push({
        path: `${at}.entitlements.categories[${k}]`,
        message: `no model has category ${JSON.stringify(category)} (categories: ${known})`,
      });
    }
  });
  if (isRecord(plan.limits)) {
    for (const [category, limit] of Object.entries(plan.limits)) {
      if (!categories.has(category)) {
        problems.push({
          path: `${at}.limits.${category}`,
          message: `no model has category ${JSON.stringify(category)} (categories: ${known})`,
        });
      }
      problems.push(...checkLimit(limit, `${at}.limits.${category}`));
    }
  }
  const warnings = listOf(plan.credit_warnings_pct);
  warnings.forEach((pct, k) => {
    const before = warnings[k - 1];
    if (k > 0 && isNumber(pct) && isNumber(before) && pct <= before) {
      problems.push({
        path: `${at}.credit_warnings_pct[${k}]`,
        message: `must be greater than ${before} (ascending)`,
      });
    }
  });
  if (isNumber(plan.api_requests_per_minute) && entitlements.api_access !== true) {
    problems.push({
      path: `${at}.api_requests_per_minute`,
      message: 'is set but entitlements.api_access is not true',
    });
  }
  return problems;
}

function checkDefaultPlan(plans: readonly unknown[]): CatalogProblem[] {
  const defaults = plans.flatMap((plan, i) => (isRecord(plan) && plan.default === true ? [i] : []));
  return defaults.slice(1).map((i) => ({
    path: `plans[${i}].default`,
    message: `only one plan may be the default (plans[${defaults[0]}] already is)`,
  }));
}

/** Checks the rules that relate fields of a raw (parsed, unvalidated) catalog file to each other. */
export function checkCatalogRules(raw: unknown): CatalogProblem[] {
  if (!isRecord(raw)) return [];
  const models = listOf(raw.models);
  const plans = listOf(raw.plans);
  const problems: CatalogProblem[] = [...checkUnique(models, 'models', 'id', 'model id')];
  const categories = new Set<string>();
  models.forEach((model, i) => {
    if (!isRecord(model)) return;
    if (typeof model.category === 'string') categories.add(model.category);
    problems.push(...checkPricing(model.pricing, `models[${i}].pricing`));
  });
  problems.push(...checkUnique(plans, 'plans', 'id', 'plan id'), ...checkDefaultPlan(plans));
  // With no usable model list (reported by the schema) there are no categories to check against.
  if (categories.size > 0) {
    plans.forEach((plan, i) => {
      problems.push(...checkPlan(plan, `plans[${i}]`, categories));
    });
  }
  problems.push(...checkUnique(listOf(raw.packs), 'packs', 'id', 'pack id'));
  return problems;
}
