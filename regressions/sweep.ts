/**
 * `npm run regressions:seeds [-- B-5 B-7 …]`: runs each executable entry's
 * from-scratch search with seeds 1–10 (its own budget, steps and slack) and
 * prints how many find it, the median runs and milliseconds to detection, and
 * the seed that finds it in the fewest runs — the rule the entries' seeds were
 * chosen by. Not part of npm test: it takes a minute or two.
 */
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadRegressions, REGRESSIONS_DIR } from './load.ts';
import { foundFromScratch } from './verify.ts';

const SEEDS = Array.from({ length: 10 }, (_, i) => i + 1);

function median(xs: readonly number[]): number | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2;
}

const only = process.argv.slice(2);
const entries = loadRegressions(dirname(REGRESSIONS_DIR)).filter(
  (e) => e.meta.status === 'executable' && (only.length === 0 || only.includes(e.meta.id)),
);
const lines = ['| id | found by | median runs | median ms | best seed (runs) | chosen seed | per seed: runs/shrunk |', '|---|---|---|---|---|---|---|'];
for (const e of entries) {
  if (e.meta.status !== 'executable') continue;
  const found: Array<{ seed: number; runs: number; ms: number }> = [];
  const cells: string[] = [];
  for (const seed of SEEDS) {
    const t0 = performance.now();
    const r = foundFromScratch(e, { seed });
    const ms = performance.now() - t0;
    if (r.ok) found.push({ seed, runs: r.result.numRuns, ms });
    cells.push(r.ok ? `${seed}:${r.result.numRuns}/${r.shrunkSteps}` : `${seed}:—`);
  }
  const best = [...found].sort((a, b) => a.runs - b.runs || a.seed - b.seed)[0];
  const mr = median(found.map((f) => f.runs));
  const mm = median(found.map((f) => f.ms));
  lines.push(
    `| ${e.meta.id} | ${found.length}/${SEEDS.length} | ${mr ?? '—'} | ${mm === undefined ? '—' : Math.round(mm)} | ${best ? `${best.seed} (${best.runs})` : '—'} | ${e.meta.fromScratch.seed} | ${cells.join(' ')} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
