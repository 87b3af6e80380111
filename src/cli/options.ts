/**
 * Option parsers and descriptions shared by CLI commands. A parser that throws
 * `InvalidArgumentError` makes commander name the option, show the usage and exit 2.
 */
import { InvalidArgumentError, Option } from 'commander';

/** A finite number; ranges are the pricing's to judge. */
export function parseNumber(value: string): number {
  const parsed = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isFinite(parsed)) throw new InvalidArgumentError('must be a number.');
  return parsed;
}

/** A TCP port, 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = value.trim() === '' ? Number.NaN : Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new InvalidArgumentError('must be a port number (0-65535).');
  return port;
}

/** `--db URL`: which database, defaulting to the server's. */
export function dbOption(): Option {
  return new Option(
    '--db <url>',
    'database: sqlite:PATH or postgres://... (default: DATABASE_URL, else sqlite:./data/tollgate.db)',
  );
}

/** `--json`: machine-readable output, keys in snake_case like the API. */
export function jsonOption(): Option {
  return new Option('--json', 'print JSON (snake_case keys, as the API)');
}
