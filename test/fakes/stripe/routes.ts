/**
 * The REST endpoints the fake Stripe serves: customers, Checkout Sessions, billing-portal
 * sessions, and reads of subscriptions, invoices and charges. Each handler validates what
 * Stripe validates for our flows and answers Stripe-shaped objects.
 */
import { invalidParam, noSuchObject, type StripeErrorAnswer } from './errors.ts';
import type { FormObject, FormValue } from './form.ts';
import { INTENT_ROUTES } from './intent-routes.ts';
import { PORTAL_ROUTES, validatePortalFlow } from './portal-routes.ts';
import { type FakeStripeState, newStripeId, type StripeObject } from './state.ts';

export interface Answer {
  readonly status: number;
  readonly body: unknown;
}

export interface RouteContext {
  readonly state: FakeStripeState;
  readonly params: readonly string[];
  readonly body: FormObject;
  /** Base URL of the fake, for the `url` of sessions. */
  readonly baseUrl: string;
}

export interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly handle: (context: RouteContext) => Answer | StripeErrorAnswer;
}

const ID = '([A-Za-z0-9_]+)';

/** Every route the fake serves. */
export const ROUTES: readonly Route[] = [
  { method: 'POST', pattern: /^\/v1\/customers$/, handle: createCustomer },
  { method: 'GET', pattern: new RegExp(`^/v1/customers/${ID}$`), handle: getFrom('customers', 'customer') },
  { method: 'DELETE', pattern: new RegExp(`^/v1/customers/${ID}$`), handle: deleteCustomer },
  { method: 'POST', pattern: /^\/v1\/checkout\/sessions$/, handle: createCheckoutSession },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/checkout/sessions/${ID}$`),
    handle: getFrom('checkoutSessions', 'checkout.session'),
  },
  { method: 'POST', pattern: /^\/v1\/billing_portal\/sessions$/, handle: createPortalSession },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/subscriptions/${ID}$`),
    handle: getFrom('subscriptions', 'subscription'),
  },
  { method: 'GET', pattern: new RegExp(`^/v1/invoices/${ID}$`), handle: getFrom('invoices', 'invoice') },
  { method: 'GET', pattern: new RegExp(`^/v1/charges/${ID}$`), handle: getFrom('charges', 'charge') },
  ...PORTAL_ROUTES,
  ...INTENT_ROUTES,
];

type ObjectTable = 'customers' | 'checkoutSessions' | 'subscriptions' | 'invoices' | 'charges';

function getFrom(table: ObjectTable, kind: string): Route['handle'] {
  return ({ state, params }) => {
    const id = params[0] ?? '';
    const object = state[table].get(id);
    return object === undefined ? noSuchObject(kind, id) : { status: 200, body: object };
  };
}

function createCustomer({ state, body }: RouteContext): Answer {
  const customer: StripeObject = {
    id: newStripeId('cus'),
    object: 'customer',
    created: state.clock(),
    email: readText(body.email) ?? null,
    name: readText(body.name) ?? null,
    metadata: readMetadata(body.metadata),
    livemode: false,
  };
  state.customers.set(customer.id as string, customer);
  return { status: 200, body: customer };
}

function deleteCustomer({ state, params }: RouteContext): Answer | StripeErrorAnswer {
  const id = params[0] ?? '';
  if (!state.customers.delete(id)) return noSuchObject('customer', id);
  return { status: 200, body: { id, object: 'customer', deleted: true } };
}

function createCheckoutSession({ state, body, baseUrl }: RouteContext): Answer | StripeErrorAnswer {
  const mode = readText(body.mode);
  if (mode !== 'payment' && mode !== 'subscription' && mode !== 'setup')
    return invalidParam('mode', 'mode must be payment, subscription or setup');
  const customer = readText(body.customer);
  if (customer !== undefined && !state.customers.has(customer))
    return noSuchObject('customer', customer, 'customer');
  if (readText(body.success_url) === undefined) return invalidParam('success_url', 'success_url is required');
  if (mode === 'setup') return createSetupSession({ state, body, baseUrl, params: [] }, customer);
  const items = Array.isArray(body.line_items) ? body.line_items : [];
  if (items.length === 0) return invalidParam('line_items', 'line_items is required');
  let amountTotal = 0;
  let currency: string | undefined;
  for (const [index, item] of items.entries()) {
    const priceData = asObject(asObject(item).price_data);
    const unitAmount = Number(readText(priceData.unit_amount));
    const quantity = Number(readText(asObject(item).quantity) ?? '1');
    if (!Number.isSafeInteger(unitAmount) || unitAmount < 0) {
      return invalidParam(
        `line_items[${index}][price_data][unit_amount]`,
        'unit_amount must be a whole number of cents',
      );
    }
    if (readText(asObject(priceData.product_data).name) === undefined) {
      return invalidParam(
        `line_items[${index}][price_data][product_data][name]`,
        'a product name is required',
      );
    }
    const recurring = priceData.recurring !== undefined;
    if (mode === 'subscription' && !recurring) {
      return invalidParam(
        `line_items[${index}][price_data][recurring]`,
        'subscription mode needs a recurring price',
      );
    }
    if (mode === 'payment' && recurring) {
      return invalidParam(
        `line_items[${index}][price_data][recurring]`,
        'payment mode cannot have a recurring price',
      );
    }
    amountTotal += unitAmount * quantity;
    currency = readText(priceData.currency);
  }
  const id = newStripeId('cs');
  const session: StripeObject = {
    id,
    object: 'checkout.session',
    mode,
    status: 'open',
    payment_status: 'unpaid',
    customer: customer ?? null,
    client_reference_id: readText(body.client_reference_id) ?? null,
    metadata: readMetadata(body.metadata),
    amount_subtotal: amountTotal,
    amount_total: amountTotal,
    total_details: { amount_discount: 0, amount_shipping: 0, amount_tax: 0 },
    currency: currency ?? 'usd',
    payment_intent: null,
    subscription: null,
    success_url: readText(body.success_url) ?? null,
    cancel_url: readText(body.cancel_url) ?? null,
    created: state.clock(),
    livemode: false,
    url: `${baseUrl}/c/pay/${id}`,
    // Kept for the scenarios (what Stripe would remember about the line items).
    line_items_request: items,
    payment_intent_data: asObject(body.payment_intent_data),
    subscription_data: asObject(body.subscription_data),
  };
  state.checkoutSessions.set(id, session);
  return { status: 200, body: session };
}

/** A setup-mode session: no line items; its SetupIntent is made when the customer completes it. */
function createSetupSession(
  { state, body, baseUrl }: RouteContext,
  customer: string | undefined,
): Answer | StripeErrorAnswer {
  if (Array.isArray(body.line_items)) return invalidParam('line_items', 'setup mode takes no line_items');
  if (readText(body.currency) === undefined) return invalidParam('currency', 'setup mode needs a currency');
  const id = newStripeId('cs');
  const session: StripeObject = {
    id,
    object: 'checkout.session',
    mode: 'setup',
    status: 'open',
    payment_status: 'no_payment_required',
    customer: customer ?? null,
    client_reference_id: readText(body.client_reference_id) ?? null,
    metadata: readMetadata(body.metadata),
    currency: readText(body.currency) ?? null,
    setup_intent: null,
    success_url: readText(body.success_url) ?? null,
    cancel_url: readText(body.cancel_url) ?? null,
    created: state.clock(),
    livemode: false,
    url: `${baseUrl}/c/setup/${id}`,
    setup_intent_data: asObject(body.setup_intent_data),
  };
  state.checkoutSessions.set(id, session);
  return { status: 200, body: session };
}

function createPortalSession({ state, body, baseUrl }: RouteContext): Answer | StripeErrorAnswer {
  const customer = readText(body.customer);
  if (customer === undefined) return invalidParam('customer', 'customer is required');
  if (!state.customers.has(customer)) return noSuchObject('customer', customer, 'customer');
  const flow = validatePortalFlow(state, body, customer);
  if ('status' in flow) return flow;
  const id = newStripeId('bps');
  const session: StripeObject = {
    id,
    object: 'billing_portal.session',
    customer,
    return_url: readText(body.return_url) ?? null,
    configuration: readText(body.configuration) ?? null,
    flow: flow.flow,
    created: state.clock(),
    livemode: false,
    url: `${baseUrl}/p/session/${id}`,
  };
  state.portalSessions.set(id, session);
  return { status: 200, body: session };
}

export function readText(value: FormValue | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function asObject(value: FormValue | undefined): FormObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

export function readMetadata(value: FormValue | undefined): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const [key, entry] of Object.entries(asObject(value)))
    if (typeof entry === 'string') metadata[key] = entry;
  return metadata;
}
