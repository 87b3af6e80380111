import { useEffect, useId, useState } from 'react';
import { describeLedgerEntry, formatDateTime, formatNumber } from './format.ts';
import { useTollgate } from './TollgateProvider.tsx';
import type { KitLedgerEntry } from './types.ts';

export interface CreditHistoryProps {
  /** How many transactions to show. */
  readonly limit?: number;
}

/**
 * The customer's recent credit movements (grants, generations, refunds, expiries), newest
 * first, with the signed change of each. Reloads whenever the balance changes.
 */
export function CreditHistory({ limit = 10 }: CreditHistoryProps) {
  const { client, customer } = useTollgate();
  const [entries, setEntries] = useState<readonly KitLedgerEntry[] | null>(null);
  const [failed, setFailed] = useState(false);
  const headingId = useId();
  const version = `${customer?.balance.available}:${customer?.balance.held}`;

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` reloads the history when the balance moves
  useEffect(() => {
    const abort = new AbortController();
    client
      .listLedger({ limit, signal: abort.signal })
      .then((page) => {
        setEntries(page.entries);
        setFailed(false);
      })
      .catch(() => {
        if (!abort.signal.aborted) setFailed(true);
      });
    return () => abort.abort();
  }, [client, limit, version]);

  return (
    <section className="tg tg-history" aria-labelledby={headingId} data-testid="credit-history">
      <h3 id={headingId} className="tg-card__title">
        Credit history
      </h3>
      {failed && <p className="tg-text-danger">History is unavailable right now.</p>}
      {!failed && entries === null && <p className="tg-muted">Loading…</p>}
      {entries !== null && entries.length === 0 && <p className="tg-muted">No credit movements yet.</p>}
      {entries !== null && entries.length > 0 && (
        <ul className="tg-list tg-history__list">
          {entries.map((e) => (
            <li key={e.id}>
              <span>
                <span className="tg-history__kind">{describeLedgerEntry(e)}</span>
                {e.description !== null && <span className="tg-small tg-muted"> · {e.description}</span>}
                <br />
                <time className="tg-small tg-muted" dateTime={new Date(e.createdAt).toISOString()}>
                  {formatDateTime(e.createdAt)}
                </time>
              </span>
              <span className={e.credits < 0 ? 'tg-amount tg-amount--out' : 'tg-amount tg-amount--in'}>
                {e.credits > 0 ? '+' : e.credits < 0 ? '−' : ''}
                {formatNumber(Math.abs(e.credits))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
