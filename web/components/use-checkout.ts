import { useCallback, useState } from 'react';
import { TollgateApiError } from './client.ts';
import { useTollgate } from './TollgateProvider.tsx';
import type { KitCheckoutItem } from './types.ts';

/** What the buy buttons do: hand the item to the app, or start a checkout and go there. */
export type CheckoutHandler = (item: KitCheckoutItem) => void | Promise<void>;

export interface CheckoutState {
  /** Id of the pack or plan whose checkout is starting, or null. */
  readonly pending: string | null;
  readonly error: string | null;
  readonly start: (item: KitCheckoutItem) => Promise<void>;
}

const itemId = (item: KitCheckoutItem) => ('pack' in item ? item.pack : item.plan);

/**
 * Starts a checkout for a pack or a plan. With `onCheckout` the app decides (a modal, its own
 * route); without it, the session token asks Tollgate for a checkout and the page goes there,
 * coming back to the same page afterwards. Credits arrive with the payment's webhook, never
 * from the return URL.
 */
export function useCheckout(onCheckout?: CheckoutHandler): CheckoutState {
  const { client } = useTollgate();
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const start = useCallback(
    async (item: KitCheckoutItem) => {
      setPending(itemId(item));
      setError(null);
      try {
        if (onCheckout !== undefined) {
          await onCheckout(item);
          return;
        }
        const here = window.location.href;
        const checkout = await client.startCheckout(item, { successUrl: here, cancelUrl: here });
        window.location.assign(checkout.url);
      } catch (e) {
        setError(e instanceof TollgateApiError || e instanceof Error ? e.message : 'Checkout failed');
      } finally {
        setPending(null);
      }
    },
    [client, onCheckout],
  );
  return { pending, error, start };
}
