/** Numbers as the landing page shows them: credits, dollars from cents or from credits. */

const NUMBER = new Intl.NumberFormat('en-US');

/** `1,500 credits`, `1 credit`. */
export function formatCredits(n: number): string {
  return `${NUMBER.format(n)} credit${n === 1 ? '' : 's'}`;
}

/** `$5`, `$12.50`. */
export function formatCents(cents: number): string {
  const whole = cents % 100 === 0;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(cents / 100);
}

/** What `credits` are worth at the catalog's credit value, as dollars (`$0.25`). */
export function formatCreditDollars(credits: number, creditValueMicros: number): string {
  const dollars = (credits * creditValueMicros) / 1_000_000;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: dollars < 0.1 && dollars > 0 ? 3 : 2,
  }).format(dollars);
}

/** `Video`, `Music`. */
export function titleCase(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
