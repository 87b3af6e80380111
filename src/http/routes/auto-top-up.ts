/**
 * Auto top-up (issue 17 item 1): turn it on or change it (`PUT`), read it (`GET`), turn it off
 * (`DELETE`), and save a card for it (`POST .../setup`, a Stripe Checkout in `setup` mode).
 * Called with the tenant's secret key, or from the browser with a customer session token that
 * has the `checkout` scope (for that customer only). Charges happen in the background after an
 * authorize, commit or charge leaves the customer under the threshold; credits come only from
 * the verified `payment_intent.succeeded` webhook.
 */
import { fail, ok } from '../../domain/errors.ts';
import type { AutoTopUpView } from '../../engine/auto-top-ups.ts';
import { startAutoTopUpSetup } from '../auto-top-up/setup.ts';
import { defineRoute } from '../route.ts';
import {
  autoTopUpSchema,
  autoTopUpSetupBody,
  setAutoTopUpBody,
  setupCheckoutSchema,
} from '../schemas/auto-top-up.ts';
import { idPathSchema } from '../schemas/common.ts';
import { toSnakeCase } from '../snake.ts';
import { answerProviderFailure, defaultReturn } from './checkout.ts';
import { mapOk } from './results.ts';

const TAG = 'Payments';

/** A customer's auto top-up as the API answers it. */
export function presentAutoTopUp(view: AutoTopUpView) {
  const { customerId, pack, failure, ...rest } = view;
  return {
    object: 'auto_top_up' as const,
    customer: customerId,
    ...toSnakeCase(rest),
    pack,
    failure: failure === null ? null : toSnakeCase(failure),
  };
}

export const autoTopUpRoutes = [
  defineRoute({
    method: 'PUT',
    url: '/v1/customers/:id/auto-top-up',
    operationId: 'setAutoTopUp',
    tag: TAG,
    summary: 'Turn auto top-up on, or change it',
    description:
      "When an authorize, batch, commit (by hold or job id), capture or charge leaves `available` under `threshold`, Tollgate charges the customer's saved card off-session for one `pack` (or `credits` at the catalog's credit value) and grants the credits when Stripe's `payment_intent.succeeded` webhook arrives. Never two top-ups in flight for a customer, at most one a minute, and never past `monthly_limit_cents` in a calendar month (UTC), counting top-ups in flight. A declined card, or one that needs the customer to authenticate, turns auto top-up off (`status: failed`, `failure` says why) and emits `auto_top_up.failed`; this call (or saving a new card) turns it on again. Without a saved card the status is `needs_payment_method`: send the customer to `POST /v1/customers/:id/auto-top-up/setup`.",
    access: { session: 'checkout' },
    idempotent: true,
    params: idPathSchema,
    body: setAutoTopUpBody,
    response: autoTopUpSchema,
    errors: ['invalid_request', 'not_found', 'unknown_pack', 'forbidden', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, params, body, checkCustomer }) => {
      const mine = checkCustomer(params.id);
      if (!mine.ok) return mine;
      if ((body.pack === undefined) === (body.credits === undefined)) {
        return fail(
          'invalid_request',
          'send exactly one of pack or credits',
          body.pack === undefined ? 'pack' : 'credits',
        );
      }
      const result = await deps.engine.setAutoTopUp({
        tenantId,
        idempotencyKey,
        customerId: params.id,
        threshold: body.threshold,
        item: body.pack !== undefined ? { pack: body.pack } : { credits: body.credits as number },
        monthlyLimitCents: body.monthly_limit_cents,
      });
      return mapOk(result, presentAutoTopUp);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/v1/customers/:id/auto-top-up',
    operationId: 'getAutoTopUp',
    tag: TAG,
    summary: "Read a customer's auto top-up",
    description:
      'The rule, whether a card is saved, what this calendar month spent, whether a top-up is charging, and why a card turned it off (`failure`). A customer who never set one answers `status: off` with null fields.',
    access: { session: 'checkout' },
    params: idPathSchema,
    response: autoTopUpSchema,
    errors: ['not_found', 'forbidden'],
    handler: async ({ deps, tenantId, params, checkCustomer }) => {
      const mine = checkCustomer(params.id);
      if (!mine.ok) return mine;
      return mapOk(await deps.engine.readAutoTopUp(tenantId, params.id), presentAutoTopUp);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/v1/customers/:id/auto-top-up',
    operationId: 'deleteAutoTopUp',
    tag: TAG,
    summary: 'Turn auto top-up off',
    description:
      'Stops future top-ups; the rule and the saved card are kept, so `PUT` turns it on again. A top-up already charging still grants its credits when its payment succeeds.',
    access: { session: 'checkout' },
    idempotent: true,
    params: idPathSchema,
    response: autoTopUpSchema,
    errors: ['not_found', 'forbidden', 'idempotency_conflict'],
    handler: async ({ deps, tenantId, idempotencyKey, params, checkCustomer }) => {
      const mine = checkCustomer(params.id);
      if (!mine.ok) return mine;
      return mapOk(
        await deps.engine.turnOffAutoTopUp({ tenantId, idempotencyKey, customerId: params.id }),
        presentAutoTopUp,
      );
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/v1/customers/:id/auto-top-up/setup',
    operationId: 'startAutoTopUpSetup',
    tag: TAG,
    summary: 'Save a card for auto top-up',
    description:
      "Answers the URL of a Stripe Checkout in `setup` mode where the customer saves a card for off-session charges; the card is saved when Stripe's `setup_intent.succeeded` webhook arrives, never from the success URL. Without Stripe keys (TEST MODE) there is no page: the test card (`test_payment_method`, Stripe's test names) is saved at once through a signed test event, and `url` is the success URL.",
    access: { session: 'checkout' },
    idempotent: true,
    params: idPathSchema,
    body: autoTopUpSetupBody,
    response: setupCheckoutSchema,
    errors: ['invalid_request', 'not_found', 'forbidden', 'idempotency_conflict', 'payments_not_configured'],
    handler: async ({ deps, tenantId, idempotencyKey, params, body, checkCustomer, reply, request }) => {
      const mine = checkCustomer(params.id);
      if (!mine.ok) return mine;
      return answerProviderFailure(reply, async () => {
        const call = {
          tenantId,
          idempotencyKey,
          operation: 'auto_top_up.setup',
          input: { customer: params.id, ...body },
        };
        const started = await deps.engine.runOnce(call, () =>
          startAutoTopUpSetup(deps, request.server, {
            tenantId,
            customerId: params.id,
            successUrl: body.success_url ?? defaultReturn(deps.config.publicUrl, 'success'),
            cancelUrl: body.cancel_url ?? defaultReturn(deps.config.publicUrl, 'cancelled'),
            idempotencyKey,
            testPaymentMethod: body.test_payment_method,
          }),
        );
        if (!started.ok) return started;
        return ok({
          object: 'checkout_session' as const,
          id: started.value.id,
          url: started.value.url,
          mode: 'setup' as const,
          test_mode: started.value.testMode,
          customer: params.id,
        });
      });
    },
  }),
];
