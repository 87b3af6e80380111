/**
 * Issue 4 item 3: four engine processes against one PostgreSQL schema, 64 concurrent clients
 * authorizing (and committing every other success) against four customers whose balances
 * cover only some of the requests. Every request is sent twice at once from two different
 * processes and once more afterwards from a third. Pass: exactly as many holds as the
 * balances cover, no balance ever below zero (sampled during the run and checked after),
 * one effect per idempotency key, and `tollgate verify` passes afterwards.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/domain/errors.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { openPostgresStore } from '../../src/store/postgres/store.ts';
import { createSchemaName, dropSchema, requirePostgresUrl, SKIP_POSTGRES } from '../support/databases.ts';
import { type EngineProcess, startEngineProcess } from '../support/engine-processes.ts';
import { createTestCatalog } from '../support/test-catalog.ts';

const TENANT = 'race';
const PROCESSES = 4;
const CLIENTS = 64;
const REQUESTS_PER_CUSTOMER = 64;
const PRICE = 5; // clip, variant b
const PURCHASED = [5, 20, 40, 65]; // + the 10-credit welcome reward: covers 3, 6, 10 and 15 holds
const CLI = fileURLToPath(new URL('../../bin/tollgate.js', import.meta.url));

type Answer = Result<{ hold?: { id: string }; chargeId?: string }>;

/** Sends one call twice at once from two processes, then once more from a third; answers all three. */
async function sendWithRetries(
  processes: EngineProcess[],
  first: number,
  op: 'authorize' | 'commit',
  input: unknown,
) {
  const pick = (offset: number) => processes[(first + offset) % processes.length] as EngineProcess;
  const [a, b] = await Promise.all([pick(0).call(op, input), pick(1).call(op, input)]);
  const c = await pick(2).call(op, input);
  return [a, b, c] as Answer[];
}

describe.skipIf(SKIP_POSTGRES)('multi-process race on PostgreSQL', () => {
  it('never double-spends: exact coverage, no negative balance, one effect per key, verify passes', async () => {
    const url = requirePostgresUrl();
    const schema = createSchemaName('race');
    const store = await openPostgresStore(url, { schema, max: 4 });
    const processes: EngineProcess[] = [];
    let sampling = true;
    try {
      const engine = createEngine({ store });
      await engine.saveTenant({
        tenantId: TENANT,
        name: 'Race',
        catalog: createTestCatalog(),
        catalogSource: '# race',
      });
      const customers = PURCHASED.map((_, i) => `c${i}`);
      const covers = new Map<string, number>();
      for (const [i, id] of customers.entries()) {
        const created = await engine.createCustomer({
          tenantId: TENANT,
          customerId: id,
          idempotencyKey: `create-${id}`,
        });
        expect(created.ok).toBe(true);
        await engine.grant({
          tenantId: TENANT,
          customerId: id,
          credits: PURCHASED[i] as number,
          source: 'purchase',
          idempotencyKey: `grant-${id}`,
        });
        const summary = await engine.getCustomer(TENANT, id);
        if (!summary.ok) throw new Error(summary.error.message);
        covers.set(id, Math.floor(summary.value.balance.available / PRICE));
      }
      expect([...covers.values()]).toEqual([3, 6, 10, 15]);

      processes.push(
        ...(await Promise.all(Array.from({ length: PROCESSES }, () => startEngineProcess(url, schema, 6)))),
      );
      expect(new Set(processes.map((p) => p.pid)).size).toBe(PROCESSES);

      // Sample the invariant while the race runs.
      let samples = 0;
      let worstAvailable = Number.POSITIVE_INFINITY;
      let worstLot = Number.POSITIVE_INFINITY;
      const sampler = (async () => {
        while (sampling) {
          const [row] = await store.raw.query<{ a: number | null; l: number | null }>(
            'SELECT (SELECT MIN(balance - held) FROM customers) AS a, (SELECT MIN(remaining) FROM lots) AS l',
          );
          worstAvailable = Math.min(worstAvailable, row?.a ?? 0);
          worstLot = Math.min(worstLot, row?.l ?? 0);
          samples += 1;
          await new Promise((r) => setTimeout(r, 2));
        }
      })();

      const requests = customers.flatMap((id) =>
        Array.from({ length: REQUESTS_PER_CUSTOMER }, (_, n) => ({ id, n })),
      );
      requests.sort((x, y) => (x.n - y.n) * 10 + x.id.localeCompare(y.id)); // interleave customers
      const granted = new Map<string, number>(customers.map((id) => [id, 0]));
      let committed = 0;
      let next = 0;
      const client = async (c: number) => {
        while (next < requests.length) {
          const r = requests[next++] as { id: string; n: number };
          const input = {
            tenantId: TENANT,
            customerId: r.id,
            modelId: 'clip',
            params: { variant: 'b' },
            idempotencyKey: `auth-${r.id}-${r.n}`,
          };
          const answers = await sendWithRetries(processes, c + r.n, 'authorize', input);
          expect(answers[1]).toEqual(answers[0]);
          expect(answers[2]).toEqual(answers[0]);
          const first = answers[0] as Answer;
          if (!first.ok) {
            expect(first.error.code).toBe('insufficient_credits');
            continue;
          }
          granted.set(r.id, (granted.get(r.id) ?? 0) + 1);
          if (r.n % 2 === 0) {
            const commit = {
              tenantId: TENANT,
              holdId: first.value.hold?.id,
              idempotencyKey: `commit-${r.id}-${r.n}`,
            };
            const receipts = await sendWithRetries(processes, c + 1, 'commit', commit);
            expect(receipts[1]).toEqual(receipts[0]);
            expect(receipts[2]).toEqual(receipts[0]);
            expect(receipts[0]?.ok).toBe(true);
            committed += 1;
          }
        }
      };
      const started = Date.now();
      await Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)));
      const elapsedMs = Date.now() - started;
      sampling = false;
      await sampler;

      // Exactly as many holds as each balance covers, and one row per successful key.
      expect(Object.fromEntries(granted)).toEqual(Object.fromEntries(covers));
      const holds = await store.raw.query<{ customer_id: string; n: number }>(
        'SELECT customer_id, COUNT(*) AS n FROM holds GROUP BY customer_id ORDER BY customer_id',
      );
      expect(Object.fromEntries(holds.map((h) => [h.customer_id, h.n]))).toEqual(Object.fromEntries(covers));
      const [charges] = await store.raw.query<{ n: number }>('SELECT COUNT(*) AS n FROM charges');
      expect(charges?.n).toBe(committed);
      const [keys] = await store.raw.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM idempotency_keys WHERE idem_key LIKE 'auth-%'",
      );
      expect(keys?.n).toBe(requests.length);

      // Never below zero: during the run and after it.
      expect(samples).toBeGreaterThan(5);
      expect(worstAvailable).toBeGreaterThanOrEqual(0);
      expect(worstLot).toBeGreaterThanOrEqual(0);
      for (const id of customers) {
        const summary = await engine.getCustomer(TENANT, id);
        if (!summary.ok) throw new Error(summary.error.message);
        expect(summary.value.balance.available).toBeGreaterThanOrEqual(0);
        expect(summary.value.balance.available).toBeLessThan(PRICE);
      }

      // The ledger checks out, in-process and through the CLI on the same URL.
      const report = await engine.verify();
      expect(report.problems).toEqual([]);
      const cliUrl = new URL(url);
      cliUrl.searchParams.set('search_path', schema);
      const cli = spawnSync(process.execPath, [CLI, 'verify', '--db', cliUrl.toString()], {
        encoding: 'utf8',
      });
      expect(cli.stdout).toContain('ledger OK');
      expect(cli.status).toBe(0);
      expect(elapsedMs).toBeGreaterThan(0);
    } finally {
      sampling = false;
      await Promise.all(processes.map((p) => p.stop()));
      await dropSchema(store, schema);
      await store.close();
    }
  }, 60_000);
});
