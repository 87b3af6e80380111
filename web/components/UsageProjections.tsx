import { useId } from 'react';
import { formatCredits, formatPrice } from './format.ts';
import { useTollgate } from './TollgateProvider.tsx';

/** How long the balance lasts at the recent pace, without jargon ("burn"). */
export function describeRunway(daysUntilEmpty: number | null): string {
  if (daysUntilEmpty === null) return "No recent use, so they aren't running down";
  if (daysUntilEmpty < 1) return 'Less than a day at your recent pace';
  return `About ${daysUntilEmpty} day${daysUntilEmpty === 1 ? '' : 's'} at your recent pace`;
}

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
              <dt>Used in the last 7 days</dt>
              <dd>{formatCredits(projection.used7d)}</dd>
            </div>
            <div>
              <dt>Used in the last 30 days</dt>
              <dd>{formatCredits(projection.used30d)}</dd>
            </div>
            <div>
              <dt>Average use a day</dt>
              <dd>{formatCredits(projection.burnPerDay7d || projection.burnPerDay30d)}</dd>
            </div>
            <div>
              <dt>Your credits last</dt>
              <dd data-testid="days-until-empty">{describeRunway(projection.daysUntilEmpty)}</dd>
            </div>
            <div>
              <dt>Expected use before your plan renews</dt>
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
