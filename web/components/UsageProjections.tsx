import { useId } from 'react';
import { formatCredits, formatPrice } from './format.ts';
import { useTollgate } from './TollgateProvider.tsx';

/**
 * Where the customer's usage is heading: credits used in the last 7 and 30 days, the daily
 * burn, days until the balance runs out, the projected use by the end of the period, and the
 * cheapest pack or plan that covers a projected shortfall.
 */
export function UsageProjections() {
  const { catalog, customer } = useTollgate();
  const headingId = useId();
  const projection = customer?.projection ?? null;

  return (
    <section className="tg tg-projections" aria-labelledby={headingId} data-testid="usage-projections">
      <h3 id={headingId} className="tg-card__title">
        Usage projections
      </h3>
      {projection === null ? (
        <p className="tg-muted">Not enough usage yet to project.</p>
      ) : (
        <>
          <dl className="tg-figures">
            <div>
              <dt>Last 7 days</dt>
              <dd>{formatCredits(projection.used7d)}</dd>
            </div>
            <div>
              <dt>Last 30 days</dt>
              <dd>{formatCredits(projection.used30d)}</dd>
            </div>
            <div>
              <dt>Per day</dt>
              <dd>{formatCredits(projection.burnPerDay7d || projection.burnPerDay30d)}</dd>
            </div>
            <div>
              <dt>Runs out in</dt>
              <dd data-testid="days-until-empty">
                {projection.daysUntilEmpty === null
                  ? 'not burning'
                  : `${projection.daysUntilEmpty} day${projection.daysUntilEmpty === 1 ? '' : 's'}`}
              </dd>
            </div>
            <div>
              <dt>By period end</dt>
              <dd>{formatCredits(projection.projectedUseByPeriodEnd)}</dd>
            </div>
          </dl>
          {projection.projectedShortfall > 0 && (
            <p className="tg-alert tg-alert--warn">
              At this pace you will run {formatCredits(projection.projectedShortfall)} short
              {projection.cheapestCover !== null &&
                ` — ${projection.cheapestCover.name} (${formatCredits(projection.cheapestCover.credits)}, ${formatPrice(
                  projection.cheapestCover.priceCents,
                  catalog?.currency,
                )}) covers it`}
              .
            </p>
          )}
        </>
      )}
    </section>
  );
}
