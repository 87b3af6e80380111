/**
 * The PostgreSQL store on a real server (TEST_DATABASE_URL): the shared store contract, plus
 * what only a server with many connections can show — integers back as numbers, migrations
 * safe when several processes open at once, per-customer serialization by row lock, and
 * deadlocks retried.
 */
import { describe, expect, it } from 'vitest';
import { runStoreContract } from '../../../test/store/contract.case.ts';
import {
  createSchemaName,
  dropSchema,
  makePostgresStore,
  requirePostgresUrl,
  SKIP_POSTGRES,
} from '../../../test/support/databases.ts';
import { credits } from '../../domain/credits.ts';
import { openStore } from '../open.ts';
import type { Store } from '../store.ts';
import type { CustomerRow } from '../types.ts';
import { POSTGRES_MIGRATIONS } from './migrations.ts';
import { openPostgresStore } from './store.ts';

const T = 'tenant-a';

function customer(id: string, balance = 0): CustomerRow {
  return {
    tenantId: T,
    id,
    planId: 'free',
    email: null,
    emailVerifiedAt: null,
    referralCode: `ref-${id}`,
    referredBy: null,
    flagged: false,
    overdraftLimit: credits(0),
    balance: credits(balance),
    held: credits(0),
    periodStart: 0,
    periodEnd: 1000,
    createdAt: 1,
  };
}

async function withStore(run: (store: Store) => Promise<void>): Promise<void> {
  const store = await makePostgresStore({ max: 8 });
  try {
    await run(store);
  } finally {
    await store.close();
  }
}

describe.skipIf(SKIP_POSTGRES)('postgres', () => {
  runStoreContract('postgres', () => makePostgresStore());

  describe('postgres store', () => {
    it('reads BIGINT, COUNT and SUM back as numbers (typeof balance === "number")', async () => {
      await withStore(async (s) => {
        await s.write({ tenantId: T }, (tx) => tx.customers.insert(customer('c1', 2 ** 53 - 1)));
        const row = await s.read((tx) => tx.customers.get(T, 'c1'));
        expect(typeof row?.balance).toBe('number');
        expect(row?.balance).toBe(2 ** 53 - 1);
        const [raw] = await s.raw.query<{ balance: unknown; n: unknown; total: unknown }>(
          'SELECT balance, COUNT(*) OVER () AS n, SUM(held) OVER () AS total FROM customers',
        );
        expect(raw).toEqual({ balance: 2 ** 53 - 1, n: 1, total: 0 });
        const [big] = await s.raw.query<{ v: unknown }>('SELECT 9007199254740993::bigint AS v');
        expect(big?.v).toBe('9007199254740993'); // never rounded: readInt refuses it
      });
    });

    it('migrates once even when several processes open the same schema at once', async () => {
      const url = requirePostgresUrl();
      const schema = createSchemaName('m');
      const stores = await Promise.all(
        Array.from({ length: 5 }, () => openPostgresStore(url, { schema, max: 2 })),
      );
      try {
        const rows = await stores[0]?.raw.query<{ version: number }>(
          'SELECT version FROM schema_migrations WHERE version > 0 ORDER BY version',
        );
        expect(rows?.map((r) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
        const [tables] = (await stores[0]?.raw.query<{ n: number }>(
          'SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = ?',
          [schema],
        )) ?? [{ n: 0 }];
        expect(tables?.n).toBeGreaterThanOrEqual(15);
      } finally {
        if (stores[0] !== undefined) await dropSchema(stores[0], schema);
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    it('opens through openStore with ?search_path= and refuses an unsafe schema name', async () => {
      const schema = createSchemaName('o');
      const url = new URL(requirePostgresUrl());
      url.searchParams.set('search_path', schema);
      const store = await openStore(url.toString());
      try {
        expect(store.dialect).toBe('postgres');
        const [row] = await store.raw.query<{ s: string }>('SELECT current_schema() AS s');
        expect(row?.s).toBe(schema);
      } finally {
        await dropSchema(store, schema);
        await store.close();
      }
      await expect(openPostgresStore(requirePostgresUrl(), { schema: 'x; DROP TABLE y' })).rejects.toThrow(
        /identifier/,
      );
    });

    it('serializes writers per customer: concurrent read-modify-writes lose nothing', async () => {
      await withStore(async (s) => {
        await s.write({ tenantId: T }, (tx) => tx.customers.insert(customer('c1')));
        const bump = (customerIds: string[]) =>
          s.write({ tenantId: T, customerIds }, async (tx) => {
            const row = await tx.customers.get(T, 'c1');
            await new Promise((r) => setTimeout(r, 2));
            await tx.customers.setOverdraftLimit(T, 'c1', (row?.overdraftLimit ?? 0) + 1);
          });
        await Promise.all(Array.from({ length: 40 }, () => bump(['c1'])));
        expect((await s.read((tx) => tx.customers.get(T, 'c1')))?.overdraftLimit).toBe(40);
        // The same work without the scope lock loses updates: the lock is what serializes.
        await Promise.all(Array.from({ length: 40 }, () => bump([])));
        expect((await s.read((tx) => tx.customers.get(T, 'c1')))?.overdraftLimit).toBeLessThan(80);
      });
    });

    it('retries a deadlock: both writers finish, one of them after a rerun', async () => {
      const retried: string[] = [];
      const store = await makePostgresStore({ max: 4, retry: { onRetry: (state) => retried.push(state) } });
      try {
        await store.write({ tenantId: T }, async (tx) => {
          await tx.customers.insert(customer('a'));
          await tx.customers.insert(customer('b'));
        });
        let arrived = 0;
        const barrier = async () => {
          arrived += 1;
          while (arrived < 2) await new Promise((r) => setTimeout(r, 5));
        };
        // Deliberately the wrong order (no scope): a locks a then b, the other b then a.
        const cross = (first: string, second: string) =>
          store.write({ tenantId: T }, async (tx) => {
            await tx.customers.lock(T, first);
            await barrier();
            await tx.customers.lock(T, second);
            await tx.customers.addFigures(T, first, 1, 0, false);
          });
        await Promise.all([cross('a', 'b'), cross('b', 'a')]);
        expect(retried).toEqual(['40P01']);
        const rows = await store.read((tx) => tx.customers.listAll());
        expect(rows.map((r) => r.balance)).toEqual([1, 1]);
      } finally {
        await store.close();
      }
    }, 20_000);
  });
});
