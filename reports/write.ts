/**
 * Writes a report directory — report.json, summary.md, report.html and one
 * scenario file per counterexample — from one document, validated first.
 * Every command (run, replay, diff, regressions) calls this. The files go in
 * whole or not at all, report.json last (base/atomic-file.ts).
 */
import { join } from 'node:path';
import { prepareOutputDir, removeStaleTemps, writeFilesAtomically, type OutputFile } from '../base/atomic-file.ts';
import { UsageError } from '../base/usage-error.ts';
import { MAX_REPORT_BYTES, readUserFile } from '../base/read-file.ts';
import { shownFile } from '../base/error-line.ts';
import { renderHtml } from './html.ts';
import { reportSchema, schemaErrorLine, type ReportJson } from './schema.ts';
import { stableStringify } from './stable-json.ts';
import { renderSummary } from './summary.ts';

/**
 * A report directory checked before the work that fills it: created, proven
 * writable (one line, exit 2, otherwise), and cleared of the temporary files
 * of runs that died while writing into it.
 */
export function prepareReportDir(dir: string): void {
  prepareOutputDir(dir, 'report directory');
  removeStaleTemps(dir, ['counterexamples']);
}

/**
 * Writes the directory and returns the path of report.json; `extra` files
 * (a shard record) join the same all-or-nothing write. Throws if the document
 * breaks the schema (a bug in memhp).
 */
export function writeReport(dir: string, doc: ReportJson, extra: readonly OutputFile[] = []): string {
  const checked = reportSchema.safeParse(doc);
  if (!checked.success) throw new Error(`report.json would not be valid: ${schemaErrorLine(checked.error)}`);
  writeFilesAtomically(
    dir,
    [
      ...doc.counterexamples.map((cx) => ({ name: cx.file, data: cx.scenario })),
      ...extra,
      { name: 'summary.md', data: renderSummary(doc) },
      { name: 'report.html', data: renderHtml(doc) },
      { name: 'report.json', data: stableStringify(doc) },
    ],
    'report.json',
  );
  return join(dir, 'report.json');
}

/** Reads and validates a report.json; a bad file is a one-line UsageError naming the JSON path. */
export function readReport(file: string): ReportJson {
  const text = readUserFile(file, MAX_REPORT_BYTES, 'report');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${shownFile(file)}: not JSON (${err instanceof Error ? err.message.split('\n')[0] : 'parse error'})`);
  }
  const checked = reportSchema.safeParse(data);
  if (!checked.success) throw new UsageError(`${shownFile(file)}: ${schemaErrorLine(checked.error)}`);
  return checked.data;
}
