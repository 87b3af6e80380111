/**
 * A small in-memory reference model of the ledger, written independently of the engine
 * (no shared domain code) for the model-based test: lots, holds, charges, expiry and
 * refunds for the test catalog's `clip` model, with the rules the engine follows.
 */

export const CLIP_PRICES: Readonly<Record<string, number>> = { a: 2, b: 5, c: 9 };
const DAY = 86_400_000;
const REFUND_LOT_DAYS = 7;

interface ModelLot {
  readonly seq: number;
  readonly priority: number;
  readonly expiresAt: number | null;
  readonly createdAt: number;
  remaining: number;
}

interface ModelHold {
  readonly customer: string;
  readonly credits: number;
  readonly expiresAt: number;
  status: 'active' | 'committed' | 'voided' | 'expired';
}

interface ModelCharge {
  readonly customer: string;
  readonly credits: number;
  readonly allocations: { lot: ModelLot; credits: number }[];
  refunded: number;
}

export type ModelAnswer = { ok: true; credits: number } | { ok: false; code: string };

/** The reference ledger. Every method answers what the engine must answer. */
export class ReferenceLedger {
  private seq = 0;
  private readonly lots = new Map<string, ModelLot[]>();
  readonly holds: ModelHold[] = [];
  readonly charges: ModelCharge[] = [];

  addLot(customer: string, amount: number, priority: number, expiresAt: number | null, now: number): void {
    const list = this.lots.get(customer) ?? [];
    list.push({ seq: this.seq++, priority, expiresAt, createdAt: now, remaining: amount });
    this.lots.set(customer, list);
  }

  private live(customer: string, at: number): ModelLot[] {
    return (this.lots.get(customer) ?? []).filter((l) => l.expiresAt === null || l.expiresAt > at);
  }

  private settle(customer: string, now: number): void {
    for (const h of this.holds)
      if (h.customer === customer && h.status === 'active' && h.expiresAt <= now) h.status = 'expired';
    for (const l of this.lots.get(customer) ?? [])
      if (l.expiresAt !== null && l.expiresAt <= now) l.remaining = 0;
  }

  private heldBy(customer: string): number {
    return this.holds
      .filter((h) => h.customer === customer && h.status === 'active')
      .reduce((s, h) => s + h.credits, 0);
  }

  /** balance, held, available as of now. */
  figures(customer: string, now: number): { balance: number; held: number; available: number } {
    this.settle(customer, now);
    const balance = this.live(customer, now).reduce((s, l) => s + l.remaining, 0);
    const held = this.heldBy(customer);
    return { balance, held, available: balance - held };
  }

  authorize(customer: string, variant: string, ttlMs: number, now: number): ModelAnswer {
    this.settle(customer, now);
    const price = CLIP_PRICES[variant] as number;
    const active = this.holds.filter((h) => h.customer === customer && h.status === 'active');
    const coverAt = Math.max(now + ttlMs, ...active.map((h) => h.expiresAt));
    const cover = this.live(customer, coverAt).reduce((s, l) => s + l.remaining, 0);
    if (price > cover - this.heldBy(customer)) return { ok: false, code: 'insufficient_credits' };
    this.holds.push({ customer, credits: price, expiresAt: now + ttlMs, status: 'active' });
    return { ok: true, credits: price };
  }

  commit(holdIndex: number, usage: string | undefined, now: number): ModelAnswer {
    const hold = this.holds[holdIndex] as ModelHold;
    this.settle(hold.customer, now);
    if (hold.status !== 'active') return { ok: false, code: 'hold_not_active' };
    const actual = usage === undefined ? hold.credits : (CLIP_PRICES[usage] as number);
    const live = this.live(hold.customer, now);
    const liveSum = live.reduce((s, l) => s + l.remaining, 0);
    const coverable = Math.max(0, liveSum - (this.heldBy(hold.customer) - hold.credits));
    const charged = Math.min(actual, hold.credits, coverable);
    hold.status = 'committed';
    const order = live
      .filter((l) => l.remaining > 0)
      .sort(
        (a, b) =>
          a.priority - b.priority ||
          (a.expiresAt ?? Number.POSITIVE_INFINITY) - (b.expiresAt ?? Number.POSITIVE_INFINITY) ||
          a.createdAt - b.createdAt ||
          a.seq - b.seq,
      );
    let left = charged;
    const allocations: ModelCharge['allocations'] = [];
    for (const lot of order) {
      if (left === 0) break;
      const take = Math.min(left, lot.remaining);
      lot.remaining -= take;
      left -= take;
      allocations.push({ lot, credits: take });
    }
    this.charges.push({ customer: hold.customer, credits: charged, allocations, refunded: 0 });
    return { ok: true, credits: charged };
  }

  void(holdIndex: number, now: number): ModelAnswer {
    const hold = this.holds[holdIndex] as ModelHold;
    this.settle(hold.customer, now);
    if (hold.status !== 'active') return { ok: false, code: 'hold_not_active' };
    hold.status = 'voided';
    return { ok: true, credits: hold.credits };
  }

  refund(chargeIndex: number, amount: number | undefined, now: number): ModelAnswer {
    const charge = this.charges[chargeIndex] as ModelCharge;
    this.settle(charge.customer, now);
    const refundable = charge.credits - charge.refunded;
    const want = amount ?? refundable;
    if (want <= 0 || want > refundable) return { ok: false, code: 'charge_not_refundable' };
    let skip = charge.refunded;
    let left = want;
    for (const a of [...charge.allocations].reverse()) {
      const free = Math.max(0, a.credits - skip);
      skip = Math.max(0, skip - a.credits);
      const take = Math.min(free, left);
      left -= take;
      if (take === 0) continue;
      if (a.lot.expiresAt === null || a.lot.expiresAt > now) a.lot.remaining += take;
      else this.addLot(charge.customer, take, a.lot.priority, now + REFUND_LOT_DAYS * DAY, now);
      if (left === 0) break;
    }
    charge.refunded += want;
    return { ok: true, credits: want };
  }
}
