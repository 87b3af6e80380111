import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../', import.meta.url));

async function listTypeScript(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listTypeScript(path);
      return Promise.resolve(entry.name.endsWith('.ts') ? [path] : []);
    }),
  );
  return nested.flat();
}

it('only src/payments imports the Stripe SDK', async () => {
  const offenders: string[] = [];
  for (const file of await listTypeScript(SRC)) {
    const path = relative(SRC, file);
    if (path.startsWith('payments/')) continue;
    const text = await readFile(file, 'utf8');
    if (/from ['"]stripe['"]|import\(['"]stripe['"]\)|require\(['"]stripe['"]\)/.test(text))
      offenders.push(path);
  }
  expect(offenders).toEqual([]);
});
