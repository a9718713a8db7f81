/**
 * `npm run bench:long [-- --steps N]`: a long differential run (default 10
 * million steps) in chunks of fast-check runs over every profile in turn,
 * recording the heap after a full GC after each chunk. The figure is the
 * bound: the largest heap seen, against the heap after the first chunk.
 * Progress goes to bench/long-results.json after every chunk, so a run cut
 * short still leaves its figures. A chunk that fails (a divergence the long
 * run found) is recorded with its seed and path, and the run goes on.
 */
import { writeFileSync } from 'node:fs';
import { PROFILES } from '../model/profiles/index.ts';
import { DIFFERENTIAL } from '../properties/catalogue.ts';
import { runProperty } from '../properties/run-property.ts';
import { deriveSeed } from '../properties/seeds.ts';
import { heapUsed, round, stepsOf, timed } from './measure.ts';

const arg = process.argv.indexOf('--steps');
const target = arg > 0 ? Number(process.argv[arg + 1]) : 10_000_000;
const out = 'bench/long-results.json';
const RUNS_PER_CHUNK = 400;
const MAX_STEPS = 120;

const samples: Array<{ steps: number; cpuS: number; heapMiB: number; rssMiB: number }> = [];
const failures: Array<{ chunk: number; profile: string; seed: number; path: string }> = [];
let steps = 0;
let cpu = 0;
const heap0 = heapUsed();
for (let chunk = 0; steps < target; chunk++) {
  const profile = PROFILES[chunk % PROFILES.length]!;
  const t = timed(() =>
    runProperty({ profile, property: DIFFERENTIAL, seed: deriveSeed(42, `long/${chunk}`), numRuns: RUNS_PER_CHUNK, maxSteps: MAX_STEPS }),
  );
  // a failure (a divergence found by the long run) is recorded and the run goes on: the figure is memory
  if (t.value.status !== 'passed') failures.push({ chunk, profile: profile.name, seed: t.value.seed, path: t.value.path ?? '' });
  steps += stepsOf(t.value);
  cpu += t.cpuMs / 1000;
  samples.push({ steps, cpuS: round(cpu, 1), heapMiB: round(heapUsed() / 2 ** 20, 1), rssMiB: round(process.memoryUsage().rss / 2 ** 20, 1) });
  const heaps = samples.map((s) => s.heapMiB);
  const result = {
    what: 'differential property (reference vs optimized, every step compared), every profile in turn, chunks of 400 runs × ≤120 steps',
    targetSteps: target,
    steps,
    complete: steps >= target,
    cpuSeconds: round(cpu, 1),
    stepsPerCpuSecond: Math.round(steps / cpu),
    heapBeforeMiB: round(heap0 / 2 ** 20, 1),
    heapAfterFirstChunkMiB: heaps[0],
    heapMaxMiB: Math.max(...heaps),
    heapLastMiB: heaps.at(-1),
    maxRssMiB: round(process.resourceUsage().maxRSS / 1024, 1),
    failures,
    samples,
  };
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${steps} steps, ${round(cpu, 0)} s CPU, heap ${samples.at(-1)!.heapMiB} MiB (max ${result.heapMaxMiB}), rss ${samples.at(-1)!.rssMiB} MiB\n`);
}
