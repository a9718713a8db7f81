/**
 * Time to bug, as fuzzing benchmarks (FuzzBench, Magma) report it: each
 * executable entry's from-scratch search (its own profile, switch, budget and
 * steps) repeated over seeds 1–10, with the runs and CPU milliseconds until
 * the counterexample was found and shrunk. `npm run regressions:seeds` prints
 * it per seed; `npm run bench` records it (bench/groups/time-to-bug.ts).
 */
import type { RegressionEntry } from './load.ts';
import { foundFromScratch } from './verify.ts';

export const TIME_TO_BUG_SEEDS: readonly number[] = Array.from({ length: 10 }, (_, i) => i + 1);

export interface SeedAttempt {
  readonly seed: number;
  /** Caught by the entry's check within the run budget. */
  readonly found: boolean;
  /** Found and shrunk within the entry's slack (what the regression test demands). */
  readonly shrunkSmall: boolean;
  /** fast-check runs until the failure (the whole budget when not found). */
  readonly runs: number;
  /** CPU time of the search, shrinking included. */
  readonly cpuMs: number;
  readonly shrunkSteps?: number;
}

export interface TimeToBug {
  readonly id: string;
  readonly attempts: readonly SeedAttempt[];
  readonly foundBy: number;
  readonly medianRuns?: number;
  readonly medianMs?: number;
  readonly maxMs?: number;
}

export function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2;
}

function cpu<T>(f: () => T): { value: T; ms: number } {
  const c0 = process.cpuUsage();
  const value = f();
  const c = process.cpuUsage(c0);
  return { value, ms: (c.user + c.system) / 1000 };
}

/**
 * `runs` overrides the entry's run budget (the bench gives each seed a larger one, and a time limit);
 * `stateAware` resolves the entry's generation with the biases of properties/state-aware.ts.
 */
export function timeToBug(entry: RegressionEntry, seeds: readonly number[] = TIME_TO_BUG_SEEDS, runs?: number, stateAware = false): TimeToBug {
  const attempts = seeds.map((seed): SeedAttempt => {
    const { value: r, ms } = cpu(() => foundFromScratch(entry, { seed, ...(runs === undefined ? {} : { runs }), ...(stateAware ? { stateAware } : {}) }));
    const base = { seed, found: r.found, shrunkSmall: r.ok, runs: r.result.numRuns, cpuMs: ms };
    return r.found && r.shrunkSteps !== undefined ? { ...base, shrunkSteps: r.shrunkSteps } : base;
  });
  const found = attempts.filter((a) => a.found);
  const medianRuns = median(found.map((a) => a.runs));
  const medianMs = median(found.map((a) => a.cpuMs));
  const maxMs = found.length === 0 ? undefined : Math.max(...found.map((a) => a.cpuMs));
  return {
    id: entry.meta.id,
    attempts,
    foundBy: found.length,
    ...(medianRuns === undefined ? {} : { medianRuns }),
    ...(medianMs === undefined ? {} : { medianMs }),
    ...(maxMs === undefined ? {} : { maxMs }),
  };
}
