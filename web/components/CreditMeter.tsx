import { useId } from 'react';
import { formatCredits, formatNumber } from './format.ts';
import { describeQuotaUse } from './plan-limits.ts';
import { findCurrentPlan, useTollgate } from './TollgateProvider.tsx';
import type { KitCustomer, KitPlan } from './types.ts';

export interface PlanUsage {
  readonly used: number;
  readonly total: number;
  /** Whole percent of the plan's credits used, 0–100. */
  readonly percent: number;
  /** The highest warning threshold crossed (80, 95), or null. */
  readonly threshold: number | null;
}

/** How much of this period's plan credits is used, and which warning threshold that crosses. */
export function measurePlanUsage(customer: KitCustomer, plan: KitPlan | null): PlanUsage | null {
  const planLots = customer.lots.filter((l) => l.source === 'plan');
  const granted = planLots.reduce((sum, l) => sum + l.amount, 0);
  const total = Math.max(plan?.monthlyCredits ?? 0, granted);
  if (total <= 0) return null;
  const remaining = customer.bySource.plan ?? planLots.reduce((sum, l) => sum + l.remaining, 0);
  const used = Math.min(total, Math.max(0, total - remaining));
  const percent = Math.floor((used * 100) / total);
  const thresholds = plan?.creditWarningsPct.length ? plan.creditWarningsPct : [80, 95];
  const crossed = thresholds.filter((t) => used * 100 >= t * total);
  return { used, total, percent, threshold: crossed.length > 0 ? Math.max(...crossed) : null };
}

/** The warning for a crossed threshold, in the preset app's own words. */
export function describeUsageWarning(threshold: number): string {
  return threshold >= 95
    ? `${100 - threshold}% credits remaining — consider upgrading`
    : `You've used ${threshold}% of your credits`;
}

export interface CreditMeterProps {
  /** Shown beside a warning; omit to show the warning without an action. */
  readonly onUpgrade?: () => void;
  readonly className?: string;
}

/**
 * The credit meter for the app's header: plan credits used of the period's allowance, the
 * credits available right now, and the preset app's warnings at 80% and 95% used — so a customer
 * sees they are running dry before a generation is refused. For plans without an allowance
 * (pack-only apps) it shows the balance alone.
 */
export function CreditMeter({ onUpgrade, className }: CreditMeterProps) {
  const { catalog, customer } = useTollgate();
  const labelId = useId();
  if (customer === null) {
    return (
      <section className={`tg tg-meter ${className ?? ''}`} aria-busy="true" aria-label="Credits">
        <span className="tg-muted">Loading credits…</span>
      </section>
    );
  }
  const plan = findCurrentPlan(catalog, customer);
  const usage = measurePlanUsage(customer, plan);
  const { available, held } = customer.balance;
  const level = usage?.threshold == null ? 'ok' : usage.threshold >= 95 ? 'danger' : 'warn';
  return (
    <section className={`tg tg-meter ${className ?? ''}`} aria-label="Credits" data-level={level}>
      <div className="tg-meter__row">
        <span className="tg-meter__available" data-testid="credits-available">
          <strong>{formatNumber(available)}</strong> {available === 1 ? 'credit' : 'credits'} available
        </span>
        {plan !== null && <span className="tg-badge">{plan.name}</span>}
      </div>
      {usage !== null && (
        <>
          <div className="tg-meter__row tg-small">
            <span id={labelId}>Plan credits used</span>
            <span>
              {formatNumber(usage.used)} of {formatNumber(usage.total)}
            </span>
          </div>
          {/* biome-ignore lint/a11y/useSemanticElements: <meter>'s bar cannot be themed with custom properties in every browser */}
          <div
            className="tg-meter__track"
            role="meter"
            aria-labelledby={labelId}
            aria-valuemin={0}
            aria-valuemax={usage.total}
            aria-valuenow={usage.used}
            aria-valuetext={`${formatNumber(usage.used)} of ${formatCredits(usage.total)} used (${usage.percent}%)`}
          >
            <div className="tg-meter__fill" style={{ width: `${usage.percent}%` }} />
          </div>
        </>
      )}
      {customer.quotas.map((q) => {
        const use = describeQuotaUse(q);
        return use === null ? null : (
          <p key={q.key} className="tg-small tg-muted" data-testid="quota-use" data-quota={q.key}>
            {use}
          </p>
        );
      })}
      {held > 0 && (
        <p className="tg-small tg-muted">{formatCredits(held)} reserved for running generations</p>
      )}
      {usage?.threshold != null && (
        <div className={`tg-alert tg-alert--${level}`} role="status">
          <span>{describeUsageWarning(usage.threshold)}</span>
          {onUpgrade !== undefined && (
            <button type="button" className="tg-button tg-button--small" onClick={onUpgrade}>
              Upgrade
            </button>
          )}
        </div>
      )}
    </section>
  );
}
