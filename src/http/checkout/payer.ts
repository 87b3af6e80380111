/**
 * Who is paying whom, for the test checkout pages: the app (the tenant's name) and the customer
 * (their id, with their email when the app gave one).
 */
import type { AppDeps } from '../route.ts';

export interface Payer {
  readonly appName: string;
  readonly customer: string;
}

/** Names the tenant and the customer of a checkout; falls back to the ids. */
export async function describePayer(deps: AppDeps, tenantId: string, customerId: string): Promise<Payer> {
  const tenant = (await deps.engine.listTenants()).find((row) => row.id === tenantId);
  const customer = await deps.engine.getCustomer(tenantId, customerId);
  const email = customer.ok ? customer.value.customer.email : null;
  return {
    appName: tenant?.name ?? tenantId,
    customer: email === null ? customerId : `${customerId} (${email})`,
  };
}
