/**
 * `tollgate verify [--db URL] [--json]`: recomputes every lot and balance from the journal and
 * checks every invariant; prints each difference and exits 1 if there is any. Without `--db` it
 * checks the database the server uses (`DATABASE_URL`, else `sqlite:./data/tollgate.db`). A SQLite
 * file that does not exist is an error: verifying must never create an empty database and call it OK.
 */
import type { Command } from 'commander';
import { verifyLedger } from '../engine/verify.ts';
import { openCliStore } from './database.ts';
import { formatJson, toSnakeCase } from './format.ts';
import { type CliIo, type CommandContext, EXIT } from './io.ts';
import { dbOption, jsonOption } from './options.ts';

async function verify(options: { db?: string; json?: boolean }, io: CliIo): Promise<number> {
  const store = await openCliStore(options.db, { mustExist: true });
  try {
    const report = await verifyLedger(store);
    if (options.json) io.stdout(formatJson(toSnakeCase(report)));
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

/** `tollgate verify [--db URL] [--json]`. */
export function registerVerify(program: Command, ctx: CommandContext): void {
  program
    .command('verify')
    .description(
      'recompute every balance from the journal and check every invariant (exit 1 on a difference)',
    )
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(async (options: { db?: string; json?: boolean }) => ctx.exit(await verify(options, ctx.io)));
}
