/** `memhp report check FILE`: is this a valid report.json? */
import { readReport } from '../reports/write.ts';
import { EXIT_OK } from './errors.ts';

export function reportCheckCommand(file: string): number {
  const r = readReport(file);
  process.stdout.write(`${file}: valid report (schema ${r.schemaVersion}, memhp ${r.command}, ${r.status})\n`);
  return EXIT_OK;
}
