/**
 * Types of the operator analytics answers (issue 14), from the routes' zod schemas (type-only
 * imports, erased at build time).
 */
import type { z } from 'zod';
import type {
  analyticsQuery,
  conversionAnalyticsSchema,
  creditAnalyticsSchema,
  marginAnalyticsSchema,
  projectionsSchema,
  revenueAnalyticsSchema,
  usageAnalyticsSchema,
} from '../../../src/http/schemas/analytics.ts';

/** `from`/`to` as `YYYY-MM-DD` (inclusive), `granularity`, and the model, category and plan filters. */
export type AnalyticsParams = z.input<typeof analyticsQuery>;
export type UsageAnalytics = z.output<typeof usageAnalyticsSchema>;
export type CreditAnalytics = z.output<typeof creditAnalyticsSchema>;
export type RevenueAnalytics = z.output<typeof revenueAnalyticsSchema>;
export type MarginAnalytics = z.output<typeof marginAnalyticsSchema>;
export type ConversionAnalytics = z.output<typeof conversionAnalyticsSchema>;
export type Projections = z.output<typeof projectionsSchema>;

import type {
  adjustBody,
  adjustSchema,
  customerListSchema,
  flagSchema,
  listCustomersQuery,
} from '../../../src/http/schemas/customer-operations.ts';

/** `GET /v1/customers` filters: `query` (id or email prefix), `plan`, `flagged`, `cursor`, `limit`. */
export type ListCustomersParams = Omit<z.input<typeof listCustomersQuery>, 'limit'> & { limit?: number };
export type CustomerList = z.output<typeof customerListSchema>;
export type CustomerFlag = z.output<typeof flagSchema>;
export type AdjustParams = z.input<typeof adjustBody>;
export type Adjustment = z.output<typeof adjustSchema>;
