/**
 * The demo studio (`/studio`): the built web app, and the endpoints that play the tenant's
 * backend for it — mint the demo customer's session token, run a generation (hold → simulated
 * provider → commit or void), switch the demo plan, and the offline test checkout. They act
 * only on the studio's own demo tenants; a real tenant's customers are out of their reach.
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  buildReturnUrl,
  createDemoCheckouts,
  type DemoCheckouts,
  sanitizeReturnPath,
} from '../../demo/checkout.ts';
import { renderCheckoutPage } from '../../demo/checkout-page.ts';
import { runDemoGeneration } from '../../demo/generate.ts';
import { readStudioAsset } from '../../demo/static.ts';
import {
  DEMO_CUSTOMER_PREFIX,
  DEMO_PRESETS,
  demoTenantId,
  ensureDemoCustomer,
  ensureDemoTenant,
  isDemoTenant,
  switchDemoPlan,
} from '../../demo/tenants.ts';
import type { Catalog } from '../../domain/catalog.ts';
import { fail, ok, type Result } from '../../domain/errors.ts';
import type { Engine } from '../../engine/engine.ts';
import { presentReceipt } from '../present.ts';
import { type AnyRoute, defineRoute, type Principal } from '../route.ts';
import { generationParamsSchema, idPathSchema, idSchema, toEngineParams } from '../schemas/common.ts';
import { mintSessionToken } from '../session-tokens.ts';

const SESSION_TTL_MS = 2 * 60 * 60 * 1000;
const TAG = 'Demo studio';

const checkoutsByEngine = new WeakMap<Engine, DemoCheckouts>();
function findCheckouts(engine: Engine, now: () => number): DemoCheckouts {
  let found = checkoutsByEngine.get(engine);
  if (found === undefined) {
    found = createDemoCheckouts(engine, now);
    checkoutsByEngine.set(engine, found);
  }
  return found;
}

/**
 * The demo customer behind a session token. Tenant keys, other tenants' sessions and sessions of
 * customers the studio did not make (no `demo-` prefix) are refused: a browser token never spends
 * credits of a real customer.
 */
function readDemoSession(principal: Principal): Result<{ tenantId: string; customerId: string }> {
  if (
    principal.kind !== 'session' ||
    !isDemoTenant(principal.tenantId) ||
    !principal.customerId.startsWith(DEMO_CUSTOMER_PREFIX)
  ) {
    return fail(
      'forbidden',
      'studio endpoints take a demo session token from POST /studio/api/session',
      'Authorization',
    );
  }
  return ok({ tenantId: principal.tenantId, customerId: principal.customerId });
}

async function loadDemoCatalog(engine: Engine, tenantId: string): Promise<Result<Catalog>> {
  const read = await engine.readCatalog(tenantId);
  return read.ok ? ok(read.value.catalog) : read;
}

async function sendAsset(reply: FastifyReply, path: string): Promise<null> {
  const asset = await readStudioAsset(path);
  if (asset.status === 404) {
    await reply.status(404).type('text/plain; charset=utf-8').send(asset.message);
    return null;
  }
  await reply
    .status(200)
    .header('cache-control', asset.cacheControl)
    .type(asset.contentType)
    .send(asset.body);
  return null;
}

const sessionBody = z.strictObject({
  preset: z.enum(DEMO_PRESETS),
  customer: idSchema.optional().describe('Resume this demo customer (ids start with demo-)'),
});
const generateBody = z.strictObject({
  model: idSchema,
  params: generationParamsSchema.optional(),
  failure_chance: z
    .number()
    .min(0)
    .max(100)
    .optional()
    .describe('Percent chance the simulated provider fails'),
});
const planBody = z.strictObject({ plan: idSchema });
const checkoutBody = z.strictObject({
  pack: idSchema.optional(),
  plan: idSchema.optional(),
  return_url: z.string().max(2000).optional(),
});
const assetPath = z.looseObject({ '*': z.string().max(1000).optional() });

export const studioRoutes: readonly AnyRoute[] = [
  defineRoute({
    method: 'GET',
    url: '/studio',
    operationId: 'studioRedirect',
    tag: TAG,
    summary: 'The demo studio (redirects to /studio/)',
    access: 'public',
    raw: true,
    handler: async ({ reply }) => {
      await reply.redirect('/studio/', 302);
      return null;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/studio/*',
    operationId: 'studioAsset',
    tag: TAG,
    summary: 'The demo studio web app (built by npm run build:web)',
    access: 'public',
    raw: true,
    params: assetPath,
    handler: async ({ params, reply }) => sendAsset(reply, params['*'] ?? ''),
  }),
  defineRoute({
    method: 'POST',
    url: '/studio/api/session',
    operationId: 'studioSession',
    tag: TAG,
    summary: "Mint a session token for a demo tenant's demo customer",
    description:
      "What a tenant backend does with `POST /v1/customers/:id/sessions`, for the demo: makes the preset's demo tenant and a demo customer on first use (or resumes `customer`) and answers a customer session token.",
    access: 'public',
    body: sessionBody,
    handler: async ({ deps, body }) => {
      const catalog = await ensureDemoTenant(deps.engine, body.preset);
      if (!catalog.ok) return catalog;
      const customer = await ensureDemoCustomer(deps.engine, body.preset, catalog.value, body.customer);
      if (!customer.ok) return customer;
      const tenantId = demoTenantId(body.preset);
      const secret = await deps.engine.loadSessionSecret(tenantId);
      if (!secret.ok) return secret;
      const expiresAt = deps.now() + SESSION_TTL_MS;
      const token = mintSessionToken(secret.value, {
        tenantId,
        customerId: customer.value,
        expiresAt,
        scopes: ['read', 'checkout'],
      });
      return ok({
        object: 'studio_session',
        token,
        customer: customer.value,
        preset: body.preset,
        expires_at: expiresAt,
      });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/studio/api/generate',
    operationId: 'studioGenerate',
    tag: TAG,
    summary: 'Run a demo generation: hold, simulated provider, commit or void',
    access: { session: 'read' },
    body: generateBody,
    errors: ['insufficient_credits', 'quota_exceeded', 'not_entitled', 'unknown_model', 'forbidden'],
    handler: async ({ deps, principal, body }) => {
      const who = readDemoSession(principal);
      if (!who.ok) return who;
      const run = await runDemoGeneration(deps.engine, {
        ...who.value,
        modelId: body.model,
        params: toEngineParams(body.params),
        failureChance: (body.failure_chance ?? 0) / 100,
      });
      if (!run.ok) return run;
      const g = run.value;
      if (g.status === 'failed') {
        return ok({
          object: 'studio_generation',
          status: 'failed',
          message: g.message,
          hold_id: g.holdId,
          credits_charged: 0,
          balance: { available: g.balance.available, held: g.balance.held },
        });
      }
      return ok({
        object: 'studio_generation',
        status: 'succeeded',
        outputs: g.outputs,
        receipt: { ...presentReceipt(g.receipt), model_name: g.modelName },
      });
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/studio/api/plan',
    operationId: 'studioPlan',
    tag: TAG,
    summary: "Switch the demo customer's plan (with that plan's allowance)",
    access: { session: 'read' },
    body: planBody,
    errors: ['unknown_plan', 'forbidden'],
    handler: async ({ deps, principal, body }) => {
      const who = readDemoSession(principal);
      if (!who.ok) return who;
      const catalog = await loadDemoCatalog(deps.engine, who.value.tenantId);
      if (!catalog.ok) return catalog;
      const switched = await switchDemoPlan(
        deps.engine,
        who.value.tenantId,
        who.value.customerId,
        catalog.value,
        body.plan,
      );
      return switched.ok ? ok({ object: 'studio_plan', plan: body.plan }) : switched;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/studio/api/checkout',
    operationId: 'studioCheckout',
    tag: TAG,
    summary: 'Start the offline test checkout for a pack or a plan',
    access: { session: 'checkout' },
    body: checkoutBody,
    errors: ['invalid_request', 'not_found', 'forbidden'],
    handler: async ({ deps, principal, body }) => {
      const who = readDemoSession(principal);
      if (!who.ok) return who;
      if ((body.pack === undefined) === (body.plan === undefined))
        return fail('invalid_request', 'send pack or plan', 'pack');
      const catalog = await loadDemoCatalog(deps.engine, who.value.tenantId);
      if (!catalog.ok) return catalog;
      const started = findCheckouts(deps.engine, deps.now).start({
        ...who.value,
        catalog: catalog.value,
        item: body.pack !== undefined ? { pack: body.pack } : { plan: body.plan as string },
        returnPath: sanitizeReturnPath(body.return_url),
      });
      if (!started.ok) return started;
      return ok({
        object: 'studio_checkout',
        id: started.value.id,
        test_mode: true,
        url: `/studio/test-checkout/${started.value.id}`,
      });
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/studio/test-checkout/:id',
    operationId: 'studioCheckoutPage',
    tag: TAG,
    summary: 'The test checkout page (TEST MODE: no money moves)',
    access: 'public',
    raw: true,
    params: idPathSchema,
    handler: async ({ deps, params, reply }) => {
      const checkouts = findCheckouts(deps.engine, deps.now);
      const checkout = checkouts.find(params.id);
      if (checkout === undefined) {
        await reply
          .status(404)
          .type('text/plain; charset=utf-8')
          .send('This test checkout has expired. Go back to /studio/.');
        return null;
      }
      const html = renderCheckoutPage(
        checkouts.describe(checkout),
        `/studio/test-checkout/${checkout.id}/complete`,
        buildReturnUrl(checkout.returnPath, 'cancelled'),
      );
      await reply.status(200).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);
      return null;
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/studio/test-checkout/:id/complete',
    operationId: 'studioCheckoutComplete',
    tag: TAG,
    summary: 'Pay the test checkout: signed events through the Stripe webhook handler',
    access: 'public',
    params: idPathSchema,
    errors: ['not_found'],
    handler: async ({ deps, params }) => {
      const checkouts = findCheckouts(deps.engine, deps.now);
      const checkout = checkouts.find(params.id);
      if (checkout === undefined) return fail('not_found', `no test checkout ${params.id}`, 'id');
      const done = await checkouts.complete(checkout);
      return done.ok
        ? ok({ object: 'studio_checkout', status: 'paid', redirect: done.value.returnUrl })
        : done;
    },
  }),
];
