/**
 * `generate()`: one generation with credits. Authorize a hold, run the caller's function,
 * commit on success with the usage it answers, void on a throw and rethrow. One idempotency
 * key is made per logical call (the hold; commit and void derive theirs from it), and the
 * transport reuses them on retries, so a flaky network never holds or charges twice.
 */
import { createIdempotencyKey } from './transport.ts';
import type { GenerationParams, Hold, Receipt, VoidedHold } from './types.ts';

export interface GenerateRequest {
  /** Required with a secret key; a customer API key (`tg_ck_…`) may leave it out: its own customer. */
  readonly customer?: string;
  readonly model: string;
  readonly params?: GenerationParams;
  readonly ttl_seconds?: number;
  /** An agent run's budget: draw this generation's hold from that parent hold, not the lots. */
  readonly parent_hold?: string;
  /** The key for this generation; default: a fresh UUID. Pass your job id to make a whole retry safe. */
  readonly idempotencyKey?: string;
}

/** Runs the generation with the hold placed; answers the actual usage (or nothing = as quoted). */
// biome-ignore lint/suspicious/noConfusingVoidType: a function that answers nothing (void) charges what was quoted.
export type GenerateRun = (hold: Hold) => Promise<GenerationParams | undefined | void>;

/** The parts of the client `generate` uses. */
export interface GenerateClient {
  readonly holds: {
    create(
      p: {
        customer?: string;
        model: string;
        params?: GenerationParams;
        ttl_seconds?: number;
        parent_hold?: string;
      },
      o?: { idempotencyKey?: string },
    ): Promise<Hold>;
    commit(id: string, p?: { usage?: GenerationParams }, o?: { idempotencyKey?: string }): Promise<Receipt>;
    void(id: string, o?: { idempotencyKey?: string }): Promise<VoidedHold>;
  };
}

/** Authorize → run → commit, or void and rethrow. Answers the receipt. */
export async function runGeneration(
  client: GenerateClient,
  request: GenerateRequest,
  run: GenerateRun,
): Promise<Receipt> {
  const key = request.idempotencyKey ?? createIdempotencyKey();
  const hold = await client.holds.create(
    {
      ...(request.customer === undefined ? {} : { customer: request.customer }),
      model: request.model,
      ...(request.params === undefined ? {} : { params: request.params }),
      ...(request.ttl_seconds === undefined ? {} : { ttl_seconds: request.ttl_seconds }),
      ...(request.parent_hold === undefined ? {} : { parent_hold: request.parent_hold }),
    },
    { idempotencyKey: `${key}:hold` },
  );
  let usage: GenerationParams | undefined;
  try {
    usage = (await run(hold)) ?? undefined;
  } catch (error) {
    try {
      await client.holds.void(hold.id, { idempotencyKey: `${key}:void` });
    } catch {
      // The hold expires by itself; the caller's error is the one that matters.
    }
    throw error;
  }
  return client.holds.commit(hold.id, usage ? { usage } : {}, { idempotencyKey: `${key}:commit` });
}
