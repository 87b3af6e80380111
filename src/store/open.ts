/**
 * Opens a store from a database URL: `sqlite:PATH` (the default, `sqlite:./data/tollgate.db`)
 * or `postgres://…` (`?search_path=NAME` picks a schema, created if missing; `?max=N` sizes
 * the connection pool).
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openPostgresStore } from './postgres/store.ts';
import { openSqliteStore } from './sqlite/store.ts';
import type { Store } from './store.ts';

export const DEFAULT_DATABASE_URL = 'sqlite:./data/tollgate.db';

export type DatabaseTarget =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** Parses a database URL; throws a readable error for anything else. */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new Error(`database URL ${url} names no file (use sqlite:PATH)`);
    return { kind: 'sqlite', path };
  }
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) return { kind: 'postgres', url };
  throw new Error(`unsupported database URL ${url}: use sqlite:PATH or postgres://...`);
}

/** Opens the store a URL names, creating the SQLite file's folder when needed. */
export async function openStore(
  url: string = DEFAULT_DATABASE_URL,
  options: { readonly sqliteBusyTimeoutMs?: number } = {},
): Promise<Store> {
  const target = parseDatabaseUrl(url);
  if (target.kind === 'postgres') return openPostgresStore(target.url);
  if (target.path !== ':memory:') mkdirSync(dirname(target.path), { recursive: true });
  return openSqliteStore(
    target.path,
    options.sqliteBusyTimeoutMs === undefined ? {} : { busyTimeoutMs: options.sqliteBusyTimeoutMs },
  );
}
