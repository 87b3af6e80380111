import { describe, expect, it } from 'vitest';
import {
  type AutoTopUpFacts,
  decideAutoTopUp,
  describeAutoTopUpStatus,
  priceAutoTopUp,
} from './auto-top-up.ts';
import type { Catalog } from './catalog.ts';

const facts: AutoTopUpFacts = {
  enabled: true,
  threshold: 100,
  amountCents: 500,
  monthlyLimitCents: 1500,
  hasPaymentMethod: true,
  inFlight: false,
  lastAttemptAt: null,
  available: 99,
  spentThisMonthCents: 0,
  now: 1_000_000,
  cooldownMs: 60_000,
};

describe('decideAutoTopUp', () => {
  it('fires below the threshold, not at or above it', () => {
    expect(decideAutoTopUp(facts)).toEqual({ fire: true });
    expect(decideAutoTopUp({ ...facts, available: 100 })).toEqual({ fire: false, reason: 'above_threshold' });
  });

  it('never with one in flight, inside the cooldown, off, or without a card', () => {
    expect(decideAutoTopUp({ ...facts, inFlight: true })).toEqual({ fire: false, reason: 'in_flight' });
    expect(decideAutoTopUp({ ...facts, lastAttemptAt: facts.now - 59_999 })).toEqual({
      fire: false,
      reason: 'cooldown',
    });
    expect(decideAutoTopUp({ ...facts, lastAttemptAt: facts.now - 60_000 })).toEqual({ fire: true });
    expect(decideAutoTopUp({ ...facts, enabled: false })).toEqual({ fire: false, reason: 'off' });
    expect(decideAutoTopUp({ ...facts, threshold: null })).toEqual({ fire: false, reason: 'off' });
    expect(decideAutoTopUp({ ...facts, hasPaymentMethod: false })).toEqual({
      fire: false,
      reason: 'no_payment_method',
    });
  });

  it('counts what is in flight or succeeded toward the monthly limit, and never passes it', () => {
    expect(decideAutoTopUp({ ...facts, spentThisMonthCents: 1000 })).toEqual({ fire: true });
    expect(decideAutoTopUp({ ...facts, spentThisMonthCents: 1001 })).toEqual({
      fire: false,
      reason: 'monthly_limit',
    });
  });
});

describe('priceAutoTopUp', () => {
  const catalog = {
    creditValueMicros: 10_000,
    packs: [
      { id: 'starter', name: 'Starter', credits: 100, priceCents: 500, expiresInDays: null },
      { id: 'tiny', name: 'Tiny', credits: 1, priceCents: 10, expiresInDays: null },
    ],
  } as unknown as Catalog;

  it('prices a pack at its catalog price and credits at the credit value, rounded up', () => {
    expect(priceAutoTopUp(catalog, { pack: 'starter' })).toEqual({
      ok: true,
      value: { packId: 'starter', credits: 100, amountCents: 500 },
    });
    expect(priceAutoTopUp(catalog, { credits: 250 })).toEqual({
      ok: true,
      value: { packId: null, credits: 250, amountCents: 250 },
    });
    expect(priceAutoTopUp({ ...catalog, creditValueMicros: 3_333 } as Catalog, { credits: 1000 })).toEqual({
      ok: true,
      value: { packId: null, credits: 1000, amountCents: 334 },
    });
  });

  it('refuses an unknown pack and a charge under the card minimum, naming the field', () => {
    const unknown = priceAutoTopUp(catalog, { pack: 'nope' });
    expect(unknown.ok ? null : unknown.error.param).toBe('pack');
    const tiny = priceAutoTopUp(catalog, { credits: 10 });
    expect(tiny.ok ? null : tiny.error.param).toBe('credits');
  });
});

describe('describeAutoTopUpStatus', () => {
  it('tells active, waiting for a card, turned off by a failure, and off apart', () => {
    expect(describeAutoTopUpStatus({ enabled: true, hasPaymentMethod: true, failedAt: null })).toBe('active');
    expect(describeAutoTopUpStatus({ enabled: true, hasPaymentMethod: false, failedAt: null })).toBe(
      'needs_payment_method',
    );
    expect(describeAutoTopUpStatus({ enabled: false, hasPaymentMethod: true, failedAt: 5 })).toBe('failed');
    expect(describeAutoTopUpStatus({ enabled: false, hasPaymentMethod: true, failedAt: null })).toBe('off');
  });
});
