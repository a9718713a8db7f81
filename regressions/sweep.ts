/**
 * `npm run regressions:seeds [-- B-5 B-7 …]`: runs each executable entry's
 * from-scratch search with seeds 1–10 (its own budget, steps and slack) and
 * prints how many find it, the median runs and CPU milliseconds to detection,
 * and the seed that finds it in the fewest runs — the rule the entries' seeds
 * were chosen by (a `!` marks a seed whose counterexample shrank beyond the
 * entry's slack). Not part of npm test: it takes a minute or two.
 */
import { dirname } from 'node:path';
import { loadRegressions, REGRESSIONS_DIR } from './load.ts';
import { TIME_TO_BUG_SEEDS, timeToBug } from './time-to-bug.ts';

const only = process.argv.slice(2);
const entries = loadRegressions(dirname(REGRESSIONS_DIR)).filter(
  (e) => e.meta.status === 'executable' && (only.length === 0 || only.includes(e.meta.id)),
);
const lines = ['| id | found by | median runs | median ms | best seed (runs) | chosen seed | per seed: runs/shrunk |', '|---|---|---|---|---|---|---|'];
for (const e of entries) {
  if (e.meta.status !== 'executable') continue;
  const t = timeToBug(e);
  const best = t.attempts.filter((a) => a.shrunkSmall).sort((a, b) => a.runs - b.runs || a.seed - b.seed)[0];
  const cells = t.attempts.map((a) => (a.found ? `${a.seed}:${a.runs}/${a.shrunkSteps}${a.shrunkSmall ? '' : '!'}` : `${a.seed}:—`));
  lines.push(
    `| ${e.meta.id} | ${t.foundBy}/${TIME_TO_BUG_SEEDS.length} | ${t.medianRuns ?? '—'} | ${t.medianMs === undefined ? '—' : Math.round(t.medianMs)} | ${best ? `${best.seed} (${best.runs})` : '—'} | ${e.meta.fromScratch.seed} | ${cells.join(' ')} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
