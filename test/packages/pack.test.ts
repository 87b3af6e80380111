/**
 * The installable packages, as a tenant gets them: `npm pack` builds `@tollgate/client` and
 * `@tollgate/react` (their `prepack`), a fresh app outside the repository installs both
 * tarballs, the guide's client example (docs/api.md §2–3) runs there on plain Node against a
 * live `tollgate serve`, the kit's exports resolve in Node, the packed files name no path
 * outside their package, and a tenant's TypeScript checks against the declarations alone.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ServerProcess, startServerProcess } from '../support/server-processes.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const npm = (args: string[], cwd: string) =>
  run('npm', args, {
    cwd,
    maxBuffer: 16 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });

/** The version of `name` installed in the repository, so the app's install can come from npm's cache. */
const version = (name: string): string =>
  JSON.parse(readFileSync(join(ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;

interface Packed {
  filename: string;
  files: { path: string }[];
}

/** The guide's client set-up (§2) and first customer calls (§3), as JavaScript (its `!`s dropped). */
function readGuideExample(): { code: string; balance: Record<string, number> } {
  const guide = readFileSync(join(ROOT, 'docs', 'api.md'), 'utf8');
  const section = (title: string) =>
    guide.slice(guide.indexOf(title), guide.indexOf('\n## ', guide.indexOf(title)));
  const tsBlocks = (text: string) => [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const setUp = tsBlocks(section('## 2. The client'))[0] as string;
  const customers = tsBlocks(section('## 3. Customers'))[0] as string;
  const shown = /c\.balance;\s*\/\/[^{\n]*\{([^}]*)\}/.exec(customers)?.[1] ?? '';
  const balance = Object.fromEntries([...shown.matchAll(/(\w+): (-?\d+)/g)].map((m) => [m[1], Number(m[2])]));
  const code = `${setUp}\n${customers}\nconsole.log(JSON.stringify(c.balance));\n`
    .replace(/\b(process\.env\.\w+)!/g, '$1')
    .replace(/baseUrl: '[^']*'/, 'baseUrl: process.env.TOLLGATE_URL');
  return { code, balance };
}

describe('the packages a tenant app installs', () => {
  let work: string;
  let app: string;
  let server: ServerProcess;
  const packed: Record<string, Packed> = {};

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'tollgate-pack-'));
    const [{ stdout }, started] = await Promise.all([
      npm(
        [
          'pack',
          '--workspace',
          '@tollgate/client',
          '--workspace',
          '@tollgate/react',
          '--pack-destination',
          work,
          '--json',
        ],
        ROOT,
      ),
      startServerProcess({ DATABASE_URL: `sqlite:${join(work, 'tollgate.db')}` }),
    ]);
    server = started;
    const json = stdout.slice(stdout.indexOf('['));
    for (const entry of JSON.parse(json) as (Packed & { name: string })[]) packed[entry.name] = entry;
    app = join(work, 'app');
    await run('mkdir', [app]);
    writeFileSync(
      join(app, 'package.json'),
      JSON.stringify({ name: 'tenant-app', private: true, type: 'module' }),
    );
    const react = JSON.parse(
      readFileSync(join(ROOT, 'node_modules', 'react', 'package.json'), 'utf8'),
    ).version;
    await npm(
      [
        'install',
        '--no-audit',
        '--no-fund',
        '--prefer-offline',
        join(work, packed['@tollgate/client']?.filename ?? ''),
        join(work, packed['@tollgate/react']?.filename ?? ''),
        `react@${react}`,
        `react-dom@${react}`,
        `@types/react@${version('@types/react')}`,
      ],
      app,
    );
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('packs built JavaScript, declarations and stylesheets, and nothing else', () => {
    const client = packed['@tollgate/client']?.files.map((f) => f.path) ?? [];
    const kit = packed['@tollgate/react']?.files.map((f) => f.path) ?? [];
    expect(client).toEqual(
      expect.arrayContaining(['package.json', 'dist/index.js', 'dist/types/packages/client/src/index.d.ts']),
    );
    expect(kit).toEqual(
      expect.arrayContaining(['package.json', 'dist/index.js', 'dist/types/index.d.ts', 'dist/tollgate.css']),
    );
    for (const path of [...client, ...kit])
      expect(path).toMatch(/^(package\.json|README\.md|LICENSE|dist\/.+)$/);
  });

  it('names no file outside its package: every relative import in the installed files stays inside', () => {
    for (const name of ['@tollgate/client', '@tollgate/react']) {
      const home = join(app, 'node_modules', name);
      for (const file of packed[name]?.files ?? []) {
        if (!/\.(js|d\.ts)$/.test(file.path)) continue;
        const text = readFileSync(join(home, file.path), 'utf8');
        for (const m of text.matchAll(/(?:from |import\()\s*["'](\.{1,2}\/[^"']+)["']/g)) {
          const target = resolve(dirname(join(home, file.path)), m[1] as string);
          expect(relative(home, target).startsWith('..'), `${name}/${file.path} imports ${m[1]}`).toBe(false);
          expect(m[1], `${name}/${file.path}`).toMatch(/\.js$/);
        }
      }
    }
  });

  it("runs the guide's client example on plain Node against a live server", async () => {
    const key = /export MUSICGEN_KEY=(\S+)/.exec(server.output)?.[1];
    expect(key, server.output).toBeDefined();
    const { code, balance } = readGuideExample();
    expect(Object.keys(balance), 'the balance the guide shows after c.balance').toContain('available');
    expect(code).toContain("from '@tollgate/client'");
    writeFileSync(join(app, 'example.mjs'), code);
    const { stdout } = await run(process.execPath, ['example.mjs'], {
      cwd: app,
      env: { ...process.env, TOLLGATE_URL: server.url, TOLLGATE_KEY: key as string },
    });
    // The guide's figures are for its own catalog; the demo tenant's grants differ, its shape does not.
    const shown = JSON.parse(stdout.trim().split('\n').at(-1) as string) as Record<string, number>;
    expect(Object.keys(shown).sort()).toEqual(Object.keys(balance).sort());
    expect(shown).toMatchObject({ held: balance.held, overdraft_limit: balance.overdraft_limit });
    expect(shown.available).toBe((shown.balance as number) - (shown.held as number));
    expect(shown.balance).toBeGreaterThan(0);
  });

  it("imports the kit in Node: its components, client and stylesheet resolve from the app's node_modules", async () => {
    const probe = [
      "const kit = await import('@tollgate/react');",
      "const client = await import('@tollgate/client');",
      "const css = import.meta.resolve('@tollgate/react/tollgate.css');",
      'console.log(JSON.stringify({ kit: Object.keys(kit), client: Object.keys(client), css }));',
    ].join('\n');
    writeFileSync(join(app, 'probe.mjs'), probe);
    const { stdout } = await run(process.execPath, ['probe.mjs'], { cwd: app });
    const found = JSON.parse(stdout) as { kit: string[]; client: string[]; css: string };
    const index = readFileSync(join(ROOT, 'web', 'components', 'index.ts'), 'utf8');
    const valueExports = [...index.matchAll(/export \{([^}]*)\}/g)]
      .flatMap((m) => (m[1] as string).split(','))
      .map((name) => name.trim())
      .filter((name) => name !== '' && !name.startsWith('type '));
    expect(found.kit.sort()).toEqual(valueExports.sort());
    expect(found.client).toEqual(
      expect.arrayContaining(['createTollgate', 'TollgateError', 'createIdempotencyKey']),
    );
    expect(found.css).toMatch(/node_modules\/@tollgate\/react\/dist\/tollgate\.css$/);
    expect(readFileSync(fileURLToPath(found.css), 'utf8')).toContain('tollgate-components.css');
  });

  it("type-checks a tenant's TypeScript against the packed declarations (skipLibCheck off, no @types/node)", async () => {
    const source = [
      "import { createTollgate, type Customer, TollgateError } from '@tollgate/client';",
      "import { CreditMeter, createTollgateClient, TollgateProvider } from '@tollgate/react';",
      "const tollgate = createTollgate({ baseUrl: 'http://127.0.0.1:8787', apiKey: 'tg_sk_x' });",
      'export async function available(id: string): Promise<number> {',
      '  try {',
      "    await tollgate.customers.create({ id, email: 'ada@example.com' });",
      '    const customer = await tollgate.customers.get(id);',
      '    return customer.balance.available;',
      '  } catch (error) {',
      '    if (error instanceof TollgateError) return error.status;',
      '    throw error;',
      '  }',
      '}',
      'export const kit = [CreditMeter, TollgateProvider, createTollgateClient] as const;',
      'export type Shown = Customer;',
      '// @ts-expect-error an unknown route is a type error, so the declarations are not `any`',
      'tollgate.nothing;',
    ].join('\n');
    writeFileSync(join(app, 'check.ts'), source);
    const compilerOptions = {
      module: 'nodenext',
      target: 'es2022',
      lib: ['es2023', 'dom'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: [],
    };
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['check.ts'] }));
    const tsc = join(ROOT, 'node_modules', '.bin', 'tsc');
    const checked = await run(tsc, ['-p', app]).catch((error: { stdout: string }) => error);
    expect(checked.stdout).toBe('');
  });
});
