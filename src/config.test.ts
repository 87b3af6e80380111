import { describe, expect, it } from 'vitest';
import { readConfig } from './config.ts';

describe('readConfig', () => {
  it('defaults to SQLite on port 8787 with no Stripe keys', () => {
    const config = readConfig({});
    expect(config.port).toBe(8787);
    expect(config.databaseUrl).toBe('sqlite:./data/tollgate.db');
    expect(config.stripeSecretKey).toBeNull();
    expect(config.ci).toBe(false);
  });

  it('reads every variable it knows', () => {
    const config = readConfig({
      PORT: '9000',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
      STRIPE_SECRET_KEY: 'sk_test_x',
      CI: 'true',
    });
    expect(config.port).toBe(9000);
    expect(config.databaseUrl).toMatch(/^postgres:/);
    expect(config.stripeSecretKey).toBe('sk_test_x');
    expect(config.ci).toBe(true);
  });

  it('reads WEBHOOK_ALLOW_PRIVATE as true or false, refusing anything else by name', () => {
    expect(readConfig({}).webhookAllowPrivate).toBe(false);
    expect(readConfig({ WEBHOOK_ALLOW_PRIVATE: 'true' }).webhookAllowPrivate).toBe(true);
    expect(readConfig({ WEBHOOK_ALLOW_PRIVATE: 'false' }).webhookAllowPrivate).toBe(false);
    expect(() => readConfig({ WEBHOOK_ALLOW_PRIVATE: 'yes' })).toThrow(/WEBHOOK_ALLOW_PRIVATE/);
  });

  it('reads TRUST_PROXY as a list of addresses and ranges, refusing anything else by name', () => {
    expect(readConfig({}).trustProxy).toEqual([]);
    expect(readConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,loopback,::1' }).trustProxy).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
      'loopback',
      '::1',
    ]);
    expect(() => readConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY/);
    expect(() => readConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/);
  });

  it('reads retention in whole days and the metrics token', () => {
    expect(readConfig({})).toMatchObject({
      retentionDays: 30,
      idempotencyRetentionDays: 7,
      metricsToken: null,
    });
    expect(
      readConfig({ RETENTION_DAYS: '90', IDEMPOTENCY_RETENTION_DAYS: '2', METRICS_TOKEN: 's3cret' }),
    ).toMatchObject({ retentionDays: 90, idempotencyRetentionDays: 2, metricsToken: 's3cret' });
    expect(() => readConfig({ RETENTION_DAYS: '0' })).toThrow(/RETENTION_DAYS/);
    expect(() => readConfig({ IDEMPOTENCY_RETENTION_DAYS: '1.5' })).toThrow(/IDEMPOTENCY_RETENTION_DAYS/);
  });

  it('refuses a port that is not a number, naming PORT', () => {
    expect(() => readConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });
});
