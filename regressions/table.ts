/**
 * The regressions table: one row per catalogue entry, in Markdown. The
 * README copy leaves the timing column out so that it is deterministic.
 */
import type { RegressionEntry } from './load.ts';

export interface RegressionRow {
  readonly entry: RegressionEntry;
  /** `ok`, `FAIL`, `pending`, `not expressible`. */
  readonly verdict: string;
  /** Runs to the first failure from scratch (executable entries). */
  readonly runs?: number;
  /** Milliseconds to detect from scratch (printed by the CLI, never committed). */
  readonly ms?: number;
  readonly shrunk?: number;
}

const cell = (s: string): string => s.replaceAll('|', '\\|');

function fixCell(e: RegressionEntry): string {
  const f = e.meta.fix;
  if (f.id === null) return 'no id';
  return f.verified ? f.id : `${f.id} (unverified)`;
}

function profileCell(e: RegressionEntry): string {
  const m = e.meta;
  if (m.status === 'executable') return m.historical !== undefined ? `${m.profile} (lived in ${m.historical.profile})` : m.profile;
  if (m.status === 'pending') return m.profile;
  return '—';
}

function caughtCell(e: RegressionEntry): string {
  const m = e.meta;
  if (m.status === 'executable') return `${m.caughtBy} @${m.caughtAtStep} (\`${m.inject}\`)`;
  if (m.status === 'pending') return m.caughtBy !== undefined ? `${m.caughtBy} (planned)` : '—';
  return '—';
}

export function renderTable(rows: readonly RegressionRow[], opts: { timings: boolean }): string {
  const head = ['id', 'title', 'fix', 'profile', 'caught by', 'runs', ...(opts.timings ? ['ms'] : []), 'shrunk/pinned', 'status'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const r of rows) {
    const e = r.entry;
    const shrunk = r.shrunk !== undefined ? `${r.shrunk}/${e.pinnedSteps}` : '—';
    const status = e.meta.status === 'pending' ? `pending: ${e.meta.pending}` : e.meta.status === 'not-expressible' ? 'not expressible' : r.verdict;
    const cells = [
      e.meta.id,
      e.meta.title,
      fixCell(e),
      profileCell(e),
      caughtCell(e),
      r.runs !== undefined ? String(r.runs) : '—',
      ...(opts.timings ? [r.ms !== undefined ? String(Math.round(r.ms)) : '—'] : []),
      shrunk,
      status,
    ];
    lines.push(`| ${cells.map(cell).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

export function summaryLine(rows: readonly RegressionRow[]): string {
  const count = (s: string) => rows.filter((r) => r.entry.meta.status === s).length;
  const failed = rows.filter((r) => r.verdict === 'FAIL').length;
  return `${rows.length} entries: ${count('executable')} executable (${count('executable') - failed} behave, ${failed} fail), ${count('pending')} pending, ${count('not-expressible')} not expressible`;
}
