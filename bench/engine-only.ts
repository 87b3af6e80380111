/**
 * Runs only the engine part of `npm run bench` and prints its figures (no docs written).
 * `node --import tsx bench/engine-only.ts [pairs]`
 */
import { benchEngine } from './engine.ts';

const pairs = Number(process.argv[2] ?? 30_000);
const result = await benchEngine({ pairs, rawSeconds: Number(process.argv[3] ?? 3) });
process.stdout.write(
  `pairs/s ${result.pairsPerSecond.toFixed(0)}  p50 ${result.p50Ms.toFixed(1)} ms  p99 ${result.p99Ms.toFixed(1)} ms  raw ${result.rawPerSecond.toFixed(0)}/s  failures ${result.failures}\n`,
);
