/** `memhp regressions`: every pinned kernel bug, checked three ways, as one table. */
import { progress } from './progress.ts';
import { dirname, join } from 'node:path';
import { loadRegressions, REGRESSIONS_DIR } from '../regressions/load.ts';
import { runEntry } from '../regressions/run.ts';
import { renderTable, summaryLine } from '../regressions/table.ts';
import { UsageError } from '../base/usage-error.ts';
import { EXIT_FAILED, EXIT_OK } from './errors.ts';
import { regressionsReportJson } from '../reports/regressions-report.ts';
import { prepareReportDir, writeReport } from '../reports/write.ts';
import { stopNote, uninterruptible } from '../base/interruption.ts';
import { formatKtap, type KtapTest } from '../reports/ktap.ts';
import type { EntryReport } from '../regressions/run.ts';

export interface RegressionsOptions {
  /** Only these ids (B-5, …); all when empty. */
  readonly only: readonly string[];
  readonly verbose: boolean;
  /** Report directory (default reports/out/regressions). */
  readonly out?: string;
  /** `ktap`: one KTAP test point per entry instead of the table. */
  readonly format?: 'text' | 'ktap';
}

/** One test point per catalogue entry; pending and not-expressible entries are skipped. */
export function regressionsKtap(rows: readonly EntryReport[], headline: string): string {
  const tests: KtapTest[] = rows.map((r) => {
    const m = r.entry.meta;
    const name = `${m.id} ${m.title}`;
    if (m.status === 'pending') return { name, ok: true, skip: `pending: ${m.pending}` };
    if (m.status === 'not-expressible') return { name, ok: true, skip: 'not expressible' };
    return { name, ok: r.verdict !== 'FAIL', diagnostics: r.checks.filter((c) => !c.verdict.ok).map((c) => `${c.name}: ${c.verdict.detail}`) };
  });
  return formatKtap(tests, [headline]);
}

export function regressionsCommand(opts: RegressionsOptions): number {
  const all = loadRegressions(dirname(REGRESSIONS_DIR));
  for (const id of opts.only) {
    if (!all.some((e) => e.meta.id === id)) throw new UsageError(`unknown regression "${id}" (known: ${all.map((e) => e.meta.id).join(', ')})`);
  }
  const entries = opts.only.length === 0 ? all : all.filter((e) => opts.only.includes(e.meta.id));
  const dir = opts.out ?? join('reports', 'out', 'regressions');
  prepareReportDir(dir);
  // The table prints at the end, after up to a minute: a log shows at once that the work started, and how far it got.
  const shown = progress(process.stderr);
  const rows = entries.map((entry, i) => {
    stopNote(`at ${entry.meta.id}, after ${i} of ${entries.length} entries; no report written`);
    if (i === 0) shown.note(`memhp regressions: ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'}`);
    shown.update(`memhp regressions: ${entry.meta.id}, ${i + 1} of ${entries.length}`);
    return runEntry(entry);
  });
  shown.done();
  const out = [renderTable(rows, { timings: true })];
  for (const r of rows) {
    for (const c of r.checks) {
      if (opts.verbose || !c.verdict.ok) out.push(`${r.entry.meta.id} ${c.name}: ${c.verdict.ok ? 'ok' : 'FAILED'}: ${c.verdict.detail}\n`);
    }
  }
  out.push(`memhp: ${summaryLine(rows)}\n`);
  const report = uninterruptible(() => {
    const json = writeReport(dir, regressionsReportJson(rows, opts.only));
    stopNote(`after all ${entries.length} entries; report written to ${json}`);
    return json;
  });
  out.push(`report: ${report}\n`);
  process.stdout.write(opts.format === 'ktap' ? regressionsKtap(rows, `memhp regressions: ${summaryLine(rows)}; report: ${report}`) : out.join(''));
  return rows.some((r) => r.verdict === 'FAIL') ? EXIT_FAILED : EXIT_OK;
}
