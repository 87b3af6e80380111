/**
 * UTC calendar arithmetic on epoch milliseconds, without reading a clock or using `Date`,
 * so quotas, rewards and periods stay pure functions of the time they are given.
 */

export const DAY_MS = 86_400_000;

interface CivilDate {
  readonly year: number;
  readonly month: number; // 1-12
  readonly day: number; // 1-31
}

/** Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** Civil date of a day number since 1970-01-01. */
function civilFromDays(days: number): CivilDate {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** Start of the UTC day containing `ms`. */
export function startOfDay(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}

/** `YYYY-MM-DD` of the UTC day containing `ms`: the period key of daily limits. */
export function dayKey(ms: number): string {
  const c = civilFromDays(Math.floor(ms / DAY_MS));
  return `${pad(c.year, 4)}-${pad(c.month, 2)}-${pad(c.day, 2)}`;
}

/** `YYYY-MM` of the UTC calendar month containing `ms`: the period key of monthly caps. */
export function monthKey(ms: number): string {
  const c = civilFromDays(Math.floor(ms / DAY_MS));
  return `${pad(c.year, 4)}-${pad(c.month, 2)}`;
}

/** Start of the UTC calendar month containing `ms`. */
export function startOfMonth(ms: number): number {
  const c = civilFromDays(Math.floor(ms / DAY_MS));
  return daysFromCivil(c.year, c.month, 1) * DAY_MS;
}

/** Start of the UTC calendar month after the one containing `ms`. */
export function startOfNextMonth(ms: number): number {
  const c = civilFromDays(Math.floor(ms / DAY_MS));
  const next = c.month === 12 ? { y: c.year + 1, m: 1 } : { y: c.year, m: c.month + 1 };
  return daysFromCivil(next.y, next.m, 1) * DAY_MS;
}
