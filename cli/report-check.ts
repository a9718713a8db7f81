/** `memhp report check FILE`: is this a valid report.json (of run, replay, diff, regressions, or audit)? */
import { UsageError } from '../base/usage-error.ts';
import { auditReportSchema } from '../oracle/audit/report.ts';
import { readReport } from '../reports/write.ts';
import { schemaErrorLine } from '../reports/schema.ts';
import { EXIT_OK } from './errors.ts';
import { MAX_REPORT_BYTES, readUserFile } from '../base/read-file.ts';

export function reportCheckCommand(file: string): number {
  let data: unknown;
  try {
    data = JSON.parse(readUserFile(file, MAX_REPORT_BYTES, 'report'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    data = undefined;
  }
  // an audit report has its own schema (oracle/audit/report.ts); everything else is reports/schema.ts's
  if (typeof data === 'object' && data !== null && (data as { command?: unknown }).command === 'audit') {
    const checked = auditReportSchema.safeParse(data);
    if (!checked.success) throw new UsageError(`${file}: ${schemaErrorLine(checked.error)}`);
    process.stdout.write(`${file}: valid report (audit schema ${checked.data.schemaVersion}, memhp audit, ${checked.data.status})\n`);
    return EXIT_OK;
  }
  const r = readReport(file);
  process.stdout.write(`${file}: valid report (schema ${r.schemaVersion}, memhp ${r.command}, ${r.status})\n`);
  return EXIT_OK;
}
