import { useId } from 'react';
import { BuyCredits } from './BuyCredits.tsx';
import { PlanPicker } from './PlanPicker.tsx';
import { useTollgate } from './TollgateProvider.tsx';
import type { CheckoutHandler } from './use-checkout.ts';

export interface OutOfCreditsProps {
  /** Called instead of the built-in checkout redirect. */
  readonly onCheckout?: CheckoutHandler;
  /** Show even with credits left (e.g. after a refusal for a generation that costs more). */
  readonly force?: boolean;
}

/**
 * The preset app's no-credit prompt — "You're out of credits! Choose a package to continue:" with a
 * button per pack ([Starter - $5] [Popular - $15] ...). A catalog that sells plans only gets
 * its paid plans instead. Renders nothing while the customer still has credits, unless forced.
 */
export function OutOfCredits({ onCheckout, force = false }: OutOfCreditsProps) {
  const { catalog, customer } = useTollgate();
  const headingId = useId();
  if (catalog === null || customer === null) return null;
  if (!force && customer.balance.available > 0) return null;
  const hasPacks = catalog.packs.length > 0;

  return (
    <section className="tg tg-prompt tg-prompt--out" aria-labelledby={headingId} data-testid="out-of-credits">
      <h3 id={headingId} className="tg-prompt__title">
        You're out of credits!
      </h3>
      <p>{hasPacks ? 'Choose a package to continue:' : 'Choose a plan to continue:'}</p>
      {hasPacks ? (
        <BuyCredits compact title="Credit packages" {...(onCheckout ? { onCheckout } : {})} />
      ) : (
        <PlanPicker
          title="Plans with credits"
          upgradesOnly
          {...(onCheckout ? { onChoose: onCheckout } : {})}
        />
      )}
    </section>
  );
}
