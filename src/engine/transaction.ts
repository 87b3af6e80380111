/**
 * The one way a use case writes: `runUseCase` runs it in one store transaction over its scope
 * (the store locks the idempotency key, then the customers, in id order, before anything
 * else) and, when the use case refuses (answers `{ ok: false }`), hands the store an explicit
 * `Rollback` so none of its writes stay; a use case that must undo its writes but still answer
 * success (a payment already applied by another event) answers its own `Rollback`. The store
 * never infers a rollback from an answer's
 * shape, and the engine never asks which database it runs on.
 */
import { Rollback, type StoreTx, type WriteScope } from '../store/store.ts';
import type { EngineContext } from './context.ts';

export function runUseCase<R extends { readonly ok: boolean }>(
  ctx: EngineContext,
  scope: WriteScope,
  fn: (tx: StoreTx) => Promise<R | Rollback<NoInfer<R>>>,
): Promise<R> {
  return ctx.store.write<R>(scope, async (tx) => {
    const answer = await fn(tx);
    return answer instanceof Rollback || answer.ok ? answer : new Rollback(answer);
  });
}
