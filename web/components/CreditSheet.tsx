import { Drawer } from 'vaul';
import { BuyCredits } from './BuyCredits.tsx';
import { CreditHistory } from './CreditHistory.tsx';
import { formatNumber } from './format.ts';
import { PlanPicker } from './PlanPicker.tsx';
import { useTollgate } from './TollgateProvider.tsx';
import { UsageProjections } from './UsageProjections.tsx';
import { useAffordability } from './use-affordability.ts';
import type { CheckoutHandler } from './use-checkout.ts';

export interface CreditSheetProps {
  /** Called instead of the built-in checkout redirect (packs and plans). */
  readonly onCheckout?: CheckoutHandler;
  /** Show the floating button on every screen size, not only below 768 px. */
  readonly alwaysShowTrigger?: boolean;
  /** Control the sheet from outside. */
  readonly open?: boolean;
  readonly onOpenChange?: (open: boolean) => void;
}

/**
 * Credit management on a phone: a floating "N credits" button (bottom right) opens a bottom
 * sheet (vaul: drag to dismiss, focus trapped, Escape closes) with the credit history, usage
 * projections and the ways to get more — upgrade plans and packs. On wide screens the button
 * hides, since the header meter is in view.
 */
export function CreditSheet({ onCheckout, alwaysShowTrigger = false, open, onOpenChange }: CreditSheetProps) {
  const { customer } = useTollgate();
  const available = customer?.balance.available ?? null;
  const control = open === undefined ? {} : { open };
  const change = onOpenChange === undefined ? {} : { onOpenChange };
  const checkout = onCheckout === undefined ? {} : { onCheckout };

  return (
    <Drawer.Root {...control} {...change}>
      <Drawer.Trigger
        className="tg tg-button tg-sheet-trigger"
        data-always={alwaysShowTrigger}
        data-testid="credit-sheet-trigger"
      >
        {available === null ? 'Credits' : `${formatNumber(available)} credits`}
      </Drawer.Trigger>
      <Drawer.Portal>
        <Drawer.Overlay className="tg-sheet-overlay" />
        <Drawer.Content className="tg tg-sheet" data-testid="credit-sheet">
          <Drawer.Handle className="tg-sheet__handle" />
          <div className="tg-sheet__header">
            <Drawer.Title className="tg-sheet__title">Your credits</Drawer.Title>
            <Drawer.Close className="tg-button tg-button--ghost tg-button--small">Close</Drawer.Close>
          </div>
          <Drawer.Description className="tg-muted">
            {available === null ? 'Loading…' : `${formatNumber(available)} credits available now.`}
          </Drawer.Description>
          <div className="tg-sheet__body">
            <WhatCreditsBuy />
            <CreditHistory limit={8} />
            <UsageProjections />
            <PlanPicker
              title="Upgrade options"
              upgradesOnly
              {...(onCheckout ? { onChoose: onCheckout } : {})}
            />
            <BuyCredits title="Credit packs" {...checkout} />
          </div>
        </Drawer.Content>
      </Drawer.Portal>
    </Drawer.Root>
  );
}

/** What the credits still buy, per category, in product units, and the free generations left. */
function WhatCreditsBuy() {
  const answer = useAffordability();
  if (answer === null) return null;
  return (
    <section className="tg-card" data-testid="sheet-affordability" aria-label="What your credits buy">
      <h3 className="tg-card__title">What your credits buy</h3>
      <p>{answer.sentence}</p>
    </section>
  );
}
