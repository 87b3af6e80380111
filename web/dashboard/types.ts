/**
 * The API answers the dashboard reads, as it reads them (the OpenAPI document and
 * docs/analytics.md define them in full). Written here, not imported from the server, so the
 * web build stays free of server code.
 */

export interface UsageFigures {
  generations: number;
  credits: number;
  provider_cost_micros: number | null;
  unknown_cost_generations: number;
}

export interface UsageAnswer {
  periods: { period: string; model: string; figures: UsageFigures }[];
  by_category: { category: string; figures: UsageFigures }[];
  by_model: { model: string; category: string; figures: UsageFigures }[];
  totals: UsageFigures;
}

export interface CreditFlows {
  issued: Record<'purchase' | 'plan' | 'promotional' | 'reward' | 'refund' | 'adjustment', number>;
  issued_total: number;
  burned: number;
  expired: number;
  clawed_back: number;
  adjusted_down: number;
}

export interface CreditsAnswer {
  periods: (CreditFlows & { period: string; outstanding: { paid: number; free: number; total: number } })[];
  totals: CreditFlows;
}

export interface Money {
  packs_cents: number;
  plans_cents: number;
  refunds_cents: number;
  disputes_cents: number;
  net_cents: number;
}

export interface RevenueAnswer {
  periods: (Money & { period: string })[];
  by_item: (Money & { kind: string; item: string })[];
  totals: Money;
}

export interface Margin {
  credits_burned: number;
  credit_value_micros: number;
  provider_cost_micros: number | null;
  margin_micros: number | null;
  margin_bp: number | null;
}

export interface MarginsAnswer {
  credit_value_micros: number;
  by_model: (Margin & { model: string })[];
  by_plan: (Margin & { plan: string })[];
  totals: Margin;
}

export interface ConversionPeriod {
  period: string;
  customers_by_plan: Record<string, number>;
  customers: number;
  upgrades: number;
  downgrades: number;
  cancels: number;
  switches: number;
  free_to_paid: number;
  convertible: number;
  conversion_rate_bp: number | null;
  first_purchases: number;
  active_customers: number;
  paying_customers: number;
}

export interface ConversionAnswer {
  periods: ConversionPeriod[];
}

export interface ProjectionsAnswer {
  burn_rate_per_day: number;
  days_to_period_end: number;
  credits_needed: number;
  outstanding: number;
  runway_days: number | null;
}

export interface CustomerListItem {
  id: string;
  email: string | null;
  plan: string;
  flagged: boolean;
  balance: number;
  held: number;
  available: number;
  created_at: number;
}

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

export interface Lot {
  id: string;
  source: string;
  amount: number;
  remaining: number;
  expires_at: number | null;
  reason: string | null;
  created_at: number;
}

export interface CustomerSummary {
  id: string;
  plan: string;
  email: string | null;
  flagged: boolean;
  period_start: number;
  period_end: number;
  created_at: number;
  balance: { balance: number; held: number; available: number };
  lots: Lot[];
  projections: { used7d: number; used30d: number; days_until_empty: number | null };
}

export interface LedgerTx {
  id: string;
  kind: string;
  ref: string | null;
  created_at: number;
  credits: number;
}

export interface HoldRow {
  id: string;
  status: string;
  credits: number;
  model: string;
  created_at: number;
  expires_at: number;
}

export interface WebhookDelivery {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: 'pending' | 'delivered' | 'failed' | 'canceled';
  attempt_count: number;
  created_at: number;
}

export interface WebhookEndpoint {
  id: string;
  url: string;
  event_types: string[] | null;
  created_at: number;
  disabled_at: number | null;
}
