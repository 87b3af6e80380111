import { useId } from 'react';
import { useTollgate } from './TollgateProvider.tsx';

export interface LowCreditsProps {
  /** "Buy Credits": open the packs or the checkout. */
  readonly onBuyCredits: () => void;
  /** "Continue with Free": dismiss (e.g. switch to a free model). Hidden when omitted. */
  readonly onContinueFree?: () => void;
  /** Show at or below this many credits; defaults to the catalog's low-balance number. */
  readonly threshold?: number;
}

/** The low-credit message in the preset app's own words, for a given balance. */
export function describeLowCredits(available: number): string {
  return `You have ${available} credit${available === 1 ? '' : 's'} left.`;
}

/**
 * The preset app's low-credit prompt — "You have 2 credits left. Buy more to keep creating!" with
 * [Buy Credits] [Continue with Free] — shown when the balance is at or below the tenant's
 * low-balance number but not yet zero (zero is `OutOfCredits`). Renders nothing otherwise.
 */
export function LowCredits({ onBuyCredits, onContinueFree, threshold }: LowCreditsProps) {
  const { catalog, customer } = useTollgate();
  const headingId = useId();
  if (customer === null) return null;
  const limit = threshold ?? catalog?.lowBalanceCredits ?? null;
  const available = customer.balance.available;
  if (limit === null || available <= 0 || available > limit) return null;

  return (
    <section
      className="tg tg-prompt tg-prompt--low"
      role="status"
      aria-labelledby={headingId}
      data-testid="low-credits"
    >
      <p id={headingId} className="tg-prompt__title">
        {describeLowCredits(available)}
      </p>
      <p>Buy more to keep creating!</p>
      <div className="tg-prompt__actions">
        <button type="button" className="tg-button" onClick={onBuyCredits}>
          Buy Credits
        </button>
        {onContinueFree !== undefined && (
          <button type="button" className="tg-button tg-button--ghost" onClick={onContinueFree}>
            Continue with Free
          </button>
        )}
      </div>
    </section>
  );
}
