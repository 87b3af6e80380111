/**
 * Issue 11 item 1: idempotency holds for every mutating route, on SQLite and PostgreSQL, with
 * one and with two real `tollgate serve` processes on one database. For each route of the
 * OpenAPI document that takes an `Idempotency-Key`:
 * - one request alone, measured as the change it makes to every table (row counts) and to
 *   the money figures (balances, holds, lots): the route's effect;
 * - 20 identical concurrent requests with one key: the same effect once, 20 identical answers;
 * - 20 concurrent requests with one key and 20 different bodies (or paths): the same effect
 *   once, one answer and 19 `idempotency_conflict`.
 * Every mutating route must either be covered here or be listed with the reason it takes no key.
 * Run by every-route.sqlite.test.ts and every-route.postgres.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../../src/cli/tenant.ts';
import { createEngine } from '../../src/engine/engine.ts';
import type { Store } from '../../src/store/store.ts';
import { SKIP_POSTGRES } from '../support/databases.ts';
import {
  openPostgresServerDatabase,
  openSqliteServerDatabase,
  type ServerDatabase,
} from '../support/server-databases.ts';
import { type ServerProcess, startServerProcess } from '../support/server-processes.ts';
import { listTableNames } from '../support/table-names.ts';
import { FIXTURES, type FixtureEnv, type RouteRequest, type TenantName } from './fixtures.ts';
import { listMutatingRoutes } from './routes.ts';

const CONCURRENT = 20;

/** Mutating routes that take no Idempotency-Key, and why that is safe. */
const NO_KEY: Record<string, string> = {
  'POST /v1/customers/{id}/sessions': 'mints a short-lived token; moves no credits',
  'POST /v1/quotes': 'a read: prices without writing',
  'POST /v1/api-keys/verify': 'a read that counts one request against the key’s rate limit',
  'POST /v1/checkout/portal': 'answers a Stripe portal link; writes nothing of ours',
  'POST /v1/webhooks/stripe/{tenant_id}': 'idempotent by Stripe event id (its own suite)',
  'POST /test-checkout/{id}/pay': 'idempotent by the signed event id, through the Stripe webhook route',
  'POST /v1/operator/session': 'exchanges a key for a signed session cookie; stores nothing',
  'POST /v1/operator/session/end': 'clears the cookie in the browser; stores nothing',
  'POST /test-checkout/change':
    'idempotent by the event id made from the token, through the Stripe webhook route',
  'POST /v1/public/catalogs/{tenant}/estimates': 'a read: prices a month of work without writing',
  'PUT /v1/catalog/public':
    'sets the public page to the value sent: repeating it changes nothing; moves no credits',
};

/** Tables whose rows are bookkeeping of the request itself or of background work, not its effect. */
const NOT_EFFECTS = new Set([
  'idempotency_keys',
  'api_key_windows',
  'api_key_requests',
  'schema_migrations',
  'webhook_attempts',
  'usage_daily',
  'usage_deltas', // folded into usage_daily by a background step while the suite measures
]);

/** Secrets are shown once: a replayed answer leaves them out (docs/decisions.md). */
const SHOWN_ONCE = ['key', 'secret'];

function maskSecrets(answer: { status: number; body: Record<string, unknown> }) {
  const body = { ...answer.body };
  for (const field of SHOWN_ONCE) if (field in body) body[field] = '(shown once)';
  return { ...answer, body };
}

const routes = await listMutatingRoutes();

/**
 * Row counts of every table plus the money figures, as one comparable record, once the
 * webhook tenant's events have been fanned out to its endpoints (a server does that in the
 * background, so it must not land inside a measurement).
 */
async function measure(store: Store): Promise<Record<string, number>> {
  for (let waited = 0; ; waited += 100) {
    const [pending] = await store.raw.query<{ n: unknown }>(
      "SELECT COUNT(*) AS n FROM outbox WHERE tenant_id = 'idem-wh' AND delivered_at IS NULL",
    );
    if (Number(pending?.n) === 0) break;
    if (waited > 20_000) throw new Error('the webhook tenant’s outbox was not fanned out in 20 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  const out: Record<string, number> = {};
  for (const name of await listTableNames(store)) {
    // analytics_* are rollups a background step folds from the events while the suite measures.
    if (NOT_EFFECTS.has(name) || name.startsWith('analytics_')) continue;
    const [row] = await store.raw.query<{ n: unknown }>(`SELECT COUNT(*) AS n FROM ${name}`);
    out[name] = Number(row?.n);
  }
  const [money] = await store.raw.query<Record<string, unknown>>(
    'SELECT (SELECT COALESCE(SUM(balance), 0) FROM customers) AS balance, (SELECT COALESCE(SUM(held), 0) FROM customers) AS held, (SELECT COALESCE(SUM(remaining), 0) FROM lots) AS remaining',
  );
  for (const [k, v] of Object.entries(money ?? {})) out[`money.${k}`] = Number(v);
  return out;
}

function subtract(after: Record<string, number>, before: Record<string, number>) {
  return Object.fromEntries(Object.keys(after).map((k) => [k, (after[k] ?? 0) - (before[k] ?? 0)]));
}

const CONFIGS = {
  sqlite: [
    { name: 'SQLite, one process', open: openSqliteServerDatabase, processes: 1, skip: false },
    { name: 'SQLite, two processes', open: openSqliteServerDatabase, processes: 2, skip: false },
  ],
  postgres: [
    { name: 'PostgreSQL, one process', open: openPostgresServerDatabase, processes: 1, skip: SKIP_POSTGRES },
    {
      name: 'PostgreSQL, two processes',
      open: openPostgresServerDatabase,
      processes: 2,
      skip: SKIP_POSTGRES,
    },
  ],
};

/** Every mutating route must be covered by a fixture or say why it takes no key. */
export function describeRouteCoverage(): void {
  it('every mutating route is covered here or says why it takes no key', () => {
    expect(routes.length).toBeGreaterThan(10);
    const keyed = routes.filter((r) => r.idempotent).map((r) => r.name);
    const unkeyed = routes
      .filter((r) => !r.idempotent && !r.name.startsWith('POST /studio/'))
      .map((r) => r.name);
    expect(keyed.filter((name) => FIXTURES[name] === undefined)).toEqual([]);
    expect(unkeyed.filter((name) => NO_KEY[name] === undefined)).toEqual([]);
  });
}

/** The suite on one database, with one and with two server processes. */
export function describeIdempotencyOn(database: keyof typeof CONFIGS): void {
  describe.each(CONFIGS[database])('idempotency on $name', ({ open, processes, skip }) => {
    let db: ServerDatabase;
    let servers: ServerProcess[] = [];
    const keys = {} as Record<TenantName, string>;
    let counter = 0;

    async function send(req: RouteRequest, idempotencyKey: string, server = 0) {
      const base = (servers[server % servers.length] as ServerProcess).url;
      const headers: Record<string, string> = { authorization: `Bearer ${keys[req.tenant]}` };
      if (req.method !== 'GET') headers['idempotency-key'] = idempotencyKey;
      if (req.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${base}${req.path}`, {
        method: req.method,
        headers,
        ...(req.body === undefined ? {} : { body: JSON.stringify(req.body) }),
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    }

    const env: FixtureEnv = {
      async api(req) {
        const answer = await send(req, `setup-${++counter}`);
        if (answer.status >= 300) {
          throw new Error(
            `${req.method} ${req.path} answered ${answer.status}: ${JSON.stringify(answer.body)}`,
          );
        }
        return answer.body;
      },
      async waitFor(what, check) {
        const deadline = Date.now() + 20_000;
        for (;;) {
          const found = await check();
          if (found !== null) return found;
          if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
          await new Promise((r) => setTimeout(r, 200));
        }
      },
    };

    beforeAll(async () => {
      if (skip) return;
      db = await open();
      const engine = createEngine({ store: db.store });
      const presets: Record<TenantName, string> = { dp: 'directors-palette', mg: 'musicgen', wh: 'musicgen' };
      for (const [name, catalog] of Object.entries(presets) as [TenantName, string][]) {
        const made = await provisionTenant(engine, { name, catalog, tenantId: `idem-${name}` });
        if (!made.ok) throw new Error(made.error.message);
        keys[name] = made.value.secretKey;
      }
      const serverEnv = { DATABASE_URL: db.url, WEBHOOK_ALLOW_PRIVATE: 'true', TOLLGATE_TEST_CHECKOUT: 'on' };
      servers = await Promise.all(Array.from({ length: processes }, () => startServerProcess(serverEnv)));
    }, 120_000);

    afterAll(async () => {
      await Promise.all(servers.map((s) => s.stop()));
      await db?.close();
    });

    it.skipIf(skip).each(routes.filter((r) => r.idempotent))(
      '$name: one effect for 20 identical requests, 19 conflicts for 20 different ones',
      async ({ name }) => {
        const fixture = FIXTURES[name];
        if (fixture === undefined) throw new Error(`no fixture for ${name}`);
        const run = async (tag: string, variants: number, concurrent: boolean) => {
          const request = await fixture(env, `${tag}-${++counter}`, variants);
          const key = `idem-${tag}-${++counter}`;
          const before = await measure(db.store);
          const answers = await Promise.all(
            Array.from({ length: concurrent ? CONCURRENT : 1 }, (_, i) =>
              send(request(tag === 'conflict' ? i : 0), key, i),
            ),
          );
          return { answers, effect: subtract(await measure(db.store), before) };
        };

        const single = await run('single', 1, false);
        expect(single.answers[0]?.status, JSON.stringify(single.answers[0]?.body)).toBeLessThan(500);

        const same = await run('same', 1, true);
        expect(same.effect).toEqual(single.effect);
        const first = maskSecrets(same.answers[0] as (typeof same.answers)[number]);
        for (const answer of same.answers) expect(maskSecrets(answer)).toEqual(first);

        const conflict = await run('conflict', CONCURRENT, true);
        expect(conflict.effect).toEqual(single.effect);
        const conflicts = conflict.answers.filter(
          (a) =>
            a.status === 409 &&
            (a.body.error as { code?: string } | undefined)?.code === 'idempotency_conflict',
        );
        expect(conflicts).toHaveLength(CONCURRENT - 1);
      },
      180_000,
    );
  });
}
