/**
 * A small in-memory reference model of hold trees (budgets for agent runs, issue 17 item 3),
 * written independently of the engine (no shared domain code): one customer whose lots never
 * expire, root holds that reserve from the balance, child holds that take from a root's budget
 * left, partial and final captures, commits, voids and expiry, with the rules the engine must
 * follow. Lots never expire here, so the balance is one number (the reference ledger in
 * reference-model.ts covers lot order and expiry).
 */
import { CLIP_PRICES, type ModelAnswer } from './reference-model.ts';

export interface BudgetHold {
  readonly seq: number;
  readonly parent: BudgetHold | null;
  readonly quoted: number;
  readonly expiresAt: number;
  /** Reserved by this hold itself (for a root: its budget left). */
  credits: number;
  captured: number;
  childrenHeld: number;
  childrenCharged: number;
  status: 'active' | 'committed' | 'voided' | 'expired';
}

/** The reference tree ledger of one customer. Every method answers what the engine must answer. */
export class BudgetLedger {
  balance: number;
  readonly holds: BudgetHold[] = [];

  constructor(balance: number) {
    this.balance = balance;
  }

  get held(): number {
    return this.holds.filter((h) => h.status === 'active').reduce((s, h) => s + h.credits, 0);
  }

  grant(credits: number): void {
    this.balance += credits;
  }

  /** Ends holds past expiry, earliest first: a child gives back to its parent, a parent voids its children. */
  settle(now: number): void {
    const due = this.holds
      .filter((h) => h.status === 'active' && h.expiresAt <= now)
      .sort((a, b) => a.expiresAt - b.expiresAt || a.seq - b.seq);
    for (const h of due) if (h.status === 'active') this.end(h, 'expired');
  }

  private end(h: BudgetHold, status: 'voided' | 'expired'): void {
    for (const c of this.holds) if (c.parent === h && c.status === 'active') this.end(c, 'voided');
    h.status = status;
    const p = h.parent;
    if (p !== null && p.status === 'active') {
      p.credits += h.credits;
      p.childrenHeld -= h.credits;
    }
  }

  authorize(variant: string, ttlMs: number, now: number): ModelAnswer {
    this.settle(now);
    const price = CLIP_PRICES[variant] as number;
    if (price > this.balance - this.held) return { ok: false, code: 'insufficient_credits' };
    this.push(null, price, now + ttlMs);
    return { ok: true, credits: price };
  }

  authorizeChild(parentIndex: number, variant: string, ttlMs: number, now: number): ModelAnswer {
    this.settle(now);
    const parent = this.holds[parentIndex] as BudgetHold;
    const price = CLIP_PRICES[variant] as number;
    if (parent.parent !== null) return { ok: false, code: 'invalid_request' };
    if (parent.status !== 'active') return { ok: false, code: 'hold_not_active' };
    if (price > parent.credits) return { ok: false, code: 'insufficient_credits' };
    parent.credits -= price;
    parent.childrenHeld += price;
    this.push(parent, price, Math.min(now + ttlMs, parent.expiresAt));
    return { ok: true, credits: price };
  }

  private push(parent: BudgetHold | null, price: number, expiresAt: number): void {
    this.holds.push({
      seq: this.holds.length,
      parent,
      quoted: price,
      expiresAt,
      credits: price,
      captured: 0,
      childrenHeld: 0,
      childrenCharged: 0,
      status: 'active',
    });
  }

  /** A commit (`final`, usage optional) or a partial capture (`final` false, usage given). */
  charge(index: number, usage: string | undefined, final: boolean, now: number): ModelAnswer {
    this.settle(now);
    const h = this.holds[index] as BudgetHold;
    if (h.status !== 'active') return { ok: false, code: 'hold_not_active' };
    const open = this.holds.some((c) => c.parent === h && c.status === 'active');
    if (final && open) return { ok: false, code: 'invalid_request' };
    const actual =
      usage !== undefined ? (CLIP_PRICES[usage] as number) : h.captured > 0 ? h.credits : h.quoted;
    const charged = Math.min(actual, h.credits); // no overage in the test catalog
    this.balance -= charged;
    const released = final ? h.credits : charged;
    const p = h.parent;
    if (p !== null) {
      p.childrenHeld -= released;
      p.childrenCharged += charged;
      if (final) p.credits += h.credits - charged;
    }
    h.credits -= charged;
    h.captured += charged;
    if (final) h.status = 'committed';
    return { ok: true, credits: charged };
  }

  void(index: number, now: number): ModelAnswer {
    this.settle(now);
    const h = this.holds[index] as BudgetHold;
    if (h.status !== 'active') return { ok: false, code: 'hold_not_active' };
    this.end(h, 'voided');
    return { ok: true, credits: h.credits };
  }
}
