import { describe, expect, it } from 'vitest';
import { DAY_MS, dayKey, monthKey, startOfMonth, startOfNextMonth } from './calendar.ts';
import { createQuotaState, describeQuota, giveBackQuota, type QuotaLimit, takeQuota } from './quota.ts';

const studio: QuotaLimit = { perDay: 15, burst: 25, perMonth: 80, warnAtMonthlyUsed: 75 };
const t0 = Date.UTC(2025, 0, 10);

describe('calendar', () => {
  it('computes UTC days and months without a clock', () => {
    expect(dayKey(Date.UTC(2024, 1, 29, 23, 59))).toBe('2024-02-29');
    expect(monthKey(Date.UTC(1999, 11, 31))).toBe('1999-12');
    expect(startOfMonth(Date.UTC(2025, 0, 10, 5))).toBe(Date.UTC(2025, 0, 1));
    expect(startOfNextMonth(Date.UTC(2025, 11, 31))).toBe(Date.UTC(2026, 0, 1));
  });
});

describe('quota', () => {
  it('allows a burst of 25 in one day, then refills 15 a day', () => {
    let s = createQuotaState(studio, t0);
    for (let i = 0; i < 25; i++) {
      const r = takeQuota(s, studio, 1, t0, 'video');
      if (!r.ok) throw new Error(`refused at ${i}`);
      s = r.value;
    }
    const refused = takeQuota(s, studio, 1, t0, 'video');
    expect(refused.ok ? null : refused.error.details).toMatchObject({
      limit: 'daily',
      freesAt: t0 + DAY_MS / 15,
    });
    expect(describeQuota(s, studio, t0 + DAY_MS).availableToday).toBe(15);
    expect(describeQuota(s, studio, t0 + 3 * DAY_MS).availableToday).toBe(25);
  });

  it('caps the month and frees up at the next month', () => {
    const s = { ...createQuotaState(studio, t0), monthUsed: 80 };
    const r = takeQuota(s, studio, 1, t0, 'video');
    expect(r.ok ? null : r.error.details).toMatchObject({ limit: 'monthly', freesAt: Date.UTC(2025, 1, 1) });
    expect(takeQuota(s, studio, 1, Date.UTC(2025, 1, 1), 'video').ok).toBe(true);
  });

  it('gives back the bucket and the month it was taken in only', () => {
    const taken = takeQuota(createQuotaState(studio, t0), studio, 2, t0, 'video');
    if (!taken.ok) throw new Error('refused');
    const back = giveBackQuota(taken.value, studio, 2, '2025-01', t0);
    expect(describeQuota(back, studio, t0)).toMatchObject({ availableToday: 25, usedThisMonth: 0 });
    const nextMonth = giveBackQuota(taken.value, studio, 2, '2024-12', t0);
    expect(nextMonth.monthUsed).toBe(2);
  });

  it('never lets a request larger than the burst or the month through', () => {
    const r = takeQuota(createQuotaState(studio, t0), studio, 26, t0, 'video');
    expect(r.ok ? null : r.error.details?.freesAt).toBeNull();
  });
});
