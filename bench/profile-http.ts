/**
 * CPU profile of the HTTP server process while it answers authorize+commit pairs (the load of
 * `npm run bench -- --only http`, without the bare route and the seed):
 * `node --import tsx bench/profile-http.ts [seconds] [out.cpuprofile]`. Prints the pairs per
 * second reached while profiled and a summary (bench/profile-summary.ts) of the server's time.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Load, pairStep, runSlice, startBenchServer } from './http.ts';
import { type CpuProfile, formatProfileSummary } from './profile-summary.ts';

const [secondsArg = '10', out = 'pairs-http.cpuprofile'] = process.argv.slice(2);
const file = resolve(out);
const server = await startBenchServer();
try {
  const load: Load = { latencies: [], failures: 0, seconds: 0 };
  await runSlice(load, pairStep(server.info, 0)); // warm-up, not profiled
  const warm = load.latencies.length;
  load.seconds = 0;
  await server.ask('profile');
  for (let round = 1; load.seconds < Number(secondsArg); round++)
    await runSlice(load, pairStep(server.info, round));
  await server.ask(`profile-stop ${file}`);
  const pairs = load.latencies.length - warm;
  process.stdout.write(
    `http: ${pairs} pairs in ${load.seconds.toFixed(1)} s (${(pairs / load.seconds).toFixed(0)}/s), ${load.failures} failed; server profile in ${file}\n\n`,
  );
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  process.stdout.write(`${formatProfileSummary(profile, 40).join('\n')}\n`);
} finally {
  server.stop();
}
