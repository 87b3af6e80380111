/**
 * The demo studio (`/studio`): the built web app, and the endpoints that play the tenant's
 * backend for it — mint the demo customer's session token, run a generation (hold → simulated
 * provider → commit or void), switch the demo plan, and start a checkout (the same one as
 * `POST /v1/checkout`: the TEST MODE page at `/test-checkout/:id` without Stripe keys). They act
 * only on the studio's own demo tenants; a real tenant's customers are out of their reach.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { runDemoGeneration } from '../../demo/generate.ts';
import { buildReturnUrl, sanitizeReturnPath } from '../../demo/return-path.ts';
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
import { startCheckout } from '../checkout/start.ts';
import { presentReceipt } from '../present.ts';
import { type AnyRoute, defineRoute, type Principal } from '../route.ts';
import { generationParamsSchema, idSchema, toEngineParams } from '../schemas/common.ts';
import { mintSessionToken } from '../session-tokens.ts';

const SESSION_TTL_MS = 2 * 60 * 60 * 1000;
/** Demo sessions one client address may start a minute: each can make a customer with credits. */
export const DEMO_SESSIONS_PER_MINUTE = 30;
const TAG = 'Demo studio';

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
    perAddressLimit: { max: DEMO_SESSIONS_PER_MINUTE, windowMs: 60_000 },
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
    summary: 'Start a checkout for a pack or a plan (the TEST MODE page without Stripe keys)',
    access: { session: 'checkout' },
    body: checkoutBody,
    errors: ['invalid_request', 'not_found', 'forbidden'],
    handler: async ({ deps, principal, body, request }) => {
      const who = readDemoSession(principal);
      if (!who.ok) return who;
      if ((body.pack === undefined) === (body.plan === undefined))
        return fail('invalid_request', 'send pack or plan', 'pack');
      // The same checkout as POST /v1/checkout: Stripe when keys are configured, else the
      // TEST MODE page at /test-checkout/:id (same origin, so its URL stays relative).
      const origin = `${request.protocol}://${request.host}`;
      const path = sanitizeReturnPath(body.return_url);
      const started = await startCheckout(deps, {
        ...who.value,
        item: body.pack !== undefined ? { pack: body.pack } : { plan: body.plan as string },
        successUrl: `${origin}${buildReturnUrl(path, 'success')}`,
        cancelUrl: `${origin}${buildReturnUrl(path, 'cancelled')}`,
        idempotencyKey: randomUUID(),
        testPageBase: '',
      });
      if (!started.ok) return started;
      return ok({
        object: 'studio_checkout',
        id: started.value.id,
        test_mode: started.value.testMode,
        url: started.value.url,
      });
    },
  }),
];
