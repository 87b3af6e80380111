/**
 * Browser flows of the operator dashboard (issue 14 item 6), in Chromium against the real
 * server: sign in with a secret key (the page keeps no key), the overview's figures equal the
 * API's, search a customer and grant credits through the page (then the ledger shows them and
 * `tollgate verify` passes), replay a failed webhook delivery, export a CSV, and every page at
 * 390 px wide. Each flow saves a screenshot and passes axe-core (no serious violations).
 */
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { provisionTenant } from '../../src/cli/tenant.ts';
import { cents, credits } from '../../src/domain/credits.ts';
import { findSeriousViolations, launchChromium, SKIP_BROWSER, saveScreenshot } from './browser.ts';
import { ensureDashboardBuilt } from './build-web.ts';
import { startTestServer, type TestServer } from './server.ts';

describe.skipIf(SKIP_BROWSER)('the operator dashboard (Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let tenant: string;
  let key: string;

  async function api(method: string, path: string, body?: unknown) {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${key}`,
        ...(method === 'GET' ? {} : { 'idempotency-key': crypto.randomUUID() }),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const json = (await res.json()) as Record<string, unknown>;
    if (!res.ok) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
    // biome-ignore lint/suspicious/noExplicitAny: answers are read field by field in the assertions
    return json as Record<string, any>;
  }

  /** A tenant with customers, generations, a plan payment and a failed webhook delivery. */
  async function seed() {
    const made = await provisionTenant(server.engine, {
      name: 'Dash',
      catalog: 'directors-palette',
      tenantId: 'dash-e2e',
    });
    if (!made.ok) throw new Error(made.error.message);
    tenant = made.value.id;
    key = made.value.secretKey;
    const endpoint = await server.engine.createWebhookEndpoint({
      tenantId: tenant,
      idempotencyKey: 'endpoint-1',
      url: 'https://hooks.example.com/tollgate',
    });
    if (!endpoint.ok) throw new Error(endpoint.error.message);
    for (const [id, email] of [
      ['ana', 'ana@example.com'],
      ['bruno', 'bruno@example.com'],
      ['carla', null],
    ] as const) {
      await api('POST', '/v1/customers', { id, ...(email ? { email } : {}) });
      await api('POST', '/v1/grants', { customer: id, credits: 500, reason: 'launch promo' });
    }
    await api('POST', '/v1/charges', { customer: 'ana', model: 'gpt-4o-mini' });
    await api('POST', '/v1/charges', { customer: 'ana', model: 'sdxl' });
    await api('POST', '/v1/charges', { customer: 'bruno', model: 'gpt-4o' });
    const now = Date.now();
    const paid = await server.engine.applyPaymentCommand(tenant, {
      kind: 'start_subscription',
      eventId: 'evt_dash_pro',
      occurredAt: now,
      invoiceId: 'in_dash_pro',
      subscriptionId: 'sub_dash_pro',
      customerId: 'bruno',
      stripeCustomerId: 'cus_dash',
      planId: 'creator-pro',
      credits: credits(1500),
      periodStart: now,
      periodEnd: now + 30 * 86_400_000,
      paymentRef: 'pi_dash_pro',
      amountPaidCents: cents(2500),
    });
    if (!paid.ok) throw new Error(paid.error.message);
    // The endpoint answered 500 and the sender gave up: a failed delivery to replay.
    await server.engine.fanOutWebhookEvents({ now: Date.now(), limit: 100 });
    const claims = await server.engine.claimWebhookDeliveries({
      now: Date.now() + 1000,
      limit: 1,
      leaseMs: 60_000,
    });
    for (const claim of claims) {
      await server.engine.recordWebhookAttempt({
        claim,
        record: {
          messageId: claim.message.id,
          endpointUrl: claim.endpoint.url,
          attempt: claim.attempt,
          attemptedAt: Date.now(),
          statusCode: 500,
          durationMs: 12,
          error: 'HTTP 500',
          responseSnippet: 'internal error',
          outcome: 'gave_up',
          nextAttemptAt: null,
        },
      });
    }
    expect(claims.length).toBe(1);
  }

  async function expectAccessible(page: Page) {
    expect(await findSeriousViolations(page)).toEqual([]);
  }

  async function signIn(page: Page) {
    await page.goto(`${server.url}/dashboard/`);
    await page.getByLabel('Secret key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Dashboard pages' }).waitFor();
  }

  beforeAll(async () => {
    await ensureDashboardBuilt();
    server = await startTestServer();
    browser = await launchChromium();
    await seed();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('signs in with a key it does not keep, and the overview equals the API', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${server.url}/dashboard/`);
    await expectAccessible(page);
    await saveScreenshot(page, 'dashboard-sign-in');
    await signIn(page);
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'tg_operator')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    });
    const stored = await page.evaluate(
      'JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie',
    );
    expect(String(stored)).not.toContain('tg_sk_');
    expect(String(stored)).not.toContain('tg_os_');

    await page.getByTestId('stat-revenue').waitFor();
    const revenue = await api('GET', '/v1/analytics/revenue');
    const creditsAnswer = await api('GET', '/v1/analytics/credits');
    const conversion = await api('GET', '/v1/analytics/conversion?granularity=all');
    const shown = async (id: string) => Number(await page.getByTestId(id).getAttribute('data-value'));
    expect(await shown('stat-revenue')).toBe(revenue.totals.net_cents);
    expect(await shown('stat-revenue')).toBe(2500);
    expect(await shown('stat-issued')).toBe(creditsAnswer.totals.issued_total);
    expect(await shown('stat-burned')).toBe(creditsAnswer.totals.burned);
    expect(await shown('stat-burned')).toBe(5 + 12 + 20);
    expect(await shown('stat-active')).toBe(conversion.periods[0].active_customers);
    expect(await shown('stat-paying')).toBe(1);
    await page.locator('.dash-chart .recharts-wrapper').first().waitFor();
    expect(await page.locator('.dash-chart .recharts-wrapper').count()).toBe(2);
    expect(await page.locator('.dash-chart .recharts-bar-rectangle').count()).toBeGreaterThan(0);
    await expectAccessible(page);
    await saveScreenshot(page, 'dashboard-overview');
    await context.close();
  });

  it('searches a customer and grants credits through the page; the ledger shows them and verify passes', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page);
    await page.getByRole('link', { name: 'Customers' }).click();
    await page.getByLabel('Customer id or email').fill('ana@');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: 'ana', exact: true }).click();
    await page.getByTestId('customer-available').waitFor();
    const before = Number((await page.getByTestId('customer-available').textContent())?.replace(/,/g, ''));
    await page.getByLabel('Credits', { exact: true }).fill('25');
    await page.getByLabel('Reason').fill('Sorry about the outage');
    await page.getByRole('button', { name: 'Grant credits' }).click();
    await expect
      .poll(() => page.getByRole('alertdialog').textContent())
      .toContain('Grant 25 promotional credits to ana');
    await expectAccessible(page);
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('status').filter({ hasText: 'Done.' }).waitFor();
    await expect
      .poll(async () =>
        Number((await page.getByTestId('customer-available').textContent())?.replace(/,/g, '')),
      )
      .toBe(before + 25);
    await page.getByRole('region', { name: 'Ledger' }).getByRole('cell', { name: '+25' }).waitFor();
    const summary = await api('GET', '/v1/customers/ana');
    expect(
      summary.lots.some(
        (l: { reason: string; amount: number }) => l.reason === 'Sorry about the outage' && l.amount === 25,
      ),
    ).toBe(true);
    const report = await server.engine.verify();
    expect(report.ok).toBe(true);
    await saveScreenshot(page, 'dashboard-customer');
    await page.close();
  });

  it('replays a failed webhook delivery', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    const deliveries = page.getByRole('region', { name: 'Deliveries' });
    await deliveries.getByText('failed').first().waitFor();
    type Delivery = { id: string; status: string; created_at: number };
    const failedIds = async () =>
      ((await api('GET', '/v1/webhook-deliveries?limit=100')).data as Delivery[])
        .filter((d) => d.status === 'failed')
        .map((d) => d.id);
    const before = await failedIds();
    expect(before.length).toBeGreaterThan(0);
    await deliveries.getByRole('button', { name: 'Replay' }).first().click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Confirm' }).click();
    // The replayed row turns pending and loses its Replay button (and the note beside it), so
    // the proof is the delivery itself: one failed delivery fewer, sent again.
    await expect.poll(async () => (await failedIds()).length, { timeout: 20_000 }).toBe(before.length - 1);
    await expectAccessible(page);
    await saveScreenshot(page, 'dashboard-webhooks');
    await page.close();
  });

  it('exports a table as CSV', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await signIn(page);
    await page.getByRole('link', { name: 'Usage' }).click();
    await page.getByRole('region', { name: 'Usage by model', exact: true }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV of Usage by model', exact: true }).click(),
    ]);
    const text = readFileSync((await download.path()) as string, 'utf8');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe('Model,Category,Generations,Credits,Provider cost (µ$)');
    expect(lines).toContain('gpt-4o,text,1,20,170000');
    expect(download.suggestedFilename()).toMatch(/^usage-by-model-.*\.csv$/);
    await expectAccessible(page);
    await saveScreenshot(page, 'dashboard-usage');
    await page.close();
  });

  it('works at 390 px wide on every page', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(page);
    for (const [hash, ready] of [
      ['overview', 'stat-revenue'],
      ['revenue', null],
      ['conversion', null],
      ['customers', null],
      ['payments', null],
      ['catalog', null],
      ['customers/bruno', 'customer-available'],
    ] as const) {
      await page.goto(`${server.url}/dashboard/#/${hash}`);
      if (ready) await page.getByTestId(ready).waitFor();
      else await page.locator('.dash-table').first().waitFor();
      const overflow = await page.evaluate('document.documentElement.scrollWidth - window.innerWidth');
      expect(Number(overflow), `#/${hash} scrolls sideways`).toBeLessThanOrEqual(0);
      await expectAccessible(page);
      await saveScreenshot(page, `dashboard-390-${hash.replace('/', '-')}`);
    }
    await page.close();
  });
});
