/**
 * Issue 14 item 4: `npm start` (tollgate serve) issues one one-time dashboard sign-in link per
 * demo tenant and prints them; each link signs its tenant in once, with the session cookie.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { startServer } from './serve.ts';
import { formatSignInLinks } from './serve-banner.ts';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-sign-in-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('prints the links, one per demo tenant, each on its own line', () => {
  const text = formatSignInLinks([
    { tenant: 'musicgen', url: 'http://h/dashboard/sign-in?token=a' },
    { tenant: 'directors-palette', url: 'http://h/dashboard/sign-in?token=b' },
  ]);
  expect(text).toContain('one-time links');
  expect(text).toMatch(/^ {2}musicgen {11}http:\/\/h\/dashboard\/sign-in\?token=a$/m);
  expect(text).toMatch(/^ {2}directors-palette {2}http:\/\/h\/dashboard\/sign-in\?token=b$/m);
  expect(formatSignInLinks([])).toBe('');
});

it('serve issues a working one-time link for each demo tenant', async () => {
  const config = {
    ...readConfig({}),
    databaseUrl: `sqlite:${join(dir, 'serve.db')}`,
    port: 0,
    logLevel: 'silent',
  };
  const server = await startServer(config, { stdout: () => {}, stderr: () => {} });
  try {
    expect(server.signInLinks.map((l) => l.tenant).sort()).toEqual(['directors-palette', 'musicgen']);
    for (const link of server.signInLinks) {
      expect(link.url.startsWith(`${server.url}/dashboard/sign-in?token=`)).toBe(true);
      const first = await fetch(link.url, { redirect: 'manual' });
      expect(first.status).toBe(303);
      const cookie = (first.headers.get('set-cookie') ?? '').split(';')[0] as string;
      const session = await fetch(`${server.url}/v1/operator/session`, { headers: { cookie } });
      expect(((await session.json()) as { tenant: string }).tenant).toBe(link.tenant);
      const second = await fetch(link.url, { redirect: 'manual' });
      expect(second.headers.get('location')).toBe('/dashboard/?sign_in=expired');
    }
  } finally {
    await server.close();
  }
});
