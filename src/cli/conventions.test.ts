/**
 * CLI conventions: `--help` on the program and on every command prints usage with a
 * description of every option and exits 0; `--version` prints the package's version; unknown
 * options and bad values name the option and show the usage (exit 2); failures print one line,
 * never a stack trace; a busy port names PORT and --port.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram, main } from './main.ts';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-cli-conventions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

/** Every command path (`['tenant', 'key']`) with the command itself. */
function listCommands(command: Command, path: string[] = []): [string[], Command][] {
  return command.commands.flatMap((sub) => {
    const here = [...path, sub.name()];
    return [[here, sub] as [string[], Command], ...listCommands(sub, here)];
  });
}

const commands = listCommands(buildProgram({ io: { stdout: () => {}, stderr: () => {} }, exit: () => {} }));

describe('tollgate --help and --version', () => {
  it('prints the usage of every command on stdout and exits 0', async () => {
    const top = await run('--help');
    expect(top.code).toBe(0);
    expect(top.stdout).toMatch(/^Usage: tollgate \[options\] \[command\]/);
    for (const [path] of commands) expect(top.stdout).toContain(path[0]);
    expect((await run('help', 'quote')).stdout).toMatch(/^Usage: tollgate quote/);
  });

  it.each(commands.map(([path, command]) => [path.join(' '), path, command] as const))(
    '%s --help describes every option',
    async (_name, path, command) => {
      const { code, stdout, stderr } = await run(...path, '--help');
      expect(code).toBe(0);
      expect(stderr).toBe('');
      expect(stdout).toMatch(new RegExp(`^Usage: tollgate ${path.join(' ')}`));
      for (const option of command.options) {
        expect(option.description, `${path.join(' ')} ${option.flags}`).not.toBe('');
        expect(stdout).toContain(option.flags);
      }
    },
  );

  it('prints the version from package.json', async () => {
    const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const { code, stdout } = await run(flag);
      expect(code).toBe(0);
      expect(stdout).toBe(`${version}\n`);
    }
  });
});

describe('tollgate refusals', () => {
  it.each([
    [['verify', '--nope'], /unknown option '--nope'/],
    [['serve', '--port', 'x'], /option '--port <n>' argument 'x' is invalid\. must be a port number/],
    [['quote', '--catalog', 'musicgen'], /required option '--model <id>' not specified/],
    [['tenant', 'key'], /required option '--tenant <id>' not specified \(or --revoke <key-id>\)/],
    [['catalog', 'show'], /missing required argument 'preset-or-file'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
  ])('%j names what is wrong, shows the usage and exits 2', async (argv, message) => {
    const { code, stdout, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/Usage: tollgate/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('a busy port says so and names PORT and --port, without a stack trace', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as { port: number };
    try {
      const db = `sqlite:${join(dir, 'busy.db')}`;
      const { code, stderr } = await run('serve', '--db', db, '--port', String(port));
      expect(code).toBe(1);
      expect(stderr).toMatch(new RegExp(`^tollgate serve: port ${port} is already in use`));
      expect(stderr).toMatch(/PORT=N or --port N/);
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
