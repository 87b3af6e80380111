import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { TollgateClient } from './client.ts';
import type { KitCatalog, KitCustomer, KitPlan } from './types.ts';

/** What every component reads: the client, the catalog, the customer, and a way to reload. */
export interface TollgateState {
  readonly client: TollgateClient;
  readonly catalog: KitCatalog | null;
  readonly customer: KitCustomer | null;
  readonly error: Error | null;
  /** Source of every lot seen so far, spent ones included, so a receipt can name what paid. */
  readonly lotSources: ReadonlyMap<string, string>;
  /** Reloads the customer (after a generation, a purchase, a plan change). */
  readonly refresh: () => Promise<void>;
}

const TollgateContext = createContext<TollgateState | null>(null);

export interface TollgateProviderProps {
  readonly client: TollgateClient;
  readonly children: ReactNode;
  /** Bump to force a reload from outside (e.g. after the tenant's backend committed a hold). */
  readonly refreshKey?: number | string;
}

/**
 * Loads the catalog and the customer once and shares them with every kit component below it,
 * so the meter, the prompts and the sheet never disagree about the balance. Wrap the part of
 * the page that shows credits in it.
 */
export function TollgateProvider({ client, children, refreshKey }: TollgateProviderProps) {
  const [catalog, setCatalog] = useState<KitCatalog | null>(null);
  const [customer, setCustomer] = useState<KitCustomer | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [lotSources] = useState(() => new Map<string, string>());

  const refresh = useCallback(async () => {
    try {
      const loaded = await client.getCustomer();
      for (const lot of loaded.lots) lotSources.set(lot.id, lot.source);
      setCustomer(loaded);
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    }
  }, [client, lotSources]);

  useEffect(() => {
    const abort = new AbortController();
    client
      .getCatalog(abort.signal)
      .then(setCatalog)
      .catch((e: unknown) => {
        if (!abort.signal.aborted) setError(e instanceof Error ? e : new Error(String(e)));
      });
    return () => abort.abort();
  }, [client]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: refreshKey is the trigger to reload
  useEffect(() => {
    void refresh();
  }, [refresh, refreshKey]);

  const value = useMemo(
    () => ({ client, catalog, customer, error, lotSources, refresh }),
    [client, catalog, customer, error, lotSources, refresh],
  );
  return <TollgateContext.Provider value={value}>{children}</TollgateContext.Provider>;
}

/** The shared state; throws when a kit component is rendered outside `TollgateProvider`. */
export function useTollgate(): TollgateState {
  const state = useContext(TollgateContext);
  if (state === null) throw new Error('Tollgate components must be rendered inside <TollgateProvider>');
  return state;
}

/** The shared state, or null outside a provider (for components that also work standalone). */
export function useOptionalTollgate(): TollgateState | null {
  return useContext(TollgateContext);
}

/** The customer's current plan from the catalog, when both are loaded. */
export function findCurrentPlan(catalog: KitCatalog | null, customer: KitCustomer | null): KitPlan | null {
  if (catalog === null || customer === null) return null;
  return catalog.plans.find((p) => p.id === customer.planId) ?? null;
}
