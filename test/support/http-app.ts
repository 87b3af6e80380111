/**
 * Test support for the HTTP layer: an app over a real store (SQLite in a temp dir unless a
 * factory is given, so the same tests can run on PostgreSQL), two tenants on the Director's
 * Palette preset with their secret keys, and a small `call` helper around `app.inject()`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { provisionTenant } from '../../src/cli/tenant.ts';
import { readConfig } from '../../src/config.ts';
import { createEngine, type Engine } from '../../src/engine/engine.ts';
import { buildApp } from '../../src/http/app.ts';
import type { SignInLinks } from '../../src/http/operator/sign-in-links.ts';
import { openSqliteStore } from '../../src/store/sqlite/store.ts';
import type { Store } from '../../src/store/store.ts';

export interface TestTenant {
  readonly id: string;
  readonly key: string;
}

export interface TestApp {
  readonly app: FastifyInstance;
  readonly engine: Engine;
  readonly store: Store;
  readonly a: TestTenant;
  readonly b: TestTenant;
  call(
    key: string | null,
    method: string,
    url: string,
    body?: unknown,
    idempotencyKey?: string | null,
  ): Promise<Answer>;
  close(): Promise<void>;
}

export interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown> & {
    error?: { type: string; code: string; message: string; param?: string };
  };
  readonly headers: Record<string, unknown>;
}

let counter = 0;

/** A fresh SQLite store in its own temp directory (removed by the returned cleanup). */
export function makeSqliteStore(): { store: Store; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-http-'));
  return {
    store: openSqliteStore(join(dir, 'test.db')),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Builds an app with two tenants (A and B) on the Director's Palette preset. */
export async function createTestApp(
  options: {
    makeStore?: () => Promise<Store>;
    now?: () => number;
    authFailuresPerMinute?: number;
    /** The environment `readConfig` reads (`STRIPE_SECRET_KEY`, ...); empty by default. */
    env?: Readonly<Record<string, string>>;
    /** Demo mode (the studio, offline test checkouts); on unless a test says otherwise. */
    demo?: boolean;
    /** The app's one-time dashboard sign-in links (a fresh set when absent). */
    signInLinks?: SignInLinks;
  } = {},
): Promise<TestApp> {
  let cleanup = () => {};
  let store: Store;
  if (options.makeStore) store = await options.makeStore();
  else ({ store, cleanup } = makeSqliteStore());
  const now = options.now ?? Date.now;
  const engine = createEngine({ store, now });
  const config = readConfig(options.env ?? {});
  const app = buildApp({
    engine,
    store,
    config,
    now,
    demo: options.demo ?? true,
    // Every refusal must be one the route's OpenAPI errors list: each HTTP test checks it.
    onUndeclaredError: (route, code) => {
      throw new Error(`${route.method} ${route.url} answered ${code}, which its OpenAPI errors do not list`);
    },
    authFailuresPerMinute: options.authFailuresPerMinute ?? 1_000_000,
    ...(options.signInLinks === undefined ? {} : { signInLinks: options.signInLinks }),
  });
  const tenants: TestTenant[] = [];
  for (const name of ['a', 'b']) {
    counter += 1;
    const made = await provisionTenant(engine, {
      name: `Tenant ${name}`,
      catalog: 'directors-palette',
      tenantId: `t-${name}-${counter}`,
    });
    if (!made.ok) throw new Error(made.error.message);
    tenants.push({ id: made.value.id, key: made.value.secretKey });
  }
  return {
    app,
    engine,
    store,
    a: tenants[0] as TestTenant,
    b: tenants[1] as TestTenant,
    async call(key, method, url, body, idempotencyKey) {
      const headers: Record<string, string> = {};
      if (key !== null) headers.authorization = `Bearer ${key}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const mutating = method !== 'GET';
      if (idempotencyKey !== null && mutating)
        headers['idempotency-key'] = idempotencyKey ?? `k-${++counter}`;
      const res = await app.inject({
        method: method as 'GET',
        url,
        headers,
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
      const parsed = res.headers['content-type']?.toString().includes('json')
        ? (res.json() as Answer['body'])
        : { text: res.body };
      return { status: res.statusCode, body: parsed, headers: res.headers };
    },
    async close() {
      await app.close();
      await store.close();
      cleanup();
    },
  };
}
