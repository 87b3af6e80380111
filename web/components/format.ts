/** Formatting shared by the components: credits, money, dates, lot sources. */

const CREDITS = new Intl.NumberFormat('en-US');

/** `1,500 credits`, `1 credit`. */
export function formatCredits(n: number): string {
  return `${CREDITS.format(n)} credit${n === 1 ? '' : 's'}`;
}

/** A bare number with thousands separators. */
export function formatNumber(n: number): string {
  return CREDITS.format(n);
}

/** `$5`, `$12.50` (whole dollars without cents). */
export function formatPrice(priceCents: number, currency = 'usd'): string {
  const whole = priceCents % 100 === 0;
  return new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: currency.toUpperCase(),
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(priceCents / 100);
}

/** `Mar 4, 14:05` in the viewer's time zone. */
export function formatDateTime(epochMs: number): string {
  return new Intl.DateTimeFormat('en-US', {
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(epochMs);
}

const SOURCE_LABELS: Readonly<Record<string, string>> = {
  plan: 'Plan credits',
  purchase: 'Purchased pack',
  promotional: 'Promotional credits',
  adjustment: 'Adjustment',
  refund: 'Refund',
  'reward:welcome': 'Welcome bonus',
  'reward:email_verified': 'Email verified bonus',
  'reward:social_share': 'Share bonus',
  'reward:referral': 'Referral bonus',
  'reward:daily': 'Daily free credit',
  overdraft: 'Overdraft',
};

/** A lot source in the customer's words. */
export function describeSource(source: string): string {
  return SOURCE_LABELS[source] ?? source.replace(/^reward:/, '').replace(/_/g, ' ');
}

const KIND_LABELS: Readonly<Record<string, string>> = {
  grant: 'Credits added',
  usage: 'Generation',
  charge: 'Generation',
  refund: 'Refund',
  repayment: 'Overdraft repaid',
  dispute_hold: 'Held during a payment dispute',
  dispute_release: 'Returned: payment dispute won',
  expiry: 'Credits expired',
  adjustment: 'Adjustment',
  clawback: 'Taken back',
  reward: 'Reward',
  rollover: 'Carried over',
};

/** A ledger transaction kind in the customer's words. */
export function describeLedgerKind(kind: string): string {
  return KIND_LABELS[kind] ?? kind.replace(/_/g, ' ');
}

/** A ledger transaction in the customer's words: a grant by where it came from ("Welcome bonus"). */
export function describeLedgerEntry(entry: { kind: string; source: string | null }): string {
  if (entry.kind === 'grant' && entry.source !== null) {
    const label = SOURCE_LABELS[entry.source];
    if (label !== undefined) return label;
    if (entry.source.startsWith('reward:')) return `${describeSource(entry.source)} bonus`;
  }
  if (entry.kind === 'rollover') return 'Unused plan credits carried over';
  if (entry.kind === 'expiry') return 'Credits expired unused';
  if (entry.kind === 'repayment') return 'Overdraft paid back';
  return describeLedgerKind(entry.kind);
}

/** "Try KIMI K2 (FREE)"-style label of a free model, without doubling a "(free)" in its name. */
export function labelFreeModel(name: string): string {
  return /\bfree\b/i.test(name) ? `Try ${name}` : `Try ${name} (FREE)`;
}
