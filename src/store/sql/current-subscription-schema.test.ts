/**
 * Migration 130 on a database that already has subscriptions: the active subscription on the
 * customer's own plan becomes current; canceled ones and ones on another plan do not.
 */
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { MIGRATIONS, runMigrations } from '../sqlite/migrations.ts';

it("backfills each customer's current subscription from the active one on their plan", () => {
  const db = new Database(':memory:');
  runMigrations(db, 0);
  // Back to before migration 130, with subscriptions written by the older code.
  db.exec('DROP TABLE current_subscriptions; DELETE FROM schema_migrations WHERE version = 130');
  const customer = db.prepare(
    "INSERT INTO customers (tenant_id, id, plan_id, referral_code, period_start, period_end, created_at) VALUES ('t', ?, ?, ?, 0, 1, 0)",
  );
  customer.run('ann', 'studio-pro', 'R1');
  customer.run('bob', 'creator-free', 'R2');
  const subscription = db.prepare(
    "INSERT INTO subscriptions (tenant_id, id, customer_id, plan_id, status, period_start, updated_at) VALUES ('t', ?, ?, ?, ?, ?, ?)",
  );
  subscription.run('sub_a', 'ann', 'creator-pro', 'active', 100, 100); // superseded by B
  subscription.run('sub_b', 'ann', 'studio-pro', 'active', 200, 200);
  subscription.run('sub_c', 'bob', 'creator-pro', 'canceled', 50, 60);

  expect(runMigrations(db, 1)).toEqual([130]);
  expect(db.prepare('SELECT * FROM current_subscriptions').all()).toEqual([
    {
      tenant_id: 't',
      customer_id: 'ann',
      subscription_id: 'sub_b',
      started_at: 200,
      allowance_credits: null,
      updated_at: 200,
    },
  ]);
  expect(MIGRATIONS.some((m) => m.version === 130)).toBe(true);
  db.close();
});
