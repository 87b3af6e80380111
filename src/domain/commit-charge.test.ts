import { describe, expect, it } from 'vitest';
import { type CommitChargeInput, decideCommitCharge } from './commit-charge.ts';
import { type Credits, credits } from './credits.ts';

const c = (n: number): Credits => credits(n);
/** A hold of 5 on a customer with 20 in live lots and only this hold active. */
const base: CommitChargeInput = {
  held: c(5),
  actual: c(3),
  allowOverage: false,
  final: true,
  figures: { balance: c(20), held: c(5), overdraftLimit: c(0) },
  parent: null,
  cap: null,
};

describe('decideCommitCharge', () => {
  it('charges the actual price and releases the whole hold when final', () => {
    expect(decideCommitCharge(base)).toEqual({
      ok: true,
      value: { charged: 3, capped: false, released: 5, heldDelta: -5, parentMove: null },
    });
  });

  it('caps at the hold without overage; with it, charges within what is spendable, else refuses naming usage', () => {
    const over = { ...base, actual: c(9) };
    expect(decideCommitCharge(over)).toMatchObject({ ok: true, value: { charged: 5, capped: true } });
    expect(decideCommitCharge({ ...over, allowOverage: true })).toMatchObject({
      ok: true,
      value: { charged: 9, capped: false, released: 5 },
    });
    const tooMuch = decideCommitCharge({ ...over, allowOverage: true, actual: c(21) });
    expect(tooMuch).toMatchObject({
      ok: false,
      error: { code: 'insufficient_credits', param: 'usage', details: { required: 21, available: 20 } },
    });
    // The overdraft counts as spendable.
    const overdraft = { ...base.figures, overdraftLimit: c(1) };
    expect(
      decideCommitCharge({ ...over, allowOverage: true, actual: c(21), figures: overdraft }),
    ).toMatchObject({ ok: true, value: { charged: 21 } });
  });

  it('never charges what expired lots would have paid: the live balance bounds it', () => {
    // Of the 5 held, lots worth 2 expired under the hold: live balance 3, this hold still 5.
    const expired = { ...base, actual: c(5), figures: { balance: c(3), held: c(5), overdraftLimit: c(0) } };
    expect(decideCommitCharge(expired)).toMatchObject({ ok: true, value: { charged: 3, released: 5 } });
  });

  it("stops a capped key's overage at its cap", () => {
    const keyed = {
      ...base,
      actual: c(9),
      allowOverage: true,
      cap: { monthly: 100, used: 98, remaining: 2, resetsAt: 0 },
    };
    expect(decideCommitCharge(keyed)).toMatchObject({ ok: true, value: { charged: 7 } });
  });

  it('releases only what a partial capture charged, at most what is left held', () => {
    const partial = { ...base, final: false };
    expect(decideCommitCharge(partial)).toMatchObject({ ok: true, value: { released: 3, heldDelta: -3 } });
    expect(decideCommitCharge({ ...partial, actual: c(9), allowOverage: true })).toMatchObject({
      ok: true,
      value: { charged: 9, released: 5, heldDelta: -5 },
    });
  });

  it("charges a child within its parent's budget left, and moves the parent's figures", () => {
    // Parent has 4 left; child holds 5; the customer's held counts both (9).
    const child: CommitChargeInput = {
      ...base,
      figures: { balance: c(20), held: c(9), overdraftLimit: c(0) },
      parent: { id: 'p1', left: c(4) },
    };
    expect(decideCommitCharge(child)).toEqual({
      ok: true,
      value: {
        charged: 3,
        capped: false,
        released: 5,
        heldDelta: -3,
        parentMove: { credits: 2, childrenHeld: -5, childrenCharged: 3 },
      },
    });
    const overage = decideCommitCharge({ ...child, actual: c(8), allowOverage: true });
    expect(overage).toMatchObject({
      ok: true,
      value: { charged: 8, heldDelta: -8, parentMove: { credits: -3, childrenHeld: -5 } },
    });
    const beyond = decideCommitCharge({ ...child, actual: c(10), allowOverage: true });
    expect(beyond).toMatchObject({ ok: false, error: { code: 'insufficient_credits', param: 'usage' } });
    // A capped key never limits a child: its parent's reservation was counted when placed.
    const capped = {
      ...child,
      actual: c(8),
      allowOverage: true,
      cap: { monthly: 0, used: 0, remaining: 0, resetsAt: 0 },
    };
    expect(decideCommitCharge(capped)).toMatchObject({ ok: true, value: { charged: 8 } });
  });
});
