/**
 * The database a CLI command works on: `--db URL`, else the server's (`DATABASE_URL`, else
 * `sqlite:./data/tollgate.db`). Commands that read an existing ledger refuse a SQLite file that
 * is not there, instead of creating an empty one.
 */
import { existsSync } from 'node:fs';
import { readConfig } from '../config.ts';
import { openStore, parseDatabaseUrl } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { CliError, EXIT } from './io.ts';

export async function openCliStore(db: string | undefined, options: { mustExist: boolean }): Promise<Store> {
  const url = db ?? readConfig().databaseUrl;
  let target: ReturnType<typeof parseDatabaseUrl>;
  try {
    target = parseDatabaseUrl(url);
  } catch (error) {
    throw new CliError(`--db: ${(error as Error).message}`, EXIT.usage);
  }
  if (options.mustExist && target.kind === 'sqlite' && target.path !== ':memory:' && !existsSync(target.path))
    throw new CliError(
      `--db: no database at ${target.path} (name the server's with --db URL or DATABASE_URL)`,
    );
  try {
    return await openStore(url);
  } catch (error) {
    throw new CliError(`--db: cannot open ${url}: ${(error as Error).message}`);
  }
}
