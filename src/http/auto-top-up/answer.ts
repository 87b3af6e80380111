/**
 * The `auto_top_up` field of authorize, batch, commit (by hold or job id), capture and charge
 * answers (issue 17 item 1): after the money call answered, one read of the customer's auto
 * top-up (none for most customers) says whether it is on, charging or turned off by a failed
 * card, and starts a top-up in the background when the call left the customer under the threshold.
 */
import type { Result } from '../../domain/errors.ts';
import type { AutoTopUpState } from '../../engine/auto-top-ups.ts';
import type { AppDeps } from '../route.ts';
import { toSnakeCase } from '../snake.ts';

/** The state as the API answers it. */
export function presentAutoTopUpState(state: AutoTopUpState | null) {
  if (state === null) return null;
  return {
    status: state.status,
    in_flight: state.inFlight,
    failure: state.failure === null ? null : toSnakeCase(state.failure),
  };
}

/** Adds `auto_top_up` to a successful money answer, and triggers a top-up when one is due. */
export async function withAutoTopUp<
  T extends { readonly customer_id: string; readonly balance: { readonly available: number } },
>(
  deps: AppDeps,
  tenantId: string,
  answer: Result<T>,
): Promise<Result<T & { auto_top_up: ReturnType<typeof presentAutoTopUpState> }>> {
  if (!answer.ok) return answer;
  const state = await deps.autoTopUps.afterMoney(
    tenantId,
    answer.value.customer_id,
    answer.value.balance.available,
  );
  return { ok: true, value: { ...answer.value, auto_top_up: presentAutoTopUpState(state) } };
}
