/**
 * Every part of `npm run bench`, in the order a full run measures them. A new part is one
 * entry here: its name (for `--only` and the JSON keys) and the function that measures it.
 */
import { benchAnalytics } from './analytics.ts';
import { benchHistory } from './history.ts';
import { benchHttp } from './http.ts';
import { benchLanding } from './landing.ts';
import { benchOvershoot } from './overshoot.ts';
import type { BenchPart } from './part.ts';
import { benchPostgres } from './postgres.ts';
import { benchSqlite } from './sqlite.ts';

export const parts: Readonly<Record<string, BenchPart>> = {
  sqlite: benchSqlite,
  postgres: benchPostgres,
  http: benchHttp,
  history: benchHistory,
  overshoot: benchOvershoot,

  landing: benchLanding,

  analytics: benchAnalytics,
};
