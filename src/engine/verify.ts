/**
 * `verify`: recomputes every lot and customer balance from the journal and checks every
 * invariant of the ledger. Read-only; answers each difference as a sentence naming the
 * tenant, customer, lot or transaction, so an operator can find it.
 */
import { checkBudget } from '../domain/budgets.ts';
import { credits } from '../domain/credits.ts';
import { formatLotAccount, serializeTransaction, sumEntries } from '../domain/journal.ts';
import type { Store, StoreTx } from '../store/store.ts';
import { hashText } from './context.ts';

export interface VerifyReport {
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly counts: {
    readonly tenants: number;
    readonly customers: number;
    readonly lots: number;
    readonly transactions: number;
    readonly entries: number;
  };
  /** Net credits per system account (issued negative, usage positive, ...). */
  readonly systemAccounts: Readonly<Record<string, number>>;
}

/** Checks the whole ledger in one consistent snapshot. */
export async function verifyLedger(store: Store): Promise<VerifyReport> {
  return store.read(async (tx) => {
    const problems: string[] = [];
    const tenants = await tx.tenants.list();
    const customers = await tx.customers.listAll();
    const lots = await tx.lots.listAll();
    const transactions = await tx.journal.listAll();
    const activeHolds = await tx.holds.sumActiveByCustomer();
    const fromJournal = new Map<string, number>();
    const system: Record<string, number> = {};
    let entries = 0;
    for (const t of transactions) {
      const where = `tenant ${t.tenantId} transaction ${t.id}`;
      const sum = sumEntries(t.entries);
      if (sum !== 0) problems.push(`${where} does not balance: entries sum to ${sum}`);
      if (t.entries.length < 2) problems.push(`${where} has ${t.entries.length} entries`);
      if (hashText(serializeTransaction(t)) !== t.digest)
        problems.push(`${where} was changed after it was written`);
      for (const e of t.entries) {
        entries += 1;
        if (e.lotId === null) {
          system[e.account] = (system[e.account] ?? 0) + e.amount;
          continue;
        }
        if (e.customerId === null || e.account !== formatLotAccount(e.customerId, e.lotId)) {
          problems.push(`${where} entry ${e.account} does not match its lot ${e.lotId}`);
        }
        const key = `${t.tenantId}/${e.lotId}`;
        fromJournal.set(key, (fromJournal.get(key) ?? 0) + e.amount);
      }
    }
    const balances = new Map<string, number>();
    for (const lot of lots) {
      const where = `tenant ${lot.tenantId} customer ${lot.customerId} lot ${lot.id}`;
      const journal = fromJournal.get(`${lot.tenantId}/${lot.id}`) ?? 0;
      fromJournal.delete(`${lot.tenantId}/${lot.id}`);
      if (journal !== lot.remaining)
        problems.push(`${where}: remaining ${lot.remaining}, journal says ${journal}`);
      if (lot.source !== 'overdraft' && (lot.remaining < 0 || lot.remaining > lot.amount)) {
        problems.push(`${where}: remaining ${lot.remaining} outside 0..${lot.amount}`);
      }
      const ck = `${lot.tenantId}/${lot.customerId}`;
      balances.set(ck, (balances.get(ck) ?? 0) + lot.remaining);
    }
    for (const key of fromJournal.keys())
      problems.push(`journal moves credits of lot ${key}, which does not exist`);
    const held = new Map(activeHolds.map((h) => [`${h.tenantId}/${h.customerId}`, h.held]));
    for (const c of customers) {
      const where = `tenant ${c.tenantId} customer ${c.id}`;
      const key = `${c.tenantId}/${c.id}`;
      const lotSum = balances.get(key) ?? 0;
      const holdSum = held.get(key) ?? 0;
      if (c.balance !== lotSum) problems.push(`${where}: balance ${c.balance}, lots sum to ${lotSum}`);
      if (c.held !== holdSum) problems.push(`${where}: held ${c.held}, active holds sum to ${holdSum}`);
      if (c.balance - c.held < -c.overdraftLimit) {
        problems.push(
          `${where}: available ${c.balance - c.held} is below the overdraft limit ${-c.overdraftLimit}`,
        );
      }
    }
    problems.push(...(await verifyHoldTrees(tx)));
    return {
      ok: problems.length === 0,
      problems,
      counts: {
        tenants: tenants.length,
        customers: customers.length,
        lots: lots.length,
        transactions: transactions.length,
        entries,
      },
      systemAccounts: system,
    };
  });
}

/**
 * Hold trees (issue 17 item 3): every child's parent exists and is a root of the same customer,
 * no active child outlives or outlasts its parent, and each parent's budget figures equal its
 * children's and never exceed what the parent reserved (`checkBudget`).
 */
async function verifyHoldTrees(tx: StoreTx): Promise<string[]> {
  const problems: string[] = [];
  for (const o of await tx.holds.listOrphans())
    problems.push(`tenant ${o.tenantId} hold ${o.id}: parent hold ${o.parentHoldId} does not exist`);
  for (const tree of await tx.holds.listTrees()) {
    const p = tree.parent;
    const where = `tenant ${p.tenantId} customer ${p.customerId} hold ${p.id}`;
    if ((p.parentHoldId ?? null) !== null) problems.push(`${where} has children but is itself a child`);
    for (const problem of tree.problems) problems.push(`${where}: ${problem}`);
    for (const problem of checkBudget({
      status: p.status,
      placed: p.placedCredits ?? null,
      captured: p.captured ?? credits(0),
      stored: {
        left: p.credits,
        childrenHeld: p.childrenHeld ?? credits(0),
        childrenCharged: p.childrenCharged ?? credits(0),
      },
      activeChildrenHeld: tree.activeChildrenHeld,
      childrenCharged: tree.childrenCharged,
    }))
      problems.push(`${where}: ${problem}`);
  }
  return problems;
}
