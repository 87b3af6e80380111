/**
 * SQL for the double-entry journal. Append-only: there is no update or delete here, and the
 * migrations add triggers that refuse them. Each transaction stores the digest of its
 * content so `verify` can tell if an entry was ever changed behind the engine's back.
 */
import { credits } from '../../domain/credits.ts';
import type { TransactionKind } from '../../domain/journal.ts';
import { formatPlaceholders, readInt, readTextOrNull, type SqlDriver, type SqlValue } from '../driver.ts';
import type { JournalEntryRow, JournalTransactionRow } from '../types.ts';

type Header = Omit<JournalTransactionRow, 'entries'>;

function toHeader(r: Record<string, unknown>): Header {
  return {
    tenantId: String(r.tenant_id),
    id: String(r.id),
    kind: String(r.kind) as TransactionKind,
    customerId: String(r.customer_id),
    ref: readTextOrNull(r.ref),
    createdAt: readInt(r.created_at, 'created_at'),
    digest: String(r.digest),
  };
}

function toEntry(r: Record<string, unknown>): JournalEntryRow & { txId: string; tenantId: string } {
  return {
    tenantId: String(r.tenant_id),
    txId: String(r.tx_id),
    account: String(r.account),
    customerId: readTextOrNull(r.customer_id),
    lotId: readTextOrNull(r.lot_id),
    amount: credits(readInt(r.amount, 'amount')),
  };
}

function attachEntries(headers: Header[], entries: ReturnType<typeof toEntry>[]): JournalTransactionRow[] {
  const byTx = new Map<string, JournalEntryRow[]>();
  for (const e of entries) {
    const key = `${e.tenantId}/${e.txId}`;
    const list = byTx.get(key) ?? [];
    list.push({ account: e.account, customerId: e.customerId, lotId: e.lotId, amount: e.amount });
    byTx.set(key, list);
  }
  return headers.map((h) => ({ ...h, entries: byTx.get(`${h.tenantId}/${h.id}`) ?? [] }));
}

const ENTRY_COLUMNS = 'tenant_id, tx_id, seq, account, customer_id, lot_id, amount';

/** Journal queries bound to one connection or transaction. */
export function createJournalQueries(db: SqlDriver) {
  return {
    /** Appends one transaction with all its entries. */
    async append(tx: JournalTransactionRow): Promise<void> {
      const params: SqlValue[] = [];
      tx.entries.forEach((e, seq) => {
        params.push(tx.tenantId, tx.id, seq, e.account, e.customerId, e.lotId, e.amount);
      });
      const values = tx.entries.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ');
      // Sent together and run in this order: the header before the entries that reference it.
      await Promise.all([
        db.run(
          'INSERT INTO journal_transactions (tenant_id, id, kind, customer_id, ref, created_at, digest) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [tx.tenantId, tx.id, tx.kind, tx.customerId, tx.ref, tx.createdAt, tx.digest],
        ),
        db.run(`INSERT INTO journal_entries (${ENTRY_COLUMNS}) VALUES ${values}`, params),
      ]);
    },

    /** A customer's transactions, newest first, after the `before` cursor (a transaction id). */
    async listForCustomer(
      tenantId: string,
      customerId: string,
      before: string | null,
      limit: number,
    ): Promise<JournalTransactionRow[]> {
      const cursor = before === null ? '' : ' AND id < ?';
      const params: SqlValue[] =
        before === null ? [tenantId, customerId, limit] : [tenantId, customerId, before, limit];
      const headers = (
        await db.query(
          `SELECT tenant_id, id, kind, customer_id, ref, created_at, digest FROM journal_transactions WHERE tenant_id = ? AND customer_id = ?${cursor} ORDER BY id DESC LIMIT ?`,
          params,
        )
      ).map(toHeader);
      if (headers.length === 0) return [];
      const ids = headers.map((h) => h.id);
      const entries = await db.query(
        `SELECT ${ENTRY_COLUMNS} FROM journal_entries WHERE tenant_id = ? AND tx_id IN (${formatPlaceholders(ids.length)}) ORDER BY tx_id, seq`,
        [tenantId, ...ids],
      );
      return attachEntries(headers, entries.map(toEntry));
    },

    /** Every transaction with its entries, every tenant (verify). */
    async listAll(): Promise<JournalTransactionRow[]> {
      const headers = (
        await db.query(
          'SELECT tenant_id, id, kind, customer_id, ref, created_at, digest FROM journal_transactions ORDER BY tenant_id, id',
        )
      ).map(toHeader);
      const entries = await db.query(
        `SELECT ${ENTRY_COLUMNS} FROM journal_entries ORDER BY tenant_id, tx_id, seq`,
      );
      return attachEntries(headers, entries.map(toEntry));
    },
  };
}

export type JournalQueries = ReturnType<typeof createJournalQueries>;
