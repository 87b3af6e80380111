/** Numbers as an operator reads them: money from cents or micro-dollars, credits, percents from basis points. */
const usd = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const whole = new Intl.NumberFormat('en-US');

export const formatCents = (cents: number) => usd.format(cents / 100);
export const formatMicros = (micros: number | null) =>
  micros === null ? '—' : usd.format(micros / 1_000_000);
export const formatCount = (n: number) => whole.format(n);
export const formatBp = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toFixed(1)} %`);
export const formatTime = (ms: number | null) =>
  ms === null ? '—' : new Date(ms).toISOString().replace('T', ' ').slice(0, 16);

/** The change from `before` to `now` in words and a sign: "+12.5 %", "new", "no change". */
export function formatTrend(
  now: number,
  before: number,
): { text: string; direction: 'up' | 'down' | 'flat' } {
  if (now === before) return { text: 'no change', direction: 'flat' };
  if (before === 0) return { text: 'new this period', direction: now > 0 ? 'up' : 'down' };
  const pct = ((now - before) / Math.abs(before)) * 100;
  return { text: `${pct > 0 ? '+' : ''}${pct.toFixed(1)} % vs previous`, direction: pct > 0 ? 'up' : 'down' };
}
