import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { generateEndpointSecret, signWebhookMessage } from './sign.ts';

describe('signWebhookMessage', () => {
  it('makes headers any Standard Webhooks receiver verifies', () => {
    const secret = generateEndpointSecret();
    const body = JSON.stringify({
      type: 'balance.low',
      timestamp: '2026-01-01T00:00:00.000Z',
      data: { balance: 2 },
    });
    const headers = signWebhookMessage({ secret, messageId: 'msg_1', timestamp: Date.now(), body });
    expect(headers['webhook-id']).toBe('msg_1');
    expect(headers['webhook-signature']).toMatch(/^v1,/);
    expect(new Webhook(secret).verify(body, { ...headers })).toMatchObject({ type: 'balance.low' });
  });

  it('does not verify with another secret or another body', () => {
    const secret = generateEndpointSecret();
    const body = '{"type":"grant.expired"}';
    const headers = { ...signWebhookMessage({ secret, messageId: 'msg_2', timestamp: Date.now(), body }) };
    expect(() => new Webhook(generateEndpointSecret()).verify(body, headers)).toThrow();
    expect(() => new Webhook(secret).verify('{"type":"grant.expirex"}', headers)).toThrow();
  });

  it('makes distinct whsec_ secrets of 32 random bytes', () => {
    const a = generateEndpointSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(generateEndpointSecret()).not.toBe(a);
  });
});
