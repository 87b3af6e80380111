/**
 * One fixture per mutating route of the OpenAPI document that takes an `Idempotency-Key`: it
 * makes what the route needs (a customer with credits, holds, charges, keys, endpoints,
 * deliveries) through the API itself and answers the request to send, in as many distinct
 * variants as the suite asks for (variant 0 is the one sent 20 times; variants 1..19 differ
 * from it in the body or the path, so the same key with them must be a conflict).
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { PRESETS_DIR } from '../../src/catalog/load.ts';

export type TenantName = 'dp' | 'mg' | 'wh';

export interface RouteRequest {
  readonly tenant: TenantName;
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
}

export interface FixtureEnv {
  /** Sends a request with a fresh idempotency key and answers its body; throws unless 2xx. */
  api(req: RouteRequest): Promise<Record<string, unknown>>;
  /** Waits until `check` answers a value (polling), or throws after 20 s. */
  waitFor<T>(what: string, check: () => Promise<T | null>): Promise<T>;
}

export type Fixture = (
  env: FixtureEnv,
  n: string,
  variants: number,
) => Promise<(variant: number) => RouteRequest>;

const post = (tenant: TenantName, path: string, body: unknown = {}): RouteRequest => ({
  tenant,
  method: 'POST',
  path,
  body,
});
const del = (tenant: TenantName, path: string): RouteRequest => ({ tenant, method: 'DELETE', path });

/** A Studio Pro customer (API access, every category) with 10,000 credits on Director's Palette. */
async function richCustomer(env: FixtureEnv, n: string): Promise<string> {
  const id = `c-${n}`;
  await env.api(post('dp', '/v1/customers', { id, plan: 'studio-pro' }));
  await env.api(post('dp', '/v1/grants', { customer: id, credits: 10_000 }));
  return id;
}

async function times<T>(count: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < count; i += 1) out.push(await make(i));
  return out;
}

/** Holds placed with the provider's job ids `job-<n>-<i>`; answers the job ids. */
async function jobHolds(env: FixtureEnv, n: string, count: number): Promise<string[]> {
  const customer = await richCustomer(env, n);
  return times(count, async (i) => {
    const job = `job-${n}-${i}`;
    await env.api(post('dp', '/v1/holds', { customer, model: 'sdxl', job_id: job }));
    return job;
  });
}

async function holds(env: FixtureEnv, n: string, count: number): Promise<string[]> {
  const customer = await richCustomer(env, n);
  return times(count, async () =>
    String((await env.api(post('dp', '/v1/holds', { customer, model: 'sdxl' }))).id),
  );
}

async function charges(env: FixtureEnv, n: string, count: number): Promise<string[]> {
  const customer = await richCustomer(env, n);
  return times(count, async () =>
    String((await env.api(post('dp', '/v1/charges', { customer, model: 'sdxl' }))).id),
  );
}

/** Endpoints of the webhook tenant; it is the only tenant with endpoints, so no other route feeds its log. */
async function endpoints(env: FixtureEnv, n: string, count: number): Promise<string[]> {
  return times(count, async (i) =>
    String((await env.api(post('wh', '/v1/webhook-endpoints', { url: `http://127.0.0.1:9/${n}/${i}` }))).id),
  );
}

/** Failed deliveries to a closed port, one per welcome reward of a new customer of the webhook tenant. */
async function deliveries(env: FixtureEnv, n: string, count: number) {
  const [endpoint] = await endpoints(env, n, 1);
  await times(count, async (i) => {
    await env.api(post('wh', '/v1/customers', { id: `w-${n}-${i}` }));
    await env.api(post('wh', `/v1/customers/w-${n}-${i}/rewards/social_share`));
  });
  return env.waitFor(`${count} failed deliveries to ${endpoint}`, async () => {
    const page = await env.api({
      tenant: 'wh',
      method: 'GET',
      path: `/v1/webhook-deliveries?endpoint=${endpoint}&limit=100`,
    });
    const list = page.data as { id: string; event_id: string }[];
    return list.length >= count ? list.slice(0, count) : null;
  });
}

export const FIXTURES: Record<string, Fixture> = {
  'POST /v1/customers': async (_env, n) => (i) =>
    post('dp', '/v1/customers', { id: `c-${n}`, email: `v${i}@example.com` }),
  'PUT /v1/catalog': async (_env, n) => {
    // The MusicGen preset under another name per variant: a new version each, prices unchanged.
    const preset = parse(readFileSync(join(PRESETS_DIR, 'musicgen.yaml'), 'utf8')) as Record<string, unknown>;
    return (i) => ({
      tenant: 'mg',
      method: 'PUT',
      path: '/v1/catalog',
      body: { ...preset, name: `MusicGen ${n}-${i}` },
    });
  },
  'POST /v1/customers/{id}/plan': async (env, n, k) => {
    const ids = await times(k, async (i) => {
      await env.api(post('dp', '/v1/customers', { id: `p-${n}-${i}` }));
      return `p-${n}-${i}`;
    });
    return (i) => post('dp', `/v1/customers/${ids[i]}/plan`, { plan: 'studio-pro', grant_allowance: true });
  },
  // Child holds of an agent run's budget (issue 17 item 3): the child path locks the parent's
  // customer by the hold; a root hold's path is the one every other fixture's setup takes.
  'POST /v1/holds': async (env, n) => {
    const customer = await richCustomer(env, n);
    const parent = await env.api(post('dp', '/v1/holds', { customer, model: 'sdxl', params: { count: 8 } }));
    return (i) =>
      post('dp', '/v1/holds', {
        customer,
        model: 'sdxl',
        params: { prompt: `p${i}` },
        parent_hold: parent.id,
      });
  },
  'POST /v1/holds/{id}/commit': async (env, n, k) => {
    const ids = await holds(env, n, k);
    return (i) => post('dp', `/v1/holds/${ids[i]}/commit`);
  },
  'POST /v1/holds/{id}/void': async (env, n, k) => {
    const ids = await holds(env, n, k);
    return (i) => post('dp', `/v1/holds/${ids[i]}/void`);
  },
  'POST /v1/holds/{id}/extend': async (env, n, k) => {
    const ids = await holds(env, n, k);
    return (i) => post('dp', `/v1/holds/${ids[i]}/extend`, { ttl_seconds: 3600 });
  },
  'POST /v1/holds/{id}/capture': async (env, n, k) => {
    const ids = await holds(env, n, k);
    return (i) => post('dp', `/v1/holds/${ids[i]}/capture`, { usage: { count: 1 }, final: false });
  },
  'POST /v1/jobs/{job_id}/commit': async (env, n, k) => {
    const jobs = await jobHolds(env, n, k);
    return (i) => post('dp', `/v1/jobs/${jobs[i]}/commit`);
  },
  'POST /v1/jobs/{job_id}/void': async (env, n, k) => {
    const jobs = await jobHolds(env, n, k);
    return (i) => post('dp', `/v1/jobs/${jobs[i]}/void`);
  },
  'POST /v1/charges': async (env, n) => {
    const customer = await richCustomer(env, n);
    return (i) => post('dp', '/v1/charges', { customer, model: 'sdxl', params: { prompt: `p${i}` } });
  },
  'POST /v1/charges/{id}/refund': async (env, n) => {
    const [charge] = await charges(env, n, 1);
    return (i) => post('dp', `/v1/charges/${charge}/refund`, { credits: 1, reason: `r${i}` });
  },
  'POST /v1/batches': async (env, n) => {
    const customer = await richCustomer(env, n);
    return (i) =>
      post('dp', '/v1/batches', { customer, items: [{ model: 'sdxl', params: { prompt: `p${i}` } }] });
  },
  'POST /v1/grants': async (env, n) => {
    const customer = await richCustomer(env, n);
    return (i) => post('dp', '/v1/grants', { customer, credits: 5, reason: `r${i}` });
  },
  'POST /v1/customers/{id}/adjustments': async (env, n) => {
    const customer = await richCustomer(env, n);
    return (i) => post('dp', `/v1/customers/${customer}/adjustments`, { credits: -1, reason: `fix ${i}` });
  },
  'POST /v1/customers/{id}/flag': async (env, n) => {
    const customer = await richCustomer(env, n);
    return (i) => post('dp', `/v1/customers/${customer}/flag`, { reason: `look ${i}` });
  },
  'POST /v1/customers/{id}/unflag': async (env, n) => {
    const customer = await richCustomer(env, n);
    return (i) => post('dp', `/v1/customers/${customer}/unflag`, { reason: `fine ${i}` });
  },
  'POST /v1/customers/{id}/rewards/{kind}': async (env, n, k) => {
    const ids = await times(k, async (i) => {
      await env.api(post('mg', '/v1/customers', { id: `m-${n}-${i}` }));
      return `m-${n}-${i}`;
    });
    return (i) => post('mg', `/v1/customers/${ids[i]}/rewards/welcome`);
  },
  'POST /v1/api-keys': async (env, n) => {
    const customer = await richCustomer(env, n);
    return (i) => post('dp', '/v1/api-keys', { customer, name: `n${i}` });
  },
  'DELETE /v1/api-keys/{id}': async (env, n, k) => {
    const customer = await richCustomer(env, n);
    const ids = await times(k, async () =>
      String((await env.api(post('dp', '/v1/api-keys', { customer }))).id),
    );
    return (i) => del('dp', `/v1/api-keys/${ids[i]}`);
  },
  'POST /v1/tenant-keys': async (_env, n) => (i) => post('dp', '/v1/tenant-keys', { name: `k-${n}-${i}` }),
  'DELETE /v1/tenant-keys/{id}': async (env, n, k) => {
    const ids = await times(k, async (i) =>
      String((await env.api(post('dp', '/v1/tenant-keys', { name: `r-${n}-${i}` }))).id),
    );
    return (i) => del('dp', `/v1/tenant-keys/${ids[i]}`);
  },
  'POST /v1/checkout': async (env, n) => {
    await env.api(post('mg', '/v1/customers', { id: `b-${n}` }));
    return (i) =>
      post('mg', '/v1/checkout', {
        customer: `b-${n}`,
        pack: 'starter',
        success_url: `https://example.com/s${i}`,
      });
  },
  'PUT /v1/customers/{id}/auto-top-up': async (env, n) => {
    await env.api(post('mg', '/v1/customers', { id: `atu-${n}` }));
    return (i) => ({
      tenant: 'mg',
      method: 'PUT',
      path: `/v1/customers/atu-${n}/auto-top-up`,
      body: { threshold: 10 + i, pack: 'starter', monthly_limit_cents: 2000 },
    });
  },
  'DELETE /v1/customers/{id}/auto-top-up': async (env, n, k) => {
    const ids = await times(k, async (i) => {
      const id = `atd-${n}-${i}`;
      await env.api(post('mg', '/v1/customers', { id }));
      await env.api({
        tenant: 'mg',
        method: 'PUT',
        path: `/v1/customers/${id}/auto-top-up`,
        body: { threshold: 10, pack: 'starter', monthly_limit_cents: 2000 },
      });
      return id;
    });
    return (i) => del('mg', `/v1/customers/${ids[i]}/auto-top-up`);
  },
  'POST /v1/customers/{id}/auto-top-up/setup': async (env, n) => {
    await env.api(post('mg', '/v1/customers', { id: `ats-${n}` }));
    return (i) =>
      post('mg', `/v1/customers/ats-${n}/auto-top-up/setup`, { success_url: `https://example.com/s${i}` });
  },
  'POST /v1/webhook-endpoints': async (_env, n) => (i) =>
    post('wh', '/v1/webhook-endpoints', { url: `http://127.0.0.1:9/${n}/${i}` }),
  'DELETE /v1/webhook-endpoints/{id}': async (env, n, k) => {
    const ids = await endpoints(env, n, k);
    return (i) => del('wh', `/v1/webhook-endpoints/${ids[i]}`);
  },
  'POST /v1/webhook-deliveries/{id}/replay': async (env, n, k) => {
    const list = await deliveries(env, n, k);
    return (i) => post('wh', `/v1/webhook-deliveries/${list[i]?.id}/replay`);
  },
  'POST /v1/webhook-events/{id}/replay': async (env, n, k) => {
    const list = await deliveries(env, n, k);
    return (i) => post('wh', `/v1/webhook-events/${list[i]?.event_id}/replay`);
  },
};
