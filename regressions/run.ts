/**
 * Runs every regression entry through its checks and gathers one row per
 * entry for the table. Shared by `memhp regressions`, the README writer and
 * the tests.
 */
import { performance } from 'node:perf_hooks';
import type { RegressionEntry } from './load.ts';
import type { RegressionRow } from './table.ts';
import { foundFromScratch, historicalShows, pinnedPasses, switchCaught, type Verdict } from './verify.ts';

export interface EntryReport extends RegressionRow {
  /** Every check's verdict, labelled, for the CLI's detail lines. */
  readonly checks: ReadonlyArray<{ readonly name: string; readonly verdict: Verdict }>;
}

export function runEntry(entry: RegressionEntry): EntryReport {
  if (entry.meta.status !== 'executable') return { entry, verdict: entry.meta.status, checks: [] };
  const checks: Array<{ name: string; verdict: Verdict }> = [
    { name: 'pinned', verdict: pinnedPasses(entry) },
    { name: 'switch', verdict: switchCaught(entry) },
  ];
  const t0 = performance.now();
  const scratch = foundFromScratch(entry);
  const ms = performance.now() - t0;
  checks.push({ name: 'scratch', verdict: scratch });
  const hist = historicalShows(entry);
  if (hist !== undefined) checks.push({ name: 'historical', verdict: hist });
  const ok = checks.every((c) => c.verdict.ok);
  return {
    entry,
    verdict: ok ? 'ok' : 'FAIL',
    checks,
    ms,
    ...(scratch.result.status === 'failed' ? { runs: scratch.result.numRuns } : {}),
    ...(scratch.shrunkSteps !== undefined ? { shrunk: scratch.shrunkSteps } : {}),
  };
}
