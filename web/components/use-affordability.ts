/**
 * What the customer can still afford, reloaded whenever the shared customer changes (after a
 * generation, a purchase, a plan change), so the counts follow the balance.
 */
import { useEffect, useState } from 'react';
import { useTollgate } from './TollgateProvider.tsx';
import type { KitAffordability } from './types.ts';

/** The affordability answer for one model (or every model when `model` is undefined); null while loading or on error. */
export function useAffordability(model?: string): KitAffordability | null {
  const { client, customer } = useTollgate();
  const [answer, setAnswer] = useState<KitAffordability | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `customer` is the trigger to reload
  useEffect(() => {
    const abort = new AbortController();
    client
      .getAffordability(model === undefined ? {} : { model }, abort.signal)
      .then(setAnswer)
      .catch(() => {
        if (!abort.signal.aborted) setAnswer(null);
      });
    return () => abort.abort();
  }, [client, model, customer]);
  return answer;
}
