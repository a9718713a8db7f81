/**
 * Time to shrink a long failing run to its minimal counterexample: a bug
 * switch found from scratch without shrinking (fast-check's endOnFailure),
 * then that failing run replayed from its path and shrunk: the time of the
 * second is the shrink time (one replay of the failing run included),
 * median of REPEATS repetitions. Each case is shrunk twice: as `memhp run`
 * shrinks (shrink candidates replay the prefix they share with the last
 * failing run apply-only, properties/prefix-cache.ts), and with every
 * candidate run from boot, checked throughout (the way before); both must
 * give the same counterexample.
 */
import type { BugName } from '../../model/bugs.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { DIFFERENTIAL } from '../../properties/catalogue.ts';
import { runProperty, type PropertyRequest } from '../../properties/run-property.ts';
import { median } from '../../regressions/time-to-bug.ts';
import { round, stepsOf, timed } from '../measure.ts';
import { atMost, type BenchGroup, type Row } from '../types.ts';

/**
 * Fixed cases (v5.5). The first is the long case: `offline-node-scan`
 * (B-9, model/bugs.ts) needs two never-onlined DIMMs on node 1 and the
 * removal of one, which plain generation seldom puts together; with runs of
 * up to 2,000 steps, seed 3's first failing run (run 2, path "1") fails at
 * step 1,479. Seeds 1, 2 and 4 fail at steps 591, 125 and 155.
 */
const CASES: ReadonlyArray<{ bug: BugName; seed: number; maxSteps: number; numRuns: number }> = [
  { bug: 'offline-node-scan', seed: 3, maxSteps: 2000, numRuns: 20 },
  { bug: 'node-span-not-hull', seed: 5, maxSteps: 1000, numRuns: 100 },
  { bug: 'valid-zones-order', seed: 5, maxSteps: 1000, numRuns: 100 },
];

const REPEATS = 5;

export const shrink: BenchGroup = {
  name: 'shrink',
  describe: `time to shrink a failing run found from scratch, replayed from its path (differential, v5.5), median of ${REPEATS}; with prefix replay and from boot`,
  run({ quick }) {
    const profile = findProfile('v5.5')!;
    const figures: Record<string, unknown> = {};
    const rows: Row[] = [];
    for (const c of quick ? CASES.slice(1, 2) : CASES) {
      const req: PropertyRequest = { profile, property: DIFFERENTIAL, seed: c.seed, numRuns: c.numRuns, maxSteps: c.maxSteps, bugs: new Set([c.bug]) };
      const found = timed(() => runProperty({ ...req, shrink: false }));
      const path = found.value.path;
      if (path === undefined) throw new Error(`${c.bug}: seed ${c.seed} finds no failure`);
      const failingRunSteps = (found.value.counterexample?.failingStep ?? -1) + 1;
      const reps = quick ? 1 : REPEATS;
      const replayed = Array.from({ length: reps }, () => timed(() => runProperty({ ...req, path })));
      const fromBoot = timed(() => runProperty({ ...req, path, replayPrefixes: false }));
      const shrunk = replayed[0]!.value;
      const same = JSON.stringify(shrunk.counterexample?.steps) === JSON.stringify(fromBoot.value.counterexample?.steps) && shrunk.numShrinks === fromBoot.value.numShrinks;
      if (!same) throw new Error(`${c.bug}: prefix replay shrank to another counterexample than shrinking from boot`);
      const minimalSteps = (shrunk.counterexample?.failingStep ?? -1) + 1;
      const ms = median(replayed.map((r) => r.cpuMs))!;
      figures[c.bug] = {
        seed: c.seed,
        maxSteps: c.maxSteps,
        failingRunSteps,
        minimalSteps,
        numShrinks: shrunk.numShrinks,
        path,
        replayPath: shrunk.replayPath ?? null,
        findMs: round(found.cpuMs, 0),
        replayAndShrinkMs: round(ms, 0),
        replayAndShrinkMsEach: replayed.map((r) => round(r.cpuMs, 0)),
        /** Steps executed while shrinking (both kinds), from the run's own counts. */
        stepsExecuted: stepsOf(shrunk),
        fromBootMs: round(fromBoot.cpuMs, 0),
      };
      rows.push({
        figure: `shrink ${c.bug}: ${failingRunSteps} → ${minimalSteps} steps (median of ${reps}; from boot ${round(fromBoot.cpuMs / 1000, 1)} s)`,
        value: round(ms / 1000, 2),
        unit: 's',
        target: '< 10 s (1,000 steps)',
        ...atMost(ms / 1000, 10),
      });
    }
    return { figures, rows };
  },
};
