/** Small helpers every benchmark part shares: a worker pool, percentiles, number formatting. */
import { performance } from 'node:perf_hooks';

/**
 * Runs `job(0..count-1)` with `inFlight` jobs at a time, starting none after `seconds` (if
 * given); answers the elapsed seconds.
 */
export async function runPool(
  count: number,
  inFlight: number,
  job: (i: number) => Promise<void>,
  seconds = Number.POSITIVE_INFINITY,
): Promise<number> {
  let next = 0;
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (next < count && performance.now() < deadline) await job(next++);
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (performance.now() - start) / 1000;
}

/** The p-th percentile of ascending `sorted` (0 when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Sorts latencies in place and answers their p50 and p99. */
export function latencySummary(latencies: number[]): { p50Ms: number; p99Ms: number } {
  latencies.sort((a, b) => a - b);
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99) };
}

/** `1,234` / `1,234.5`: figures as the docs print them. */
export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** A ratio as a percentage, `12.3 %`. */
export const pct = (ratio: number): string => `${fmt(ratio * 100, 1)} %`;

/** Rounds a figure for the JSON file (ratios keep 4 digits, rates and times 2). */
export const round = (n: number, digits = 2): number => Number(n.toFixed(digits));
