/**
 * Time to bug: for each executable regression, its from-scratch
 * search over seeds 1–10 (regressions/time-to-bug.ts), with the target that
 * every seed finds it in under 10 s of CPU and the median is under 1 s. Each
 * seed gets 3,000 runs rather than the entry's test budget of 300, so that a
 * seed that needs more runs is timed instead of counted as lost; the seed
 * still has to find it within the 10 s. Each entry is searched twice: with
 * the plain generation its pinned seed uses, and with state-aware resolution
 * (properties/state-aware.ts), which the target is judged on; the rows say
 * which entries the state-aware search finds more slowly.
 */
import { dirname } from 'node:path';
import { loadRegressions, REGRESSIONS_DIR } from '../../regressions/load.ts';
import { TIME_TO_BUG_SEEDS, timeToBug, type TimeToBug } from '../../regressions/time-to-bug.ts';
import { round } from '../measure.ts';
import type { BenchGroup, Row } from '../types.ts';

const MEDIAN_LIMIT_S = 1;
const EACH_LIMIT_S = 10;
const RUNS_PER_SEED = 3000;

/** Seeds that found the bug but shrank it beyond the entry's slack: the shrinker's part, not the generator's. */
function longShrinks(t: TimeToBug): string {
  const n = t.attempts.filter((a) => a.found && !a.shrunkSmall).length;
  return n === 0 ? '' : `; ${n} shrunk beyond slack`;
}

function summary(t: TimeToBug, seeds: number): unknown {
  return {
    foundBy: `${t.foundBy}/${seeds}`,
    medianRuns: t.medianRuns ?? null,
    medianMs: t.medianMs === undefined ? null : round(t.medianMs, 0),
    maxMs: t.maxMs === undefined ? null : round(t.maxMs, 0),
    perSeed: t.attempts.map((a) => ({ seed: a.seed, found: a.found, shrunkWithinSlack: a.shrunkSmall, runs: a.runs, ms: round(a.cpuMs, 0), ...(a.shrunkSteps === undefined ? {} : { shrunkSteps: a.shrunkSteps }) })),
  };
}

export const timeToBugGroup: BenchGroup = {
  name: 'time-to-bug',
  describe: 'CPU time and runs until each executable regression is found from scratch and shrunk, seeds 1–10, up to 3,000 runs each; plain generation and state-aware resolution',
  run({ quick }) {
    const seeds = quick ? TIME_TO_BUG_SEEDS.slice(0, 3) : TIME_TO_BUG_SEEDS;
    const entries = loadRegressions(dirname(REGRESSIONS_DIR)).filter((e) => e.meta.status === 'executable');
    const figures: Record<string, unknown> = {};
    const rows: Row[] = [];
    let meeting = 0;
    const slower: string[] = [];
    const moreRuns: string[] = [];
    for (const e of entries) {
      const plain = timeToBug(e, seeds, RUNS_PER_SEED);
      const t = timeToBug(e, seeds, RUNS_PER_SEED, true);
      figures[t.id] = { plain: summary(plain, seeds.length), stateAware: summary(t, seeds.length) };
      if (t.foundBy < plain.foundBy || (t.medianMs ?? Infinity) > (plain.medianMs ?? Infinity)) slower.push(t.id);
      if (t.foundBy < plain.foundBy || (t.medianRuns ?? Infinity) > (plain.medianRuns ?? Infinity)) moreRuns.push(t.id);
      const medianS = (t.medianMs ?? Number.POSITIVE_INFINITY) / 1000;
      const maxS = (t.maxMs ?? Number.POSITIVE_INFINITY) / 1000;
      const allFound = t.foundBy === seeds.length;
      const met = allFound && medianS < MEDIAN_LIMIT_S && maxS < EACH_LIMIT_S;
      if (met) meeting++;
      const why = !allFound ? `found by ${t.foundBy}/${seeds.length} seeds` : medianS >= MEDIAN_LIMIT_S ? `median ×${(medianS / MEDIAN_LIMIT_S).toFixed(1)} over` : `slowest seed ×${(maxS / EACH_LIMIT_S).toFixed(1)} over`;
      rows.push({
        figure: `time to bug ${t.id}, state-aware (median of ${t.foundBy}/${seeds.length} seeds, ${t.medianRuns ?? '—'} runs; slowest ${t.maxMs === undefined ? '—' : round(t.maxMs / 1000, 2)} s${longShrinks(t)}; plain: ${plain.foundBy}/${seeds.length}, ${plain.medianRuns ?? '—'} runs, ${plain.medianMs === undefined ? '—' : round(plain.medianMs / 1000, 2)} s)`,
        value: Number.isFinite(medianS) ? round(medianS, 2) : -1,
        unit: 's',
        target: `every seed < ${EACH_LIMIT_S} s, median < ${MEDIAN_LIMIT_S} s`,
        ...(met ? { met: true } : { met: false, missedBy: why }),
      });
    }
    rows.push({ figure: 'time to bug: regressions meeting the target (state-aware)', value: meeting, unit: `of ${entries.length}`, target: `all ${entries.length}`, ...(meeting === entries.length ? { met: true } : { met: false, missedBy: `${entries.length - meeting} short` }) });
    rows.push({ figure: `time to bug: entries whose median CPU is higher state-aware than plain${slower.length > 0 ? ` (${slower.join(', ')})` : ''}`, value: slower.length, unit: `of ${entries.length}`, target: 'none', ...(slower.length === 0 ? { met: true } : { met: false, missedBy: `${slower.length} slower` }) });
    rows.push({ figure: `time to bug: entries whose median runs are more state-aware than plain${moreRuns.length > 0 ? ` (${moreRuns.join(', ')})` : ''}`, value: moreRuns.length, unit: `of ${entries.length}`, target: 'none', ...(moreRuns.length === 0 ? { met: true } : { met: false, missedBy: `${moreRuns.length} more` }) });
    return { figures, rows };
  },
};
