/**
 * Plans and packs with their buy buttons. A button goes through `POST /v1/checkout` (for the
 * demo tenants, with a demo customer's session) or hands the visitor to the tenant's sign-up
 * URL; either way the price shown is the catalog's, the one checkout charges.
 */
import { useState } from 'react';
import { type PublicCatalog, type PublicPlan, startPurchase } from './api.ts';
import { formatCents, formatCredits } from './format.ts';

/** What a plan includes, as short lines (`1,500 credits a month`, `5 videos a day`, `API access`). */
export function describePlan(plan: PublicPlan): string[] {
  const lines: string[] = [];
  if (plan.monthly_credits > 0) lines.push(`${formatCredits(plan.monthly_credits)} a month`);
  if (plan.daily_credits > 0) lines.push(`${formatCredits(plan.daily_credits)} free every day`);
  if (plan.free_generations_per_month === null) lines.push('Unlimited free models');
  else if (plan.free_generations_per_month > 0)
    lines.push(`${plan.free_generations_per_month} free-model generations a month`);
  for (const [category, limit] of Object.entries(plan.limits)) {
    const parts = [
      limit.per_day === null ? null : `${limit.per_day} a day`,
      limit.burst !== null && limit.per_day !== null && limit.burst > limit.per_day
        ? `bursts to ${limit.burst}`
        : null,
      limit.per_month === null ? null : `${limit.per_month} a month`,
    ].filter((p) => p !== null);
    if (parts.length > 0) lines.push(`${category}: ${parts.join(', ')}`);
  }
  const e = plan.entitlements;
  const allowed = e.categories.join(', ');
  if (allowed !== '') lines.push(`Makes ${allowed}`);
  if (e.priority) lines.push('Priority queue');
  if (e.api_access) lines.push('API access');
  if (e.bulk_operations) lines.push('Bulk operations');
  if (e.custom_model_preferences) lines.push('Custom model preferences');
  if (e.white_label) lines.push('White label');
  lines.push(e.watermark ? 'Watermarked output' : 'No watermark');
  return lines;
}

function BuyButton({
  catalog,
  item,
  label,
}: {
  catalog: PublicCatalog;
  item: { plan: string } | { pack: string };
  label: string;
}) {
  const [state, setState] = useState<'idle' | 'busy' | string>('idle');
  const usable = catalog.page.signup_url !== null || catalog.page.demo_checkout;
  const buy = async () => {
    setState('busy');
    try {
      location.assign(await startPurchase(catalog, item));
    } catch (e) {
      setState(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <>
      <button type="button" className="buy" onClick={buy} disabled={!usable || state === 'busy'}>
        {state === 'busy' ? 'Opening checkout…' : label}
      </button>
      {state !== 'idle' && state !== 'busy' ? <p role="alert">{state}</p> : null}
    </>
  );
}

export function Plans({ catalog }: { catalog: PublicCatalog }) {
  const paidPlans = catalog.plans.filter((p) => p.price_cents > 0);
  return (
    <section className="section" aria-labelledby="plans-title" id="plans">
      <h2 id="plans-title">{paidPlans.length > 0 ? 'Plans' : 'Credit packs'}</h2>
      {catalog.plans.length > 1 || paidPlans.length > 0 ? (
        <ul className="card-grid">
          {catalog.plans.map((plan) => (
            <li key={plan.id} className="card" data-plan={plan.id}>
              <h3>{plan.name}</h3>
              <p className="price">
                {plan.price_cents === 0 ? 'Free' : formatCents(plan.price_cents)}
                {plan.price_cents > 0 ? <span> / month</span> : null}
              </p>
              <ul className="includes">
                {describePlan(plan).map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
              {plan.price_cents > 0 ? (
                <BuyButton catalog={catalog} item={{ plan: plan.id }} label={`Choose ${plan.name}`} />
              ) : catalog.page.signup_url !== null ? (
                <a className="buy secondary" href={catalog.page.signup_url}>
                  Start free
                </a>
              ) : catalog.page.demo_checkout ? (
                <a className="buy secondary" href="/studio/">
                  Start free in the studio
                </a>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {catalog.packs.length > 0 ? (
        <>
          {paidPlans.length > 0 ? <h3 className="packs-title">Credit packs</h3> : null}
          <ul className="card-grid">
            {catalog.packs.map((pack) => (
              <li key={pack.id} className="card" data-pack={pack.id}>
                <h3>{pack.name}</h3>
                <p className="price">{formatCents(pack.price_cents)}</p>
                <p>
                  {formatCredits(pack.credits)} ·{' '}
                  {formatCents(Math.round((pack.price_cents * 100) / pack.credits))} per 100 credits
                </p>
                <BuyButton catalog={catalog} item={{ pack: pack.id }} label={`Buy ${pack.name}`} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
