/**
 * The store contract: one suite every adapter must pass on a real database (Hono's
 * `runTest` style). `makeStore` answers a fresh, empty, migrated store for each test.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { credits, micros } from '../../src/domain/credits.ts';
import { Rollback, type Store } from '../../src/store/store.ts';
import type { CustomerRow, LotRow } from '../../src/store/types.ts';

const T = 'tenant-a';

function customer(id: string, extra: Partial<CustomerRow> = {}): CustomerRow {
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
    balance: credits(0),
    held: credits(0),
    periodStart: 0,
    periodEnd: 1000,
    createdAt: 1,
    ...extra,
  };
}

function lot(id: string, customerId: string, amount: number): LotRow {
  return {
    tenantId: T,
    id,
    customerId,
    source: 'purchase',
    amount: credits(amount),
    remaining: credits(amount),
    priority: 100,
    expiresAt: null,
    costBasisMicros: micros(0),
    reason: null,
    ref: null,
    createdAt: 1,
  };
}

/** Runs the store contract against an adapter. */
export function runStoreContract(name: string, makeStore: () => Promise<Store>): void {
  describe(`store contract: ${name}`, () => {
    let store: Store | undefined;
    const open = async () => {
      store = await makeStore();
      return store;
    };
    afterEach(async () => {
      await store?.close();
      store = undefined;
    });

    it('reads integers back as safe numbers', async () => {
      const s = await open();
      const big = 2 ** 52;
      await s.write({ tenantId: T }, (tx) => tx.customers.insert(customer('c1', { balance: credits(big) })));
      const row = await s.read((tx) => tx.customers.get(T, 'c1'));
      expect(typeof row?.balance).toBe('number');
      expect(row?.balance).toBe(big);
      expect(typeof row?.createdAt).toBe('number');
    });

    it('scopes every read by tenant', async () => {
      const s = await open();
      await s.write({ tenantId: T }, (tx) => tx.customers.insert(customer('c1')));
      expect(await s.read((tx) => tx.customers.get('tenant-b', 'c1'))).toBeNull();
      expect(await s.read((tx) => tx.customers.lock(T, 'c1'))).not.toBeNull();
    });

    it('refuses a duplicate customer and a conditional update that would overdraw', async () => {
      const s = await open();
      expect(
        await s.write({ tenantId: T }, (tx) => tx.customers.insert(customer('c1', { balance: credits(5) }))),
      ).toBe(true);
      expect(await s.write({ tenantId: T }, (tx) => tx.customers.insert(customer('c1')))).toBe(false);
      expect(await s.write({ tenantId: T }, (tx) => tx.customers.addFigures(T, 'c1', 0, 6, true))).toBe(
        false,
      );
      expect(await s.write({ tenantId: T }, (tx) => tx.customers.addFigures(T, 'c1', 0, 5, true))).toBe(true);
      const row = await s.read((tx) => tx.customers.get(T, 'c1'));
      expect(row?.held).toBe(5);
    });

    it('rolls back an operation that throws or answers a Rollback, alone, and keeps the others of its batch', async () => {
      const s = await open();
      const results = await Promise.allSettled([
        s.write({ tenantId: T }, (tx) => tx.customers.insert(customer('ok1'))),
        s.write({ tenantId: T }, async (tx) => {
          await tx.customers.insert(customer('thrown'));
          throw new Error('boom');
        }),
        s.write({ tenantId: T }, async (tx) => {
          await tx.customers.insert(customer('rolled'));
          return new Rollback('refused');
        }),
        // The store never looks inside an answer: one shaped like a refusal is committed.
        s.write({ tenantId: T }, async (tx) => {
          await tx.customers.insert(customer('ok2'));
          return { ok: false };
        }),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect((results[2] as PromiseFulfilledResult<unknown>).value).toBe('refused');
      const ids = (await s.read((tx) => tx.customers.listAll())).map((c) => c.id);
      expect(ids).toEqual(['ok1', 'ok2']);
    });

    it('answers a write only once it is visible to readers', async () => {
      const s = await open();
      const writes = Array.from({ length: 50 }, (_, i) =>
        s
          .write({ tenantId: T }, (tx) => tx.customers.insert(customer(`c${i}`)))
          .then(async () => {
            expect(await s.read((tx) => tx.customers.get(T, `c${i}`))).not.toBeNull();
          }),
      );
      await Promise.all(writes);
    });

    it('keeps the journal append-only', async () => {
      const s = await open();
      await s.write({ tenantId: T }, async (tx) => {
        await tx.customers.insert(customer('c1'));
        await tx.lots.insert(lot('l1', 'c1', 5));
        await tx.journal.append({
          tenantId: T,
          id: 'tx1',
          kind: 'grant',
          customerId: 'c1',
          ref: null,
          createdAt: 1,
          digest: 'd',
          entries: [
            { account: 'issued:purchase', customerId: null, lotId: null, amount: credits(-5) },
            { account: 'customer:c1:lot:l1', customerId: 'c1', lotId: 'l1', amount: credits(5) },
          ],
        });
      });
      await expect(s.raw.run('UPDATE journal_entries SET amount = 6')).rejects.toThrow();
      await expect(s.raw.run('DELETE FROM journal_transactions')).rejects.toThrow();
      const [t] = await s.read((tx) => tx.journal.listForCustomer(T, 'c1', null, 10));
      expect(t?.entries.map((e) => e.amount)).toEqual([-5, 5]);
    });

    it('records idempotency keys, warnings and reward claims once', async () => {
      const s = await open();
      const row = {
        tenantId: T,
        key: 'k',
        operation: 'op',
        requestHash: 'h',
        request: '{"input":{},"operation":"x"}',
        answer: '{}',
        createdAt: 1,
        expiresAt: 9,
      };
      expect(await s.write({ tenantId: T }, (tx) => tx.idempotency.insert(row))).toBe(true);
      expect(await s.write({ tenantId: T }, (tx) => tx.idempotency.insert(row))).toBe(false);
      expect(
        await s.write({ tenantId: 'other' }, (tx) => tx.idempotency.insert({ ...row, tenantId: 'other' })),
      ).toBe(true);
      const w = { kind: 'low_balance', threshold: 2, period: 'p', firedAt: 1 };
      expect(await s.write({ tenantId: T }, (tx) => tx.warnings.fire(T, 'c1', w))).toBe(true);
      expect(await s.write({ tenantId: T }, (tx) => tx.warnings.fire(T, 'c1', w))).toBe(false);
      expect(await s.write({ tenantId: T }, (tx) => tx.rewards.claim(T, 'c1', 'daily', 'd1', 'l', 1))).toBe(
        true,
      );
      expect(await s.write({ tenantId: T }, (tx) => tx.rewards.claim(T, 'c1', 'daily', 'd1', 'l', 1))).toBe(
        false,
      );
      expect(await s.write({ tenantId: T }, (tx) => tx.idempotency.deleteExpired(10))).toBe(2);
    });

    it('upserts quota state and usage rollups', async () => {
      const s = await open();
      await s.write({ tenantId: T }, async (tx) => {
        await tx.quotas.save(T, 'c1', { key: 'q', level: 5, levelAt: 1, month: '2025-01', monthUsed: 1 });
        await tx.quotas.save(T, 'c1', { key: 'q', level: 3, levelAt: 2, month: '2025-01', monthUsed: 2 });
        await tx.usage.addDaily({
          tenantId: T,
          day: '2025-01-01',
          modelId: 'm',
          category: 'image',
          generations: 1,
          credits: 5,
          providerCostMicros: 100,
          unknownCostGenerations: 0,
        });
        await tx.usage.addDaily({
          tenantId: T,
          day: '2025-01-01',
          modelId: 'm',
          category: '',
          generations: 2,
          credits: 7,
          providerCostMicros: 50,
          unknownCostGenerations: 1,
        });
        await tx.usage.insertDelta({
          tenantId: T,
          id: 'd1',
          day: '2025-01-02',
          modelId: 'm',
          category: 'image',
          generations: 1,
          credits: 4,
          providerCostMicros: 10,
          unknownCostGenerations: 0,
        });
      });
      expect(await s.read((tx) => tx.quotas.list(T, 'c1'))).toEqual([
        { key: 'q', level: 3, levelAt: 2, month: '2025-01', monthUsed: 2 },
      ]);
      const [total] = await s.read((tx) => tx.usage.totalByModel(T, '2025-01-01', '2025-01-31'));
      expect(total).toEqual({
        group: 'm',
        generations: 4,
        credits: 16,
        providerCostMicros: 160,
        unknownCostGenerations: 1,
      });
      await s.write({ tenantId: T }, (tx) =>
        tx.usage.insertDelta({
          tenantId: T,
          id: 'd2',
          day: '2025-01-03',
          modelId: 'free',
          category: 'text',
          generations: 2,
          credits: 0,
          providerCostMicros: 0,
          unknownCostGenerations: 2,
        }),
      );
      const byDay = await s.read((tx) => tx.usage.totalByDay(T, '2025-01-03', '2025-01-03'));
      expect(byDay).toEqual([
        {
          group: '2025-01-03',
          generations: 2,
          credits: 0,
          providerCostMicros: null,
          unknownCostGenerations: 2,
        },
      ]);
    });

    it('keeps outbox rows until delivered', async () => {
      const s = await open();
      await s.write({ tenantId: T }, (tx) =>
        tx.outbox.insert({ id: 'o1', tenantId: T, type: 'x', payload: { a: 1 }, createdAt: 5 }),
      );
      const due = await s.read((tx) => tx.outbox.listDue(5, 10));
      expect(due.map((o) => [o.id, o.payload])).toEqual([['o1', { a: 1 }]]);
      await s.write({ tenantId: T }, (tx) => tx.outbox.markDelivered(T, 'o1', 6));
      expect(await s.read((tx) => tx.outbox.listDue(10, 10))).toEqual([]);
    });
  });
}
