import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { buildStripeEvent } from './test-events.ts';
import { STRIPE_SIGNATURE_TOLERANCE_SECONDS, verifyStripeEvent } from './webhook.ts';

const secret = 'whsec_test_secret_for_tollgate';
const now = Date.UTC(2026, 0, 15, 12, 0, 0);
const payload = JSON.stringify(
  buildStripeEvent(
    'checkout.session.completed',
    { id: 'cs_test_1', object: 'checkout.session' },
    {
      id: 'evt_test_1',
      created: now / 1000,
    },
  ),
);

function sign(body: string, options: { secret?: string; timestamp?: number } = {}): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload: body,
    secret: options.secret ?? secret,
    timestamp: options.timestamp ?? Math.floor(now / 1000),
  });
}

describe('verifyStripeEvent', () => {
  it('accepts an event signed with the SDK test header helper, as a string or a Buffer', () => {
    const header = sign(payload);
    const fromString = verifyStripeEvent(payload, header, secret, { now });
    const fromBuffer = verifyStripeEvent(Buffer.from(payload), header, secret, { now });
    expect(fromString.ok && fromString.value.id).toBe('evt_test_1');
    expect(fromBuffer.ok && fromBuffer.value.type).toBe('checkout.session.completed');
  });

  it('refuses a forged signature (signed with another secret)', () => {
    const result = verifyStripeEvent(payload, sign(payload, { secret: 'whsec_attacker' }), secret, { now });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({
      code: 'invalid_request',
      param: 'stripe-signature',
      details: { reason: 'signature_mismatch' },
    });
    expect(result.error.message).toMatch(/Stripe signature refused: No signatures found matching/);
  });

  it('refuses a body changed by one byte', () => {
    const header = sign(payload);
    const tampered = payload.replace('cs_test_1', 'cs_test_2');
    expect(tampered.length).toBe(payload.length);
    const result = verifyStripeEvent(tampered, header, secret, { now });
    expect(result.ok ? null : result.error.details).toEqual({ reason: 'signature_mismatch' });
  });

  it('refuses a timestamp older than 300 s, and accepts one just inside', () => {
    const old = Math.floor(now / 1000) - STRIPE_SIGNATURE_TOLERANCE_SECONDS - 1;
    const stale = verifyStripeEvent(payload, sign(payload, { timestamp: old }), secret, { now });
    expect(stale.ok ? null : stale.error.details).toEqual({ reason: 'timestamp_outside_tolerance' });
    expect(stale.ok ? '' : stale.error.message).toContain('Timestamp outside the tolerance zone');

    const recent = Math.floor(now / 1000) - STRIPE_SIGNATURE_TOLERANCE_SECONDS + 1;
    expect(verifyStripeEvent(payload, sign(payload, { timestamp: recent }), secret, { now }).ok).toBe(true);
  });

  it('refuses a missing header, a garbage header and a tenant without a signing secret', () => {
    expect(verifyStripeEvent(payload, undefined, secret, { now })).toMatchObject({
      ok: false,
      error: { details: { reason: 'missing_header' } },
    });
    expect(verifyStripeEvent(payload, 'nonsense', secret, { now })).toMatchObject({
      ok: false,
      error: { details: { reason: 'malformed_header' } },
    });
    expect(verifyStripeEvent(payload, sign(payload), null, { now })).toMatchObject({
      ok: false,
      error: { details: { reason: 'missing_secret' } },
    });
  });

  it('refuses a signed body that is not JSON', () => {
    const body = 'not json';
    expect(verifyStripeEvent(body, sign(body), secret, { now })).toMatchObject({
      ok: false,
      error: { details: { reason: 'malformed_payload' } },
    });
  });
});
