/**
 * Model-based test of budgets for agent runs (issue 17 item 3): random trees of root and child
 * holds, partial and final captures, commits, voids, grants, clock advances past expiry and
 * retries with the same key run against the engine and the reference tree model
 * (budget-model.ts); after every step the answers, the customer's figures and every hold's
 * budget figures must agree, and `verify` (which checks hold trees) must pass. Step counts are
 * modest: PostgreSQL runs each step in real transactions.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Result } from '../../src/domain/errors.ts';
import type { Store } from '../../src/store/store.ts';
import { createHarness, expectOk, type Harness, TENANT } from '../support/engine-harness.ts';
import { BudgetLedger } from './budget-model.ts';
import type { ModelAnswer } from './reference-model.ts';

const CUSTOMER = 'alice';
type Variant = 'a' | 'b' | 'c';

type Command =
  | { op: 'grant'; credits: number }
  | { op: 'root'; variant: Variant; ttl: number }
  | { op: 'child'; parent: number; variant: Variant; ttl: number }
  | { op: 'capture'; hold: number; variant: Variant; final: boolean }
  | { op: 'commit'; hold: number; usage: Variant | undefined }
  | { op: 'void'; hold: number }
  | { op: 'advance'; ms: number }
  | { op: 'retry'; call: number };

const variant = fc.constantFrom('a' as const, 'b' as const, 'c' as const);
const ttl = fc.integer({ min: 30, max: 300 });
const commandArb: fc.Arbitrary<Command> = fc.oneof(
  fc.record({ op: fc.constant('grant' as const), credits: fc.integer({ min: 1, max: 20 }) }),
  { arbitrary: fc.record({ op: fc.constant('root' as const), variant, ttl }), weight: 2 },
  {
    arbitrary: fc.record({ op: fc.constant('child' as const), parent: fc.nat(40), variant, ttl }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('capture' as const),
      hold: fc.nat(40),
      variant,
      final: fc.boolean(),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      op: fc.constant('commit' as const),
      hold: fc.nat(40),
      usage: fc.option(variant, { nil: undefined }),
    }),
    weight: 2,
  },
  fc.record({ op: fc.constant('void' as const), hold: fc.nat(40) }),
  fc.record({ op: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 150_000 }) }),
  fc.record({ op: fc.constant('retry' as const), call: fc.nat(40) }),
);

function summarize(r: Result<unknown>, credits: (v: never) => number): ModelAnswer {
  return r.ok ? { ok: true, credits: credits(r.value as never) } : { ok: false, code: r.error.code };
}

const holdCredits = (v: { hold: { credits: number } }) => v.hold.credits;
const charged = (v: { creditsCharged: number }) => v.creditsCharged;

async function runSequence(makeStore: () => Promise<Store>, commands: Command[]): Promise<void> {
  const h: Harness = await createHarness(makeStore, {}, {}, 1);
  const model = new BudgetLedger(10);
  const ids: string[] = [];
  const calls: { run: () => Promise<Result<unknown>>; first: Result<unknown> }[] = [];
  const record = async (run: () => Promise<Result<unknown>>) => {
    const first = await run();
    calls.push({ run, first });
    return first;
  };
  const pick = (n: number) => (ids.length === 0 ? null : n % ids.length);
  try {
    expectOk(
      await h.engine.createCustomer({ tenantId: TENANT, customerId: CUSTOMER, idempotencyKey: 'create' }),
    );
    for (const cmd of commands) {
      const now = h.now();
      const key = h.key();
      if (cmd.op === 'advance') h.advance(cmd.ms);
      else if (cmd.op === 'grant') {
        expectOk(
          await record(() =>
            h.engine.grant({
              tenantId: TENANT,
              customerId: CUSTOMER,
              credits: cmd.credits,
              source: 'purchase',
              expiresAt: null,
              idempotencyKey: key,
            }),
          ),
        );
        model.grant(cmd.credits);
      } else if (cmd.op === 'root' || cmd.op === 'child') {
        const parent = cmd.op === 'child' ? pick(cmd.parent) : null;
        if (cmd.op === 'child' && parent === null) continue;
        const r = await record(() =>
          h.engine.authorize({
            tenantId: TENANT,
            customerId: CUSTOMER,
            modelId: 'clip',
            params: { variant: cmd.variant },
            ttlSeconds: cmd.ttl,
            idempotencyKey: key,
            ...(parent === null ? {} : { parentHold: ids[parent] as string }),
          }),
        );
        const want =
          parent === null
            ? model.authorize(cmd.variant, cmd.ttl * 1000, now)
            : model.authorizeChild(parent, cmd.variant, cmd.ttl * 1000, now);
        expect(summarize(r, holdCredits)).toEqual(want);
        if (r.ok) ids.push((r.value as { hold: { id: string } }).hold.id);
      } else if (cmd.op === 'capture' || cmd.op === 'commit' || cmd.op === 'void') {
        const index = pick(cmd.hold);
        if (index === null) continue;
        const holdId = ids[index] as string;
        if (cmd.op === 'capture') {
          const r = await record(() =>
            h.engine.captureHold({
              tenantId: TENANT,
              holdId,
              usage: { variant: cmd.variant },
              final: cmd.final,
              idempotencyKey: key,
            }),
          );
          expect(summarize(r, charged)).toEqual(model.charge(index, cmd.variant, cmd.final, now));
        } else if (cmd.op === 'commit') {
          const usage = cmd.usage === undefined ? {} : { usage: { variant: cmd.usage } };
          const r = await record(() =>
            h.engine.commit({ tenantId: TENANT, holdId, ...usage, idempotencyKey: key }),
          );
          expect(summarize(r, charged)).toEqual(model.charge(index, cmd.usage, true, now));
        } else {
          const r = await record(() => h.engine.void({ tenantId: TENANT, holdId, idempotencyKey: key }));
          expect(summarize(r, holdCredits)).toEqual(model.void(index, now));
        }
      } else if (cmd.op === 'retry' && calls.length > 0) {
        const call = calls[cmd.call % calls.length] as (typeof calls)[number];
        expect(await call.run()).toEqual(call.first);
      }
      model.settle(h.now());
      const summary = expectOk(await h.engine.getCustomer(TENANT, CUSTOMER));
      const { balance, held } = summary.balance;
      expect({ balance, held }).toEqual({ balance: model.balance, held: model.held });
      for (const [i, id] of ids.entries()) {
        const m = model.holds[i];
        const got = expectOk(await h.engine.getHold(TENANT, id));
        expect({ i, childrenHeld: got.childrenHeld, childrenCharged: got.childrenCharged }).toEqual({
          i,
          childrenHeld: m?.childrenHeld,
          childrenCharged: m?.childrenCharged,
        });
        if (m?.status === 'active') expect({ i, credits: got.credits }).toEqual({ i, credits: m.credits });
      }
      const report = await h.engine.verify();
      expect(report.problems).toEqual([]);
    }
  } finally {
    await h.store.close();
  }
}

export function runBudgetModelSuite(name: string, makeStore: () => Promise<Store>, skip = false): void {
  describe.skipIf(skip)(`budgets model-based: ${name}`, () => {
    it('agrees with the reference tree model on random sequences, and verify passes after every step', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(commandArb, { minLength: 1, maxLength: 25 }), (commands) =>
          runSequence(makeStore, commands),
        ),
        {
          numRuns: Number(process.env.TOLLGATE_BUDGET_MODEL_RUNS ?? 25),
          // Found by CI: a partial capture takes all of a child's credits, then the parent commits.
          examples: [
            [
              [
                { op: 'root', variant: 'a', ttl: 30 },
                { op: 'child', parent: 0, variant: 'a', ttl: 30 },
                { op: 'capture', hold: 1, variant: 'a', final: false },
                { op: 'capture', hold: 0, variant: 'a', final: true },
              ],
            ],
          ],
        },
      );
    }, 180_000);
  });
}
