/**
 * The report document of `memhp regressions`: one property entry per check
 * of each executable catalogue entry, and the table as the headline's detail.
 * Timings are left out so that equal runs give equal bytes.
 */
import type { EntryReport } from '../regressions/run.ts';
import { summaryLine } from '../regressions/table.ts';
import { reportHeader } from './build.ts';
import type { PropertyEntryJson, ReportJson } from './schema.ts';

function entryProperties(r: EntryReport): PropertyEntryJson[] {
  const meta = r.entry.meta;
  if (meta.status !== 'executable') return [];
  return r.checks.map((c) => ({
    profile: meta.profile,
    property: `${meta.id} ${c.name}`,
    status: c.verdict.ok ? 'passed' : 'failed',
    numRuns: c.name === 'scratch' && r.runs !== undefined ? r.runs : 0,
    numShrinks: 0,
    knownFindings: {},
    interestingStates: {},
  }));
}

export function regressionsReportJson(rows: readonly EntryReport[], only: readonly string[]): ReportJson {
  const failed = rows.some((r) => r.verdict === 'FAIL');
  const counts: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    const byVerdict = (counts[r.entry.meta.status] ??= {});
    byVerdict[r.verdict] = (byVerdict[r.verdict] ?? 0) + 1;
  }
  return {
    ...reportHeader(),
    command: 'regressions',
    seed: null,
    bugs: [],
    profiles: [...new Set(rows.flatMap((r) => (r.entry.meta.status === 'executable' ? [r.entry.meta.profile] : [])))].sort(),
    status: failed ? 'failed' : 'passed',
    headline: `memhp regressions${only.length > 0 ? ` ${only.join(' ')}` : ''}: ${summaryLine(rows).trim()}`,
    properties: rows.flatMap(entryProperties),
    counts,
    counterexamples: [],
  };
}
