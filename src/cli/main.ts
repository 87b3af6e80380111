/**
 * `tollgate` command line: a dispatch table from command name to the file that runs it.
 * Adding a command (`verify`, `serve`, `tenant`) is one line in `COMMANDS`.
 */
import { runCatalog } from './catalog.ts';
import { type CliIo, type Command, EXIT, processIo } from './io.ts';
import { runQuote } from './quote.ts';
import { runServe } from './serve.ts';
import { runTenant } from './tenant.ts';
import { runVerify } from './verify.ts';

const COMMANDS: Readonly<Record<string, { run: Command; usage: string }>> = {
  quote: {
    run: runQuote,
    usage:
      'quote --catalog <preset-or-file> --model <id> [--variant V] [--duration S] [--count N]\n' +
      '        [--prompt TEXT] [--input-tokens N] [--output-tokens N] [--json]',
  },
  catalog: {
    run: runCatalog,
    usage: 'catalog check <preset-or-file>\n  catalog show <preset-or-file> [--json]',
  },
  verify: { run: runVerify, usage: 'verify [--db sqlite:PATH|postgres://...] [--json]' },
  serve: { run: runServe, usage: 'serve [--db URL] [--port N] [--host H]' },
  tenant: {
    run: runTenant,
    usage:
      'tenant create --name NAME --catalog PRESET-OR-FILE [--db URL] [--stripe-secret-key K] [--stripe-webhook-secret S]',
  },
};

/** The usage text listing every command. */
export function formatUsage(): string {
  const lines = Object.values(COMMANDS).map((c) => `  ${c.usage}`);
  return `usage: tollgate <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

/** Runs the CLI with `argv` (without node and the script) and answers the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    (name === undefined ? io.stderr : io.stdout)(formatUsage());
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    io.stderr(`tollgate: unknown command ${JSON.stringify(name)}\n\n${formatUsage()}`);
    return EXIT.usage;
  }
  return command.run(rest, io);
}
