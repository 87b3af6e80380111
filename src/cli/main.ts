/**
 * `tollgate` command line, parsed by commander: every command and option has a description, so
 * `--help` anywhere prints usage; unknown options and bad values name the option and show the
 * usage (exit 2); refusals exit 1; errors print one line, never a stack trace.
 * Adding a command is one `register…` call in `buildProgram`, in a file of its own.
 */
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerCatalog } from './catalog.ts';
import { registerCatalogPublish } from './catalog-publish.ts';
import { CliError, type CliIo, type CommandContext, EXIT, processIo } from './io.ts';
import { registerQuote } from './quote.ts';
import { registerServe } from './serve.ts';
import { registerTenant } from './tenant.ts';
import { registerVerify } from './verify.ts';

const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** The `tollgate` program writing to `io`; actions report their exit code through `ctx.exit`. */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('tollgate')
    .description('A self-hosted credit system for AI generation apps.')
    .version(VERSION, '-v, --version', 'print the version')
    .helpOption('-h, --help', 'print usage')
    .helpCommand('help [command]', 'print usage of a command')
    .exitOverride()
    .configureOutput({ writeOut: ctx.io.stdout, writeErr: ctx.io.stderr })
    .showHelpAfterError();
  registerQuote(program, ctx);
  registerCatalog(program, ctx);
  registerCatalogPublish(program, ctx);
  registerServe(program, ctx);
  registerTenant(program, ctx);
  registerVerify(program, ctx);
  return program;
}

/** Runs the CLI with `argv` (without node and the script) and answers the exit code. */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram({ io, exit: (value) => (code = value) });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const command = program.args[0] === undefined ? '' : ` ${program.args[0]}`;
    io.stderr(`tollgate${command}: ${error instanceof Error ? error.message : String(error)}\n`);
    return error instanceof CliError ? error.exitCode : EXIT.refused;
  }
}
