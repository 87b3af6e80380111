import { describe, expect, it } from 'vitest';
import { readConfig } from '../config.ts';
import { parseServeArgs } from './serve.ts';

describe('tollgate serve flags', () => {
  it('moves a public URL derived from the default port to the port given', () => {
    const config = parseServeArgs(['--port', '9100'], readConfig({}));
    expect(config).toMatchObject({ port: 9100, publicUrl: 'http://localhost:9100' });
  });

  it('keeps a PUBLIC_URL set by the operator', () => {
    const config = parseServeArgs(['--port=9100'], readConfig({ PUBLIC_URL: 'https://credits.example.com' }));
    expect(config).toMatchObject({ port: 9100, publicUrl: 'https://credits.example.com' });
  });

  it('names the flag that is wrong', () => {
    expect(parseServeArgs(['--port', 'x'], readConfig({}))).toBe('--port must be a port number, got x');
    expect(parseServeArgs(['--db'], readConfig({}))).toBe('--db needs a value');
  });
});
