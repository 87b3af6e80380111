/**
 * `POST /v1/webhooks/stripe/:tenant_id`: where Stripe (and the offline test checkout) deliver
 * payment events. The body is kept as the exact bytes received, the signature is checked with
 * the SDK (300 s tolerance) against the tenant's own signing secret, else the environment's
 * `STRIPE_WEBHOOK_SECRET`, else (no Stripe keys) the tenant's local test secret; then the
 * event is translated and applied by the engine, once per event and per payment object.
 *
 * Statuses, chosen for Stripe's retries (it retries every non-2xx for three days):
 * - 404 unknown tenant; 400 refused signature (nothing read or written);
 * - 200 when the event was applied, was a duplicate, or was refused by the ledger for a
 *   reason a retry cannot fix (unknown customer, plan missing from the catalog): the outcome
 *   is logged and answered, so the operator sees it and Stripe stops;
 * - 500 when the store failed (thrown), so Stripe delivers it again later.
 */
import { z } from 'zod';
import { fail, ok } from '../../domain/errors.ts';
import { handleStripeWebhook } from '../../payments/handle-webhook.ts';
import { STRIPE_SIGNATURE_HEADER } from '../../payments/webhook.ts';
import { loadTenantPayments } from '../checkout/setup.ts';
import { formatError } from '../errors.ts';
import { defineRoute } from '../route.ts';
import { idSchema } from '../schemas/common.ts';

const params = z.strictObject({ tenant_id: idSchema.describe('The tenant the Stripe endpoint belongs to') });

const receiptSchema = z.object({
  object: z.literal('stripe_webhook_receipt'),
  received: z.literal(true),
  event_id: z.string(),
  event_type: z.string(),
  command: z.string(),
  outcome: z.enum(['applied', 'duplicate', 'deferred', 'stale', 'ignored', 'refused']),
  credits_delta: z.number().optional(),
  error: z.object({ code: z.string(), message: z.string(), param: z.string().optional() }).optional(),
});

/** The event's id and type, read again from a body whose signature already passed. */
function readEventLabel(raw: Buffer): { id: string; type: string } {
  try {
    const event = JSON.parse(raw.toString('utf8')) as { id?: unknown; type?: unknown };
    return { id: String(event.id ?? ''), type: String(event.type ?? '') };
  } catch {
    return { id: '', type: '' };
  }
}

function readHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Whether a failure is the signature check's (answered 400), not the ledger's. */
function isSignatureRefusal(error: { code: string; param?: string; details?: Record<string, unknown> }) {
  return (
    error.code === 'invalid_request' &&
    error.param === STRIPE_SIGNATURE_HEADER &&
    typeof error.details?.reason === 'string'
  );
}

export const stripeWebhookRoutes = [
  defineRoute({
    method: 'POST',
    url: '/v1/webhooks/stripe/:tenant_id',
    operationId: 'receiveStripeWebhook',
    tag: 'Payments',
    summary: 'Receive a Stripe webhook',
    description:
      "Point a Stripe webhook endpoint at this URL with the tenant's id and enable `checkout.session.completed`, `checkout.session.async_payment_succeeded`, `invoice.paid`, `customer.subscription.updated`, `customer.subscription.deleted`, `charge.refunded`, `charge.dispute.created` and `charge.dispute.closed`, and for auto top-up `setup_intent.succeeded` (a saved card), `payment_intent.succeeded` (the only event that grants a top-up) and `payment_intent.payment_failed`. The `Stripe-Signature` header is checked on the raw body (300 s tolerance). 400: signature refused, nothing written; 404: unknown tenant; 200: applied, duplicate, or refused by the ledger for good (`outcome`); 500: try again later.",
    access: 'public',
    rawBody: true,
    params,
    response: receiptSchema,
    errors: ['invalid_request', 'not_found'],
    handler: async ({ deps, params: path, request }) => {
      const tenantId = path.tenant_id;
      const payments = await loadTenantPayments(deps, tenantId);
      if (!payments.ok) {
        const { code, message } = payments.error;
        return code === 'not_found' ? fail('not_found', message, 'tenant_id') : payments;
      }
      const rawBody = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const handled = await handleStripeWebhook(
        {
          tenantId,
          rawBody,
          signatureHeader: readHeader(request.headers[STRIPE_SIGNATURE_HEADER]),
          webhookSecret: payments.value.setup.webhookSecret,
          catalog: payments.value.catalog,
          now: deps.now(),
        },
        deps.engine,
      );
      if (!handled.ok) {
        if (isSignatureRefusal(handled.error)) {
          const level = handled.error.details?.reason === 'missing_secret' ? 'error' : 'warn';
          request.log[level]({ tenantId, reason: handled.error.details?.reason }, 'stripe webhook refused');
          return handled;
        }
        const { error } = formatError(handled.error);
        const event = readEventLabel(rawBody);
        request.log.warn(
          { tenantId, eventId: event.id, eventType: event.type, error },
          'stripe webhook refused by the ledger; answered 200 so Stripe does not retry',
        );
        return ok({
          object: 'stripe_webhook_receipt',
          received: true,
          event_id: event.id,
          event_type: event.type,
          command: '',
          outcome: 'refused',
          error: { code: error.code, message: error.message, ...(error.param ? { param: error.param } : {}) },
        });
      }
      const { eventId, eventType, command, outcome } = handled.value;
      request.log.info(
        { tenantId, eventId, eventType, command: command.kind, outcome: outcome.status },
        'stripe webhook handled',
      );
      return ok({
        object: 'stripe_webhook_receipt',
        received: true,
        event_id: eventId,
        event_type: eventType,
        command: command.kind,
        outcome: outcome.status,
        ...(outcome.status === 'applied' && outcome.creditsDelta !== undefined
          ? { credits_delta: outcome.creditsDelta }
          : {}),
      });
    },
  }),
];
