/**
 * The double-entry journal: every credit movement is a transaction of
 * entries that sum to zero. Customer accounts are per lot (`customer:<id>:lot:<lot>`), so
 * `verify` can rebuild every lot and every balance from the journal alone; system accounts
 * stand on the other side (issuers, usage, expiry, refunds, clawbacks, adjustments).
 * Sign convention: a positive amount increases the account (a lot gaining credits).
 */
import type { LotSource } from './catalog.ts';
import { type Credits, credits } from './credits.ts';
import type { Allocation } from './lots.ts';

export const SystemAccount = {
  issuedPurchase: 'issued:purchase',
  issuedPlan: 'issued:plan',
  issuedPromotional: 'issued:promotional',
  usage: 'usage',
  expired: 'expired',
  refunded: 'refunded',
  clawback: 'clawback',
  /** Credits an open Stripe dispute holds back: out of the customer's lots, not yet clawed back. */
  disputed: 'disputed',
  adjustment: 'adjustment',
} as const;
export type SystemAccount = (typeof SystemAccount)[keyof typeof SystemAccount];

/** Lot sources as stored: the catalog's, plus the per-customer overdraft lot. */
export type StoredLotSource = LotSource | 'overdraft';

export type TransactionKind =
  | 'grant'
  | 'usage'
  | 'expiry'
  | 'refund'
  | 'clawback'
  | 'adjustment'
  | 'repayment'
  /** Unspent plan allowance kept into the next period (back to its issuer, out again to a new lot). */
  | 'rollover'
  /** A dispute opened: the purchase's unspent credits move to the `disputed` account. */
  | 'dispute_hold'
  /** A dispute won: held credits go back to their lots (or to `expired` when a lot ended meanwhile). */
  | 'dispute_release';

export interface JournalEntry {
  readonly account: string;
  readonly customerId: string | null;
  readonly lotId: string | null;
  readonly amount: Credits;
}

export interface JournalTransaction {
  readonly id: string;
  readonly kind: TransactionKind;
  readonly customerId: string;
  /** What caused it: a hold, charge, reward claim, Stripe event, ... */
  readonly ref: string | null;
  readonly createdAt: number;
  readonly entries: readonly JournalEntry[];
}

/** Account of one lot of one customer. */
export function formatLotAccount(customerId: string, lotId: string): string {
  return `customer:${customerId}:lot:${lotId}`;
}

/** The system account a lot of this source is issued from. */
export function findIssuerAccount(source: StoredLotSource): SystemAccount {
  if (source === 'purchase') return SystemAccount.issuedPurchase;
  if (source === 'plan') return SystemAccount.issuedPlan;
  if (source === 'adjustment' || source === 'overdraft') return SystemAccount.adjustment;
  if (source === 'refund') return SystemAccount.refunded;
  return SystemAccount.issuedPromotional;
}

function lotEntry(customerId: string, lotId: string, amount: number): JournalEntry {
  return { account: formatLotAccount(customerId, lotId), customerId, lotId, amount: credits(amount) };
}

function systemEntry(account: SystemAccount, amount: number): JournalEntry {
  return { account, customerId: null, lotId: null, amount: credits(amount) };
}

interface TxHead {
  readonly id: string;
  readonly customerId: string;
  readonly ref: string | null;
  readonly createdAt: number;
}

/** Credits flowing into one lot from a system account (grant, refund, positive adjustment). */
export function buildCreditTransaction(
  head: TxHead,
  kind: TransactionKind,
  from: SystemAccount,
  lotId: string,
  amount: Credits,
): JournalTransaction {
  return { ...head, kind, entries: [systemEntry(from, -amount), lotEntry(head.customerId, lotId, amount)] };
}

/** Credits flowing out of lots into a system account (usage, expiry, clawback, negative adjustment). */
export function buildDebitTransaction(
  head: TxHead,
  kind: TransactionKind,
  to: SystemAccount,
  allocations: readonly Allocation[],
): JournalTransaction {
  let total = 0;
  const entries: JournalEntry[] = [];
  for (const a of allocations) {
    entries.push(lotEntry(head.customerId, a.lotId, -a.credits));
    total += a.credits;
  }
  entries.push(systemEntry(to, total));
  return { ...head, kind, entries };
}

/** Credits put back into the lots they came from (a refund), from the `refunded` account. */
export function buildReturnTransaction(head: TxHead, allocations: readonly Allocation[]): JournalTransaction {
  const total = allocations.reduce((sum, a) => sum + a.credits, 0);
  const entries = allocations.map((a) => lotEntry(head.customerId, a.lotId, a.credits));
  return { ...head, kind: 'refund', entries: [systemEntry(SystemAccount.refunded, -total), ...entries] };
}

/** Moves credits between two lots of one customer (a new grant repaying an overdraft). */
export function buildTransferTransaction(
  head: TxHead,
  fromLot: string,
  toLot: string,
  amount: Credits,
): JournalTransaction {
  return {
    ...head,
    kind: 'repayment',
    entries: [lotEntry(head.customerId, fromLot, -amount), lotEntry(head.customerId, toLot, amount)],
  };
}

/** Moves credits between two system accounts (a lost dispute: `disputed` to `clawback`). */
export function buildSystemTransferTransaction(
  head: TxHead,
  kind: TransactionKind,
  from: SystemAccount,
  to: SystemAccount,
  amount: Credits,
): JournalTransaction {
  return { ...head, kind, entries: [systemEntry(from, -amount), systemEntry(to, amount)] };
}

/** Sum of a transaction's entries; zero for every well-formed transaction. */
export function sumEntries(entries: readonly Pick<JournalEntry, 'amount'>[]): number {
  let sum = 0;
  for (const e of entries) sum += e.amount;
  return sum;
}

/** Canonical text of a transaction's content, hashed into its digest so any later edit shows. */
export function serializeTransaction(
  tx: Omit<JournalTransaction, 'entries'> & { entries: readonly JournalEntry[] },
): string {
  const lines = [tx.id, tx.kind, tx.customerId, tx.ref ?? '', String(tx.createdAt)];
  for (const e of tx.entries) lines.push(`${e.account}|${e.customerId ?? ''}|${e.lotId ?? ''}|${e.amount}`);
  return lines.join('\n');
}
