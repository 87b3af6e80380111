import { describe, expect, it } from 'vitest';
import { formatAddresses, formatTenantKeys, keyVariable } from './serve-banner.ts';

describe('the serve banner', () => {
  it('names each demo key by its preset', () => {
    expect(keyVariable('musicgen')).toBe('MUSICGEN_KEY');
    expect(keyVariable('directors-palette')).toBe('DIRECTORS_PALETTE_KEY');
    const text = formatTenantKeys([{ preset: 'musicgen', id: 'musicgen', secretKey: 'tg_sk_x' }], []);
    expect(text).toContain('export MUSICGEN_KEY=tg_sk_x');
  });

  it('says how to get a key again on an existing database', () => {
    const text = formatTenantKeys([], ['directors-palette', 'musicgen']);
    expect(text).toContain('npx tollgate tenant list');
    expect(text).toContain('npx tollgate tenant key --tenant musicgen');
  });

  it('lists only the pages this server serves', () => {
    const all = formatAddresses('http://127.0.0.1:8787', { studio: true, dashboard: true });
    expect(all).toContain('studio         http://127.0.0.1:8787/studio/');
    expect(all).toContain('dashboard      http://127.0.0.1:8787/dashboard/');
    expect(all).toContain('API reference  http://127.0.0.1:8787/docs');
    const bare = formatAddresses('http://127.0.0.1:8787', { studio: false, dashboard: false });
    expect(bare).not.toMatch(/studio|dashboard/);
    expect(bare).toContain('/docs');
  });
});
