import { useId } from 'react';
import { formatPrice } from './format.ts';
import { useTollgate } from './TollgateProvider.tsx';
import { type CheckoutHandler, useCheckout } from './use-checkout.ts';

export interface PlanPickerProps {
  readonly title?: string;
  /** Called instead of the built-in checkout redirect (e.g. to switch plans in a demo). */
  readonly onChoose?: CheckoutHandler;
  /** Hide plans priced below the current one (for "upgrade" placements). */
  readonly upgradesOnly?: boolean;
}

/**
 * The catalog's plans side by side, with what each includes (credits a month, free models,
 * video limits, API access, watermark) and a real button to choose one; the customer's plan is
 * marked as current. Choosing starts a subscription checkout unless `onChoose` is given. A
 * customer on a paid plan already subscribes: the same call then answers the flow that changes
 * that subscription (Stripe's portal, or the TEST MODE confirm page), never a second one, so
 * the buttons say "Upgrade to" and "Switch to"; going back to a free plan means cancelling,
 * which the billing portal does.
 */
export function PlanPicker({ title = 'Plans', onChoose, upgradesOnly = false }: PlanPickerProps) {
  const { catalog, customer } = useTollgate();
  const checkout = useCheckout(onChoose);
  const headingId = useId();
  if (catalog === null || catalog.plans.length === 0) return null;
  const current = catalog.plans.find((p) => p.id === customer?.planId) ?? null;
  const plans = catalog.plans.filter(
    (p) => !upgradesOnly || current === null || p.priceCents > current.priceCents,
  );
  if (plans.length === 0) return null;
  const subscribed = current !== null && current.priceCents > 0;
  const label = (plan: (typeof plans)[number]): string => {
    if (plan.id === current?.id) return 'Current plan';
    if (!subscribed) return `Choose ${plan.name}`;
    if (plan.priceCents <= 0) return 'Cancel your plan in billing';
    return plan.priceCents > (current?.priceCents ?? 0)
      ? `Upgrade to ${plan.name}`
      : `Switch to ${plan.name}`;
  };

  return (
    <section className="tg tg-plans" aria-labelledby={headingId} data-testid="plan-picker">
      <h3 id={headingId} className="tg-card__title">
        {title}
      </h3>
      <ul className="tg-plans__grid">
        {plans.map((plan) => {
          const isCurrent = plan.id === current?.id;
          const cancelOnly = subscribed && !isCurrent && plan.priceCents <= 0;
          const nameId = `${headingId}-${plan.id}`;
          return (
            <li key={plan.id} className="tg-plan" data-current={isCurrent} aria-labelledby={nameId}>
              <h4 id={nameId} className="tg-plan__name">
                {plan.name}
              </h4>
              <p className="tg-plan__price">
                <strong>{formatPrice(plan.priceCents, catalog.currency)}</strong>
                <span className="tg-muted"> / month</span>
              </p>
              <ul className="tg-plan__includes">
                {plan.includes.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
              <button
                type="button"
                className={isCurrent ? 'tg-button tg-button--ghost' : 'tg-button'}
                disabled={isCurrent || cancelOnly || checkout.pending !== null}
                aria-busy={checkout.pending === plan.id}
                onClick={() => void checkout.start({ plan: plan.id })}
                data-plan={plan.id}
              >
                {label(plan)}
              </button>
            </li>
          );
        })}
      </ul>
      {checkout.error !== null && (
        <p className="tg-text-danger" role="alert">
          {checkout.error}
        </p>
      )}
    </section>
  );
}
