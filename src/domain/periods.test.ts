import { describe, expect, it } from 'vitest';
import { basisPoints, findPeriodIndex, listPeriods } from './periods.ts';

const day = (s: string) => Date.parse(`${s}T00:00:00Z`);

describe('reporting periods', () => {
  it('cuts a range into days, Monday weeks and calendar months, clipped to the range', () => {
    expect(listPeriods(day('2026-03-30'), day('2026-04-02'), 'day').map((p) => p.key)).toEqual([
      '2026-03-30',
      '2026-03-31',
      '2026-04-01',
    ]);
    // 2026-04-01 is a Wednesday: the first week runs to Sunday the 5th.
    const weeks = listPeriods(day('2026-04-01'), day('2026-04-15'), 'week');
    expect(weeks.map((p) => p.key)).toEqual(['2026-04-01', '2026-04-06', '2026-04-13']);
    expect(weeks[2]?.end).toBe(day('2026-04-15'));
    const months = listPeriods(day('2026-01-15'), day('2026-03-10'), 'month');
    expect(months.map((p) => [p.key, p.end])).toEqual([
      ['2026-01-15', day('2026-02-01')],
      ['2026-02-01', day('2026-03-01')],
      ['2026-03-01', day('2026-03-10')],
    ]);
  });

  it('makes one period of the whole range for all', () => {
    expect(listPeriods(day('2026-01-15'), day('2026-03-10'), 'all')).toEqual([
      { key: '2026-01-15', start: day('2026-01-15'), end: day('2026-03-10') },
    ]);
  });

  it('finds the period of a time, and -1 outside', () => {
    const weeks = listPeriods(day('2026-04-01'), day('2026-04-15'), 'week');
    expect(findPeriodIndex(weeks, day('2026-04-06') - 1)).toBe(0);
    expect(findPeriodIndex(weeks, day('2026-04-06'))).toBe(1);
    expect(findPeriodIndex(weeks, day('2026-04-15'))).toBe(-1);
    expect(findPeriodIndex(weeks, day('2026-03-31'))).toBe(-1);
  });

  it('answers basis points, and null of nothing', () => {
    expect(basisPoints(1, 3)).toBe(3333);
    expect(basisPoints(0, 0)).toBeNull();
  });
});
