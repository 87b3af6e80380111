import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestCatalog } from '../../test/support/test-catalog.ts';
import { createEngine } from '../engine/engine.ts';
import { openSqliteStore } from '../store/sqlite/store.ts';
import { main } from './main.ts';

const runVerify = (args: string[], io: { stdout: (t: string) => void; stderr: (t: string) => void }) =>
  main(['verify', ...args], io);

const dir = mkdtempSync(join(tmpdir(), 'tollgate-verify-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture() {
  const out: string[] = [];
  return {
    io: { stdout: (t: string) => out.push(t), stderr: (t: string) => out.push(t) },
    text: () => out.join(''),
  };
}

async function seed(path: string): Promise<void> {
  const store = openSqliteStore(path);
  const engine = createEngine({ store });
  await engine.saveTenant({ tenantId: 't', name: 'T', catalog: createTestCatalog(), catalogSource: '' });
  await engine.createCustomer({ tenantId: 't', customerId: 'c1', idempotencyKey: 'k1' });
  await engine.charge({
    tenantId: 't',
    customerId: 'c1',
    modelId: 'image',
    params: {},
    idempotencyKey: 'k2',
  });
  await store.close();
}

describe('tollgate verify', () => {
  it('passes on a consistent ledger', async () => {
    const path = join(dir, 'good.db');
    await seed(path);
    const c = capture();
    expect(await runVerify(['--db', `sqlite:${path}`], c.io)).toBe(0);
    expect(c.text()).toContain('ledger OK');
  });

  it('exits non-zero naming each difference when a cached figure or a lot is tampered with', async () => {
    const path = join(dir, 'bad.db');
    await seed(path);
    const db = new Database(path);
    db.prepare("UPDATE customers SET balance = balance + 7 WHERE id = 'c1'").run();
    db.prepare("UPDATE lots SET remaining = remaining + 1 WHERE customer_id = 'c1'").run();
    db.close();
    const c = capture();
    expect(await runVerify([`--db=sqlite:${path}`], c.io)).toBe(1);
    expect(c.text()).toMatch(/customer c1: balance 12, lots sum to 6/);
    expect(c.text()).toMatch(/lot .*: remaining 6, journal says 5/);
  });

  it('notices a journal entry changed behind the triggers', async () => {
    const path = join(dir, 'edited.db');
    await seed(path);
    const db = new Database(path);
    db.exec('DROP TRIGGER journal_entries_append_only_u');
    db.prepare(
      "UPDATE journal_entries SET account = 'issued:plan' WHERE account = 'issued:promotional'",
    ).run();
    db.close();
    const c = capture();
    expect(await runVerify(['--db', `sqlite:${path}`], c.io)).toBe(1);
    expect(c.text()).toMatch(/transaction .* was changed after it was written/);
  });

  it('refuses an unsupported database URL and bad arguments', async () => {
    const c = capture();
    expect(await runVerify(['--db', 'mysql://localhost/x'], c.io)).toBe(2);
    expect(c.text()).toContain('unsupported database URL');
    expect(await runVerify(['--nope'], capture().io)).toBe(2);
  });

  it('refuses a SQLite file that does not exist instead of creating an empty one', async () => {
    const path = join(dir, 'missing.db');
    const c = capture();
    expect(await runVerify(['--db', `sqlite:${path}`], c.io)).toBe(1);
    expect(c.text()).toBe(
      `tollgate verify: --db: no database at ${path} (name the server's with --db URL or DATABASE_URL)\n`,
    );
    expect(existsSync(path)).toBe(false);
  });

  it('prints --json with snake_case keys', async () => {
    const path = join(dir, 'json.db');
    await seed(path);
    const c = capture();
    expect(await runVerify(['--db', `sqlite:${path}`, '--json'], c.io)).toBe(0);
    const report = JSON.parse(c.text()) as Record<string, unknown>;
    expect(report).toMatchObject({ ok: true, problems: [] });
    expect(Object.keys(report)).toContain('system_accounts');
  });
});
