/**
 * The overshoot hammer (issue 17 item 6): `CLIENTS` concurrent clients on ONE customer for a
 * fixed time, each looping over a seeded mix of holds (then commit, commit with more usage
 * than held, void, or one or two partial captures followed by a commit or a void), instant charges and refunds (partial or full) of earlier charges. The
 * customer starts with a small grant, so it runs dry within a second and every later operation
 * races at the edge of the balance, where an overshoot would happen.
 *
 * Overshoot is measured twice, independently: from what the clients were answered (Σ credits
 * charged − Σ credits refunded − credits granted) and from the journal (`usage` + `refunded`
 * system accounts against the `issued:*` ones); both must be 0, as must a negative balance,
 * and `tollgate verify` must pass.
 */
import { performance } from 'node:perf_hooks';
import { loadPreset } from '../src/catalog/load.ts';
import type { Engine } from '../src/engine/engine.ts';

export const CLIENTS = 64;
export const SECONDS = 10;
/** Credits the customer starts with besides the welcome reward (MusicGen: 1-5 credits a clip). */
export const START_CREDITS = 500;
const TENANT = 'overshoot';
const CUSTOMER = 'hammered';
const DURATIONS = [5, 10, 15, 30] as const;
/** Credits of each top-up grant (3 % of the operations). */
const TOP_UP = 10;

export interface OvershootRun {
  readonly seconds: number;
  readonly operations: number;
  readonly opsPerSecond: number;
  /** Operations the ledger refused as expected (insufficient credits, nothing left to refund). */
  readonly refused: number;
  readonly counts: Readonly<
    Record<'holds' | 'captures' | 'commits' | 'voids' | 'charges' | 'refunds' | 'grants', number>
  >;
  readonly granted: number;
  readonly charged: number;
  readonly refunded: number;
  /** Σ charged − Σ refunded − granted, from the answers the clients got (≤ 0 expected; 0 reported). */
  readonly overshootAnswers: number;
  /** The same from the journal's system accounts. */
  readonly overshootJournal: number;
  readonly finalBalance: number;
  readonly finalAvailable: number;
  readonly verifyProblems: readonly string[];
}

/** A small seeded generator, so every run plays the same mix. */
function createRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

async function seed(engine: Engine): Promise<void> {
  const catalog = await loadPreset('musicgen');
  if (!catalog.ok) throw new Error(catalog.error.message);
  await engine.saveTenant({ tenantId: TENANT, name: 'Overshoot', catalog: catalog.value, catalogSource: '' });
  const made = await engine.createCustomer({
    tenantId: TENANT,
    customerId: CUSTOMER,
    idempotencyKey: 'create',
  });
  if (!made.ok) throw new Error(made.error.message);
  const granted = await engine.grant({
    tenantId: TENANT,
    customerId: CUSTOMER,
    credits: START_CREDITS,
    source: 'purchase',
    idempotencyKey: 'grant',
  });
  if (!granted.ok) throw new Error(granted.error.message);
}

/** Runs the hammer on a fresh engine (its store empty) and answers what it saw. */
export async function hammerOneCustomer(engine: Engine, seconds = SECONDS): Promise<OvershootRun> {
  await seed(engine);
  const counts = { holds: 0, captures: 0, commits: 0, voids: 0, charges: 0, refunds: 0, grants: 0 };
  let refused = 0;
  let charged = 0;
  let refunded = 0;
  let key = 0;
  const chargeIds: string[] = [];
  const base = { tenantId: TENANT };
  const nextKey = () => `k${++key}`;
  const deadline = performance.now() + seconds * 1000;

  const client = async (n: number) => {
    const random = createRandom(n + 1);
    const duration = () => DURATIONS[Math.floor(random() * DURATIONS.length)] ?? 10;
    while (performance.now() < deadline) {
      const roll = random();
      if (roll < 0.4) {
        const hold = await engine.authorize({
          ...base,
          customerId: CUSTOMER,
          modelId: 'musicgen',
          params: { duration: duration() },
          idempotencyKey: nextKey(),
        });
        counts.holds += 1;
        if (!hold.ok) {
          refused += 1;
          continue;
        }
        const end = random();
        if (end >= 0.55 && end < 0.75) {
          // A stream: one or two partial captures of 5 s, then the rest committed or voided.
          for (let parts = random() < 0.5 ? 1 : 2; parts > 0; parts -= 1) {
            const captured = await engine.captureHold({
              ...base,
              holdId: hold.value.hold.id,
              usage: { duration: 5 },
              final: false,
              idempotencyKey: nextKey(),
            });
            counts.captures += 1;
            if (!captured.ok) {
              refused += 1;
              break;
            }
            charged += captured.value.creditsCharged;
            chargeIds.push(captured.value.chargeId);
          }
        }
        if (end < 0.35 || (end >= 0.55 && end < 0.65)) {
          const voided = await engine.void({
            ...base,
            holdId: hold.value.hold.id,
            idempotencyKey: nextKey(),
          });
          counts.voids += 1;
          if (!voided.ok) throw new Error(`void refused: ${voided.error.message}`);
          continue;
        }
        // One commit in three reports more usage than was held (a 30 s clip on a shorter hold).
        const usage = end < 0.55 ? { usage: { duration: 30 } } : {};
        const receipt = await engine.commit({
          ...base,
          holdId: hold.value.hold.id,
          idempotencyKey: nextKey(),
          ...usage,
        });
        counts.commits += 1;
        if (receipt.ok) {
          charged += receipt.value.creditsCharged;
          chargeIds.push(receipt.value.chargeId);
        } else {
          refused += 1;
          const voided = await engine.void({
            ...base,
            holdId: hold.value.hold.id,
            idempotencyKey: nextKey(),
          });
          counts.voids += 1;
          if (!voided.ok) throw new Error(`void after a refused commit: ${voided.error.message}`);
        }
      } else if (roll < 0.75) {
        const receipt = await engine.charge({
          ...base,
          customerId: CUSTOMER,
          modelId: 'musicgen',
          params: { duration: duration() },
          idempotencyKey: nextKey(),
        });
        counts.charges += 1;
        if (receipt.ok) {
          charged += receipt.value.creditsCharged;
          chargeIds.push(receipt.value.chargeId);
        } else refused += 1;
      } else if (roll < 0.97) {
        const index = Math.floor(random() * chargeIds.length);
        const chargeId = chargeIds[index];
        if (chargeId === undefined) continue;
        const part = random() < 0.5 ? { credits: 1 } : {};
        const refund = await engine.refund({ ...base, chargeId, idempotencyKey: nextKey(), ...part });
        counts.refunds += 1;
        if (refund.ok) refunded += refund.value.refunded;
        else refused += 1;
        // A charge refunded in full (or found so) leaves the pool, so refunds keep finding credits.
        const done = !refund.ok || ('credits' in part ? false : refund.value.totalRefunded > 0);
        if (done && chargeIds[index] === chargeId) chargeIds.splice(index, 1);
      } else {
        // A small top-up now and then keeps credits flowing, so the edge is crossed again and again.
        const granted = await engine.grant({
          ...base,
          customerId: CUSTOMER,
          credits: TOP_UP,
          source: 'purchase',
          idempotencyKey: nextKey(),
        });
        counts.grants += 1;
        if (!granted.ok) throw new Error(`top-up refused: ${granted.error.message}`);
      }
    }
  };

  const start = performance.now();
  await Promise.all(Array.from({ length: CLIENTS }, (_, n) => client(n)));
  const elapsed = (performance.now() - start) / 1000;
  const report = await engine.verify();
  const system = report.systemAccounts;
  const issued = Object.entries(system)
    .filter(([account]) => account.startsWith('issued:'))
    .reduce((sum, [, amount]) => sum - amount, 0);
  const spentNet = (system.usage ?? 0) + (system.refunded ?? 0);
  const summary = await engine.getCustomer(TENANT, CUSTOMER);
  if (!summary.ok) throw new Error(summary.error.message);
  const operations = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    seconds: elapsed,
    operations,
    opsPerSecond: operations / elapsed,
    refused,
    counts,
    granted: issued,
    charged,
    refunded,
    overshootAnswers: Math.max(0, charged - refunded - issued),
    overshootJournal: Math.max(0, spentNet - issued),
    finalBalance: summary.value.balance.balance,
    finalAvailable: summary.value.balance.available,
    verifyProblems: report.problems,
  };
}
