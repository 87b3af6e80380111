/**
 * Shared setup for the engine suites: a fresh store, an engine on a hand-driven clock, a
 * tenant on the test catalog, and a unique idempotency key maker.
 */
import type { Catalog } from '../../src/domain/catalog.ts';
import type { Result } from '../../src/domain/errors.ts';
import type { UnsafeTestOptions } from '../../src/engine/context.ts';
import { createEngine, type Engine } from '../../src/engine/engine.ts';
import type { Store } from '../../src/store/store.ts';
import { createTestCatalog } from './test-catalog.ts';

export const TENANT = 'tenant-1';
export const START = Date.UTC(2025, 0, 10, 12);

export interface Harness {
  readonly engine: Engine;
  readonly store: Store;
  readonly catalog: Catalog;
  now(): number;
  advance(ms: number): void;
  key(): string;
}

/** Builds a harness; the tenant `tenant-1` runs the test catalog with `overrides`. */
export async function createHarness(
  makeStore: () => Promise<Store>,
  overrides: Partial<Catalog> = {},
  unsafe: UnsafeTestOptions = {},
  lotWindow?: number,
): Promise<Harness> {
  const store = await makeStore();
  let t = START;
  let n = 0;
  const engine = createEngine({
    store,
    now: () => t,
    unsafeForTests: unsafe,
    ...(lotWindow === undefined ? {} : { lotWindow }),
  });
  const catalog = createTestCatalog(overrides);
  expectOk(await engine.saveTenant({ tenantId: TENANT, name: 'Test', catalog, catalogSource: '# test' }));
  return {
    engine,
    store,
    catalog,
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
    key: () => `key-${++n}`,
  };
}

/** Unwraps a success, throwing with the failure's code and message otherwise. */
export function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Unwraps a failure, throwing if it succeeded. */
export function expectFail<T>(result: Result<T>) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value).slice(0, 200)}`);
  return result.error;
}

/** Creates a customer (welcome reward included) and optionally grants purchased credits. */
export async function addCustomer(
  h: Harness,
  id: string,
  purchased = 0,
  extra: { planId?: string; overdraftLimit?: number } = {},
) {
  expectOk(
    await h.engine.createCustomer({ tenantId: TENANT, customerId: id, idempotencyKey: h.key(), ...extra }),
  );
  if (purchased > 0) {
    expectOk(
      await h.engine.grant({
        tenantId: TENANT,
        customerId: id,
        credits: purchased,
        source: 'purchase',
        idempotencyKey: h.key(),
      }),
    );
  }
}

/** The customer's balance figures. */
export async function balanceOf(h: Harness, id: string) {
  return expectOk(await h.engine.getCustomer(TENANT, id)).balance;
}
