/**
 * Writes a report directory — report.json, summary.md, report.html and one
 * scenario file per counterexample — from one document, validated first.
 * Every command (run, replay, diff, regressions) calls this.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../engine/machine.ts';
import { MAX_REPORT_BYTES, readUserFile } from '../cli/read-file.ts';
import { shownFile } from '../cli/error-line.ts';
import { renderHtml } from './html.ts';
import { reportSchema, schemaErrorLine, type ReportJson } from './schema.ts';
import { stableStringify } from './stable-json.ts';
import { renderSummary } from './summary.ts';

/** Writes the directory and returns the path of report.json. Throws if the document breaks the schema (a bug in memhp). */
export function writeReport(dir: string, doc: ReportJson): string {
  const checked = reportSchema.safeParse(doc);
  if (!checked.success) throw new Error(`report.json would not be valid: ${schemaErrorLine(checked.error)}`);
  mkdirSync(dir, { recursive: true });
  for (const cx of doc.counterexamples) {
    const file = join(dir, cx.file);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, cx.scenario);
  }
  writeFileSync(join(dir, 'summary.md'), renderSummary(doc));
  writeFileSync(join(dir, 'report.html'), renderHtml(doc));
  const json = join(dir, 'report.json');
  writeFileSync(json, stableStringify(doc));
  return json;
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
