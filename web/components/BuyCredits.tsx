import { useId } from 'react';
import { formatNumber, formatPrice } from './format.ts';
import { useTollgate } from './TollgateProvider.tsx';
import type { KitPack } from './types.ts';
import { type CheckoutHandler, useCheckout } from './use-checkout.ts';

export interface BuyCreditsProps {
  /** Heading above the packs. */
  readonly title?: string;
  /** Called instead of the built-in checkout redirect. */
  readonly onCheckout?: CheckoutHandler;
  /** Show only these packs (ids), in this order. */
  readonly packIds?: readonly string[];
  /** Compact buttons in the preset app's style: `Starter - $5`. */
  readonly compact?: boolean;
}

/** Cents per credit, to one decimal: the number that makes bigger packs worth it. */
function describeUnitPrice(pack: KitPack): string {
  const perCredit = pack.priceCents / Math.max(1, pack.credits);
  return `${perCredit.toFixed(perCredit < 10 ? 2 : 1).replace(/\.?0+$/, '')}¢ per credit`;
}

/** The short name the preset app's prompt uses: "Starter Pack" → "Starter". */
export function shortPackName(name: string): string {
  return name.replace(/\s+pack$/i, '');
}

/**
 * Credit packs for sale (one-time payments): name, credits, price and price per credit, each
 * a real button that starts the checkout. Used on its own and inside the out-of-credits prompt.
 */
export function BuyCredits({ title = 'Buy credits', onCheckout, packIds, compact = false }: BuyCreditsProps) {
  const { catalog } = useTollgate();
  const checkout = useCheckout(onCheckout);
  const headingId = useId();
  if (catalog === null) return null;
  const packs =
    packIds === undefined ? catalog.packs : packIds.flatMap((id) => catalog.packs.filter((p) => p.id === id));
  if (packs.length === 0) return null;

  return (
    <section className="tg tg-buy" aria-labelledby={headingId} data-testid="buy-credits">
      <h3 id={headingId} className={compact ? 'tg-visually-hidden' : 'tg-card__title'}>
        {title}
      </h3>
      <ul className={compact ? 'tg-buy__row' : 'tg-buy__grid'}>
        {packs.map((pack) => (
          <li key={pack.id}>
            <button
              type="button"
              className={compact ? 'tg-button' : 'tg-pack'}
              onClick={() => void checkout.start({ pack: pack.id })}
              disabled={checkout.pending !== null}
              aria-busy={checkout.pending === pack.id}
              data-pack={pack.id}
            >
              {compact ? (
                `${shortPackName(pack.name)} - ${formatPrice(pack.priceCents, catalog.currency)}`
              ) : (
                <>
                  <span className="tg-pack__name">{pack.name}</span>
                  <span className="tg-pack__credits">{formatNumber(pack.credits)} credits</span>
                  <span className="tg-pack__price">{formatPrice(pack.priceCents, catalog.currency)}</span>
                  <span className="tg-small tg-muted">{describeUnitPrice(pack)}</span>
                </>
              )}
            </button>
          </li>
        ))}
      </ul>
      {checkout.error !== null && (
        <p className="tg-text-danger" role="alert">
          {checkout.error}
        </p>
      )}
    </section>
  );
}
