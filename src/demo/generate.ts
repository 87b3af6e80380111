/**
 * One studio generation, the way a tenant's backend runs one: hold the quoted credits, call
 * the provider, then commit the actual usage (a receipt) or void the hold (nothing charged).
 * The hold is voided even when the provider throws, so credits are never left reserved.
 */
import { randomUUID } from 'node:crypto';
import { findModel } from '../domain/catalog.ts';
import { fail, ok, type Result } from '../domain/errors.ts';
import type { GenerationParams } from '../domain/pricing.ts';
import type { Engine } from '../engine/engine.ts';
import type { BalanceInfo, Receipt } from '../engine/types.ts';
import { type ProviderOutput, simulateGeneration } from './provider.ts';

export interface DemoGenerationInput {
  readonly tenantId: string;
  readonly customerId: string;
  readonly modelId: string;
  readonly params: GenerationParams;
  /** 0–1. */
  readonly failureChance: number;
  readonly random?: () => number;
  readonly latencyMs?: number;
}

export type DemoGeneration =
  | {
      readonly status: 'succeeded';
      readonly outputs: readonly ProviderOutput[];
      readonly receipt: Receipt;
      readonly modelName: string;
    }
  | {
      readonly status: 'failed';
      readonly message: string;
      readonly holdId: string;
      readonly balance: BalanceInfo;
    };

/** Authorizes, runs the simulated provider, and commits or voids. Refusals come back as errors. */
export async function runDemoGeneration(
  engine: Engine,
  input: DemoGenerationInput,
): Promise<Result<DemoGeneration>> {
  const catalog = await engine.readCatalog(input.tenantId);
  if (!catalog.ok) return catalog;
  const model = findModel(catalog.value.catalog, input.modelId);
  if (model === undefined) return fail('unknown_model', `no model ${input.modelId}`, 'model');
  const held = await engine.authorize({
    tenantId: input.tenantId,
    idempotencyKey: randomUUID(),
    customerId: input.customerId,
    modelId: model.id,
    params: input.params,
  });
  if (!held.ok) return held;
  const holdId = held.value.hold.id;
  const voidHold = async (message: string): Promise<Result<DemoGeneration>> => {
    const voided = await engine.void({ tenantId: input.tenantId, idempotencyKey: randomUUID(), holdId });
    if (!voided.ok) return voided;
    return ok({ status: 'failed', message, holdId, balance: voided.value.balance });
  };
  let result: Awaited<ReturnType<typeof simulateGeneration>>;
  try {
    result = await simulateGeneration({
      model,
      params: input.params,
      failureChance: input.failureChance,
      ...(input.random === undefined ? {} : { random: input.random }),
      ...(input.latencyMs === undefined ? {} : { latencyMs: input.latencyMs }),
    });
  } catch (error) {
    await voidHold('The provider crashed.');
    throw error;
  }
  if (!result.ok) return voidHold(result.message);
  const receipt = await engine.commit({
    tenantId: input.tenantId,
    idempotencyKey: randomUUID(),
    holdId,
    usage: input.params,
  });
  if (!receipt.ok) {
    await voidHold('The charge could not be recorded.');
    return receipt;
  }
  return ok({ status: 'succeeded', outputs: result.outputs, receipt: receipt.value, modelName: model.name });
}
