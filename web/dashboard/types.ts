/**
 * The API answers the dashboard reads, from `@tollgate/client` (type-only imports, erased at
 * build time, so the web build stays free of server code). A change in an answer's shape fails
 * `tsc -p web` here instead of showing a blank figure.
 */
import type {
  ConversionAnalytics,
  CreditAnalytics,
  CustomerList,
  CustomerSummary,
  HoldPage,
  LedgerPage,
  MarginAnalytics,
  Projections,
  RevenueAnalytics,
  UsageAnalytics,
  WebhookDelivery,
  WebhookEndpoint,
} from '@tollgate/client';

export type { CustomerSummary, WebhookDelivery, WebhookEndpoint };
export type UsageAnswer = UsageAnalytics;
export type UsageFigures = UsageAnalytics['totals'];
export type CreditsAnswer = CreditAnalytics;
export type CreditFlows = CreditAnalytics['totals'];
export type RevenueAnswer = RevenueAnalytics;
export type Money = RevenueAnalytics['totals'];
export type MarginsAnswer = MarginAnalytics;
export type Margin = MarginAnalytics['totals'];
export type ConversionAnswer = ConversionAnalytics;
export type ConversionPeriod = ConversionAnalytics['periods'][number];
export type ProjectionsAnswer = Projections;
export type CustomerListItem = CustomerList['data'][number];
export type Lot = CustomerSummary['lots'][number];
export type LedgerTx = LedgerPage['data'][number];
export type HoldRow = HoldPage['data'][number];

export interface Page<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}
