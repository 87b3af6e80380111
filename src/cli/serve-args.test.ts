import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { applyServeOptions } from './serve.ts';

describe('serve options', () => {
  it('a --port moves a public URL derived from the default port along with it', () => {
    const config = applyServeOptions({ port: 9100 }, readConfig({}));
    expect(config).toMatchObject({ port: 9100, publicUrl: 'http://localhost:9100' });
  });

  it('keeps a PUBLIC_URL given by the operator, and applies --db and --host', () => {
    const base = readConfig({ PUBLIC_URL: 'https://credits.example.com' });
    const config = applyServeOptions({ port: 9100, db: 'sqlite:x.db', host: '0.0.0.0' }, base);
    expect(config).toMatchObject({
      port: 9100,
      publicUrl: 'https://credits.example.com',
      databaseUrl: 'sqlite:x.db',
      host: '0.0.0.0',
    });
  });
});
