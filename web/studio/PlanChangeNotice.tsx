import { formatCredits, type KitCustomer, type KitPlan } from '../components/index.ts';

/** What a demo plan switch does to the credits: the old allowance left goes, the new one comes. */
export function describePlanChange(customer: KitCustomer, from: KitPlan | null, to: KitPlan) {
  const planLeft =
    customer.bySource.plan ??
    customer.lots.filter((l) => l.source === 'plan').reduce((sum, l) => sum + l.remaining, 0);
  const after = Math.max(0, customer.balance.available - planLeft + to.monthlyCredits);
  const takes =
    planLeft > 0
      ? `takes back the ${formatCredits(planLeft)} left from ${from?.name ?? 'your plan'}`
      : `takes back no plan credits`;
  const adds =
    to.monthlyCredits > 0
      ? `adds ${to.name}'s ${formatCredits(to.monthlyCredits)} for this month`
      : `adds none (${to.name} has no monthly credits)`;
  return {
    after,
    text: `Switching to ${to.name} ${takes} and ${adds}. You will have ${formatCredits(after)}; bonus and purchased credits stay.`,
  };
}

/** Asks before a downgrade, saying what happens to the credits; nothing changes until confirmed. */
export function PlanChangeNotice(props: {
  readonly customer: KitCustomer;
  readonly from: KitPlan | null;
  readonly to: KitPlan;
  readonly busy: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}) {
  const { text } = describePlanChange(props.customer, props.from, props.to);
  return (
    <section
      className="tg tg-alert tg-alert--warn studio-notice"
      role="alertdialog"
      aria-label={`Switch to ${props.to.name}?`}
      data-testid="plan-change-confirm"
    >
      <p>{text}</p>
      <div className="tg-prompt__actions">
        <button
          type="button"
          className="tg-button tg-button--small"
          disabled={props.busy}
          onClick={props.onConfirm}
        >
          Switch to {props.to.name}
        </button>
        <button
          type="button"
          className="tg-button tg-button--ghost tg-button--small"
          onClick={props.onCancel}
        >
          Keep {props.from?.name ?? 'my plan'}
        </button>
      </div>
    </section>
  );
}
