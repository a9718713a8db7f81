/**
 * Time to shrink a long failing run to its minimal counterexample: a bug
 * switch found from scratch with runs of up to 1,000 steps without shrinking
 * (fast-check's endOnFailure), then that failing run replayed from its path
 * and shrunk: the time of the second is the shrink time (one replay of the
 * failing run included). The failing runs are as long as generation makes
 * them (the first violation ends a run), stated beside each figure.
 */
import type { BugName } from '../../model/bugs.ts';
import { findProfile } from '../../model/profiles/index.ts';
import { DIFFERENTIAL } from '../../properties/catalogue.ts';
import { runProperty } from '../../properties/run-property.ts';
import { round, timed } from '../measure.ts';
import { atMost, type BenchGroup, type Row } from '../types.ts';

/** Fixed cases: the longest failing runs among the seeds tried (v5.5, runs of up to 1,000 steps). */
const CASES: ReadonlyArray<{ bug: BugName; seed: number }> = [
  { bug: 'node-span-not-hull', seed: 5 },
  { bug: 'valid-zones-order', seed: 5 },
];

export const shrink: BenchGroup = {
  name: 'shrink',
  describe: 'time to shrink a failing run of up to 1,000 steps found from scratch (differential, v5.5)',
  run({ quick }) {
    const profile = findProfile('v5.5')!;
    const figures: Record<string, unknown> = {};
    const rows: Row[] = [];
    for (const c of quick ? CASES.slice(0, 1) : CASES) {
      const req = { profile, property: DIFFERENTIAL, seed: c.seed, numRuns: 100, maxSteps: 1000, bugs: new Set([c.bug]) };
      const found = timed(() => runProperty({ ...req, shrink: false }));
      const path = found.value.path;
      if (path === undefined) throw new Error(`${c.bug}: seed ${c.seed} finds no failure`);
      const shrunk = timed(() => runProperty({ ...req, path }));
      const failingRunSteps = (found.value.counterexample?.failingStep ?? -1) + 1;
      const shrinkMs = round(shrunk.cpuMs, 0);
      figures[c.bug] = {
        seed: c.seed,
        failingRunSteps,
        minimalSteps: (shrunk.value.counterexample?.failingStep ?? -1) + 1,
        numShrinks: shrunk.value.numShrinks,
        path,
        findMs: round(found.cpuMs, 0),
        replayAndShrinkMs: shrinkMs,
      };
      rows.push({
        figure: `shrink ${c.bug}: ${failingRunSteps} → ${(shrunk.value.counterexample?.failingStep ?? -1) + 1} steps`,
        value: round(shrinkMs / 1000, 2),
        unit: 's',
        target: '< 10 s (1,000 steps)',
        ...atMost(shrinkMs / 1000, 10),
      });
    }
    return { figures, rows };
  },
};
