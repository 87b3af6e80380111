/**
 * The landing page's calls: the public catalog, a model's sample, a month's estimate, and a
 * checkout for a buy button. The shapes are the API's JSON (see `GET /openapi.json`, tag
 * "Public pages"); only the fields the page reads are typed.
 */

export interface PublicModel {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly free: boolean;
  readonly max_count: number;
  readonly pricing: {
    readonly kind: string;
    readonly credits?: number;
    readonly variants?: readonly { name: string; credits: number }[];
    readonly steps?: readonly { seconds: number; credits: number }[];
    readonly credits_per_second?: number;
    readonly min_seconds?: number;
    readonly max_seconds?: number | null;
    readonly input_credits_per1k?: number;
    readonly output_credits_per1k?: number;
    readonly minimum_credits?: number;
  };
}

export interface PublicPlan {
  readonly id: string;
  readonly name: string;
  readonly price_cents: number;
  readonly monthly_credits: number;
  readonly daily_credits: number;
  readonly free_generations_per_month: number | null;
  readonly entitlements: {
    readonly categories: readonly string[];
    readonly api_access: boolean;
    readonly bulk_operations: boolean;
    readonly priority: boolean;
    readonly watermark: boolean;
    readonly white_label: boolean;
    readonly custom_model_preferences: boolean;
  };
  readonly limits: Readonly<
    Record<string, { per_day: number | null; per_month: number | null; burst: number | null }>
  >;
  readonly is_default: boolean;
}

export interface PublicPack {
  readonly id: string;
  readonly name: string;
  readonly credits: number;
  readonly price_cents: number;
}

export interface PublicCatalog {
  readonly id: string;
  readonly name: string;
  readonly version: string;
  readonly currency: string;
  readonly credit_value_micros: number;
  readonly models: readonly PublicModel[];
  readonly plans: readonly PublicPlan[];
  readonly packs: readonly PublicPack[];
  readonly rewards: readonly { kind: string; credits: number }[];
  readonly competitors: readonly { name: string; price_cents: number }[];
  readonly page: {
    readonly slug: string;
    readonly signup_url: string | null;
    readonly demo_checkout: boolean;
  };
}

export type SampleOutput =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'image'; readonly url: string; readonly alt: string }
  | {
      readonly kind: 'video' | 'audio';
      readonly url: string;
      readonly alt: string;
      readonly duration_seconds: number;
    };

export interface EstimateItem {
  readonly model: string;
  readonly params?: { variant?: string; duration?: number };
  readonly count: number;
}

export interface PlanOption {
  readonly plan_id: string;
  readonly plan_name: string;
  readonly plan_price_cents: number;
  readonly plan_credits: number;
  readonly packs: readonly { pack_id: string; count: number }[];
  readonly pack_cents: number;
  readonly total_cents: number;
  readonly blocked_by: 'not_entitled' | 'free_quota' | 'no_packs' | null;
}

export interface MonthEstimate {
  readonly credits: number;
  readonly free_generations: number;
  readonly lines: readonly { model_id: string; unit_credits: number; credits: number; count: number }[];
  readonly options: readonly PlanOption[];
  readonly best: PlanOption | null;
}

async function readJson<T>(response: Response): Promise<T> {
  const body = (await response.json()) as T & { error?: { message: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `HTTP ${response.status}`);
  return body;
}

const base = (slug: string) => `/v1/public/catalogs/${encodeURIComponent(slug)}`;

/** The catalog a tenant published under `slug`. */
export async function fetchCatalog(slug: string): Promise<PublicCatalog> {
  return readJson(await fetch(base(slug)));
}

/** A sample of what `model` makes. */
export async function fetchSample(slug: string, model: string, seconds = 5): Promise<SampleOutput> {
  const answer = await readJson<{ output: SampleOutput }>(
    await fetch(`${base(slug)}/samples/${encodeURIComponent(model)}?seconds=${seconds}`),
  );
  return answer.output;
}

/** A month of `items` priced by the server's quote code, with every plan's cost to cover it. */
export async function fetchEstimate(
  slug: string,
  items: readonly EstimateItem[],
  signal?: AbortSignal,
): Promise<MonthEstimate> {
  return readJson(
    await fetch(`${base(slug)}/estimates`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ items }),
      ...(signal === undefined ? {} : { signal }),
    }),
  );
}

/**
 * Where a buy button goes. With a sign-up URL the tenant configured: there, naming the plan or
 * pack. For the demo tenants under demo mode: a demo customer's session token (as a tenant's
 * backend would mint one), then `POST /v1/checkout` with it, then the checkout's URL.
 */
export async function startPurchase(
  catalog: PublicCatalog,
  item: { plan: string } | { pack: string },
): Promise<string> {
  const { page } = catalog;
  if (page.signup_url !== null) {
    const url = new URL(page.signup_url);
    if ('plan' in item) url.searchParams.set('plan', item.plan);
    else url.searchParams.set('pack', item.pack);
    return url.toString();
  }
  if (!page.demo_checkout) throw new Error('this page has no sign-up link yet');
  const session = await readJson<{ token: string; customer: string }>(
    await fetch('/studio/api/session', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ preset: page.slug }),
    }),
  );
  const back = `${location.origin}${location.pathname}`;
  const checkout = await readJson<{ url: string }>(
    await fetch('/v1/checkout', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${session.token}`,
        'idempotency-key': crypto.randomUUID(),
      },
      body: JSON.stringify({
        customer: session.customer,
        ...item,
        success_url: `${back}?checkout=success`,
        cancel_url: `${back}?checkout=cancelled`,
      }),
    }),
  );
  return checkout.url;
}
