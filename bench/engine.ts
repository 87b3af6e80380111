/**
 * Engine benchmark (issue 3 item 11): authorize+commit pairs per second in-process on SQLite
 * with synchronous=FULL, 10,000 customers, 256 operations in flight, with p50/p99 per pair,
 * next to the raw rate of one conditional UPDATE plus one INSERT per transaction on the same
 * database file in the same run (one fsync each, no group commit).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadPreset } from '../src/catalog/load.ts';
import { createEngine } from '../src/engine/engine.ts';
import { openSqliteDatabase } from '../src/store/sqlite/driver.ts';
import { openSqliteStore } from '../src/store/sqlite/store.ts';

export interface EngineBenchResult {
  readonly customers: number;
  readonly inFlight: number;
  readonly pairs: number;
  readonly pairsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly rawTransactions: number;
  readonly rawPerSecond: number;
  readonly failures: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function runPool(count: number, inFlight: number, job: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await job(next++);
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
}

/** One conditional UPDATE plus one INSERT per transaction, each committed on its own. */
function measureRaw(path: string, customers: number, seconds: number): { count: number; perSecond: number } {
  const db = openSqliteDatabase(path);
  db.exec('CREATE TABLE IF NOT EXISTS bench_accounts (id INTEGER PRIMARY KEY, balance BIGINT NOT NULL)');
  db.exec(
    'CREATE TABLE IF NOT EXISTS bench_log (id INTEGER PRIMARY KEY, account INTEGER NOT NULL, amount BIGINT NOT NULL)',
  );
  const seed = db.prepare('INSERT OR REPLACE INTO bench_accounts (id, balance) VALUES (?, 1000000000)');
  db.transaction(() => {
    for (let i = 0; i < customers; i++) seed.run(i);
  })();
  const debit = db.prepare('UPDATE bench_accounts SET balance = balance - 1 WHERE id = ? AND balance >= 1');
  const log = db.prepare('INSERT INTO bench_log (account, amount) VALUES (?, 1)');
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    const id = count % customers;
    db.exec('BEGIN IMMEDIATE');
    if (debit.run(id).changes !== 1) throw new Error('raw debit refused');
    log.run(id);
    db.exec('COMMIT');
    count += 1;
  }
  const elapsed = (performance.now() - start) / 1000;
  db.close();
  return { count, perSecond: count / elapsed };
}

/** Runs the engine benchmark on a fresh temporary database. */
export async function benchEngine(
  options: { customers?: number; inFlight?: number; pairs?: number; rawSeconds?: number } = {},
) {
  const customers = options.customers ?? 10_000;
  const inFlight = options.inFlight ?? 256;
  const pairs = options.pairs ?? 30_000;
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-'));
  const path = join(dir, 'bench.db');
  try {
    const store = openSqliteStore(path);
    const engine = createEngine({ store });
    const catalog = await loadPreset('musicgen');
    if (!catalog.ok) throw new Error(catalog.error.message);
    await engine.saveTenant({ tenantId: 'bench', name: 'Bench', catalog: catalog.value, catalogSource: '' });
    await runPool(customers, inFlight, async (i) => {
      const customerId = `c${i}`;
      await engine.createCustomer({ tenantId: 'bench', customerId, idempotencyKey: `create-${i}` });
      await engine.grant({
        tenantId: 'bench',
        customerId,
        credits: 1_000_000,
        source: 'purchase',
        idempotencyKey: `grant-${i}`,
      });
    });
    const latencies: number[] = [];
    let failures = 0;
    const start = performance.now();
    await runPool(pairs, inFlight, async (i) => {
      const t0 = performance.now();
      const customerId = `c${(i * 7919) % customers}`;
      const hold = await engine.authorize({
        tenantId: 'bench',
        customerId,
        modelId: 'musicgen',
        params: { duration: 10 },
        idempotencyKey: `auth-${i}`,
      });
      if (!hold.ok) {
        failures += 1;
        return;
      }
      const receipt = await engine.commit({
        tenantId: 'bench',
        holdId: hold.value.hold.id,
        idempotencyKey: `commit-${i}`,
      });
      if (!receipt.ok) failures += 1;
      latencies.push(performance.now() - t0);
    });
    const elapsed = (performance.now() - start) / 1000;
    const report = await engine.verify();
    if (!report.ok)
      throw new Error(`verify failed after the benchmark: ${report.problems.slice(0, 3).join('; ')}`);
    await store.close();
    const raw = measureRaw(path, customers, options.rawSeconds ?? 5);
    latencies.sort((a, b) => a - b);
    const result: EngineBenchResult = {
      customers,
      inFlight,
      pairs,
      pairsPerSecond: pairs / elapsed,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      rawTransactions: raw.count,
      rawPerSecond: raw.perSecond,
      failures,
    };
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
