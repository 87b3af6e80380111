/**
 * Issue 14 item 5: the analytics bench part answers every figure the issue names
 * (`analytics.<route>_<range>_ms`, the customer search, the PostgreSQL twins when a server is
 * reachable) and a section for docs/benchmarks.md. Run at a tiny scale; no time is asserted.
 */
import { expect, it } from 'vitest';
import { benchAnalytics } from '../../bench/analytics.ts';
import { findServer } from '../../bench/postgres-runs.ts';

it('reports the p50 of every route for 30 and 365 days and of a customer search', async () => {
  process.env.BENCH_ANALYTICS_SCALE = '0.00002';
  try {
    const { figures, section } = await benchAnalytics();
    expect(figures.events).toBe(200);
    expect(figures.customers).toBe(20);
    const prefixes = (await findServer()).error === undefined ? ['', 'postgres_'] : [''];
    for (const prefix of prefixes) {
      for (const route of ['usage', 'credits', 'revenue', 'margins', 'conversion', 'projections'])
        for (const range of ['30d', '365d'])
          expect(figures[`${prefix}${route}_${range}_ms`]).toBeGreaterThanOrEqual(0);
      expect(figures[`${prefix}customer_search_ms`]).toBeGreaterThanOrEqual(0);
    }
    expect(section[0]).toBe('## Operator analytics (`--only analytics`)');
  } finally {
    delete process.env.BENCH_ANALYTICS_SCALE;
  }
}, 120_000);
