/**
 * The fake Stripe's side of portal plan changes: Products, recurring Prices (listed by lookup
 * key), billing-portal configurations, and the `subscription_update_confirm` flow a portal
 * session may open on, validated as Stripe does (the subscription is the customer's, the item
 * is the subscription's, the price is allowed by the configuration).
 */
import { invalidParam, noSuchObject, type StripeErrorAnswer } from './errors.ts';
import type { FormObject, FormValue } from './form.ts';
import { type FakeStripeState, newStripeId, type StripeObject } from './state.ts';

interface Answer {
  readonly status: number;
  readonly body: unknown;
}
interface Context {
  readonly state: FakeStripeState;
  readonly params: readonly string[];
  readonly body: FormObject;
}

const ID = '([A-Za-z0-9_]+)';

export const PORTAL_ROUTES = [
  { method: 'GET', pattern: new RegExp(`^/v1/products/${ID}$`), handle: getProduct },
  { method: 'POST', pattern: /^\/v1\/products$/, handle: createProduct },
  { method: 'GET', pattern: /^\/v1\/prices$/, handle: listPrices },
  { method: 'POST', pattern: /^\/v1\/prices$/, handle: createPrice },
  { method: 'GET', pattern: /^\/v1\/billing_portal\/configurations$/, handle: listConfigurations },
  { method: 'POST', pattern: /^\/v1\/billing_portal\/configurations$/, handle: createConfiguration },
] as const;

function list(data: StripeObject[], url: string): Answer {
  return { status: 200, body: { object: 'list', data, has_more: false, url } };
}

function getProduct({ state, params }: Context): Answer | StripeErrorAnswer {
  const id = params[0] ?? '';
  const product = state.products.get(id);
  return product === undefined ? noSuchObject('product', id) : { status: 200, body: product };
}

function createProduct({ state, body }: Context): Answer | StripeErrorAnswer {
  const name = text(body.name);
  if (name === undefined) return invalidParam('name', 'name is required');
  const id = text(body.id) ?? newStripeId('prod');
  if (state.products.has(id)) return invalidParam('id', `Product already exists: ${id}`);
  const product = { id, object: 'product', name, active: true, metadata: object(body.metadata) };
  state.products.set(id, product);
  return { status: 200, body: product };
}

function listPrices({ state, body }: Context): Answer {
  const keys = Array.isArray(body.lookup_keys) ? body.lookup_keys : [];
  const data = [...state.prices.values()].filter((p) => keys.includes(p.lookup_key as string));
  return list(data, '/v1/prices');
}

function createPrice({ state, body }: Context): Answer | StripeErrorAnswer {
  const product = text(body.product);
  if (product === undefined || !state.products.has(product)) return noSuchObject('product', String(product));
  const unitAmount = Number(text(body.unit_amount));
  if (!Number.isSafeInteger(unitAmount)) return invalidParam('unit_amount', 'unit_amount is required');
  const lookupKey = text(body.lookup_key) ?? null;
  if (lookupKey !== null && [...state.prices.values()].some((p) => p.lookup_key === lookupKey)) {
    return invalidParam('lookup_key', `A price with lookup key ${lookupKey} already exists`);
  }
  const price = {
    id: newStripeId('price'),
    object: 'price',
    active: true,
    product,
    currency: text(body.currency) ?? 'usd',
    unit_amount: unitAmount,
    recurring: { interval: text(object(body.recurring).interval) ?? 'month', interval_count: 1 },
    lookup_key: lookupKey,
    nickname: text(body.nickname) ?? null,
    metadata: object(body.metadata),
  };
  state.prices.set(price.id, price);
  return { status: 200, body: price };
}

function listConfigurations({ state }: Context): Answer {
  return list([...state.portalConfigurations.values()], '/v1/billing_portal/configurations');
}

function createConfiguration({ state, body }: Context): Answer | StripeErrorAnswer {
  const update = asObject(asObject(body.features).subscription_update);
  const products = Array.isArray(update.products) ? update.products.map(asObject) : [];
  for (const [index, entry] of products.entries()) {
    const prices = Array.isArray(entry.prices) ? entry.prices : [];
    for (const price of prices) {
      if (typeof price !== 'string' || state.prices.get(price)?.product !== text(entry.product)) {
        return invalidParam(
          `features[subscription_update][products][${index}][prices]`,
          `bad price ${price}`,
        );
      }
    }
  }
  const configuration = {
    id: newStripeId('bpc'),
    object: 'billing_portal.configuration',
    active: true,
    is_default: false,
    features: { subscription_update: { enabled: text(update.enabled) === 'true', products } },
    metadata: object(body.metadata),
  };
  state.portalConfigurations.set(configuration.id, configuration);
  return { status: 200, body: configuration };
}

/**
 * Checks a portal session's `flow_data` the way Stripe does; answers the flow to keep on the
 * session (null without one) or the error Stripe would answer.
 */
export function validatePortalFlow(
  state: FakeStripeState,
  body: FormObject,
  customer: string,
): { readonly flow: StripeObject | null } | StripeErrorAnswer {
  const flow = asObject(body.flow_data);
  if (Object.keys(flow).length === 0) return { flow: null };
  if (text(flow.type) !== 'subscription_update_confirm')
    return invalidParam('flow_data[type]', 'unsupported');
  const confirm = asObject(flow.subscription_update_confirm);
  const subscription = state.subscriptions.get(text(confirm.subscription) ?? '');
  if (subscription === undefined || subscription.customer !== customer) {
    return invalidParam('flow_data[subscription_update_confirm][subscription]', 'not this customer');
  }
  const items = Array.isArray(confirm.items) ? confirm.items.map(asObject) : [];
  const item = items[0];
  const own = (subscription.items as { data: StripeObject[] }).data[0];
  if (items.length !== 1 || item === undefined || text(item.id) !== own?.id) {
    return invalidParam('flow_data[subscription_update_confirm][items]', 'one item of the subscription');
  }
  const configuration = state.portalConfigurations.get(text(body.configuration) ?? '');
  const allowed = (
    configuration?.features as { subscription_update: { products: FormObject[] } } | undefined
  )?.subscription_update.products.flatMap((p) => (Array.isArray(p.prices) ? p.prices : []));
  if (!allowed?.includes(text(item.price) ?? '')) {
    return invalidParam(
      'flow_data[subscription_update_confirm][items][0][price]',
      "the price must be in the configuration's subscription_update products",
    );
  }
  return {
    flow: {
      type: 'subscription_update_confirm',
      subscription_update_confirm: {
        subscription: subscription.id,
        items: [{ id: own?.id, price: item.price }],
      },
    },
  };
}

function text(value: FormValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function asObject(value: FormValue | undefined): FormObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

function object(value: FormValue | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asObject(value))) if (typeof entry === 'string') out[key] = entry;
  return out;
}
