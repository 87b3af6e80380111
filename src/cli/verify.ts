/**
 * `tollgate verify [--db URL] [--json]`: recomputes every lot and balance from the journal and
 * checks every invariant; prints each difference and exits 1 if there is any. Without `--db` it
 * checks the database the server uses (`DATABASE_URL`, else `sqlite:./data/tollgate.db`).
 */
import { readConfig } from '../config.ts';
import { verifyLedger } from '../engine/verify.ts';
import { openStore } from '../store/open.ts';
import { type CliIo, EXIT } from './io.ts';

/** Runs `verify`. */
export async function runVerify(args: string[], io: CliIo): Promise<number> {
  let url = readConfig().databaseUrl;
  let json = false;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--json') json = true;
    else if (arg === '--db' && args[i + 1] !== undefined) url = args[++i] as string;
    else if (arg?.startsWith('--db=')) url = arg.slice('--db='.length);
    else {
      io.stderr(
        `tollgate verify: unexpected argument ${JSON.stringify(arg)}\nusage: tollgate verify [--db URL] [--json]\n`,
      );
      return EXIT.usage;
    }
  }
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore(url);
  } catch (error) {
    io.stderr(`tollgate verify: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  try {
    const report = await verifyLedger(store);
    if (json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else {
      const c = report.counts;
      io.stdout(
        `checked ${c.tenants} tenants, ${c.customers} customers, ${c.lots} lots, ${c.transactions} transactions (${c.entries} entries)\n`,
      );
      for (const p of report.problems) io.stdout(`DIFFERENCE: ${p}\n`);
      io.stdout(report.ok ? 'ledger OK\n' : `${report.problems.length} difference(s) found\n`);
    }
    return report.ok ? EXIT.ok : EXIT.refused;
  } finally {
    await store.close();
  }
}
