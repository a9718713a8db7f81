/**
 * A report's replay commands run from its directory (report.html says so):
 * a patch profile file given on the command line is named relative to it; a
 * profile name stays as it is.
 */
import { relative, resolve, sep } from 'node:path';
import { looksLikeProfileFile } from '../engine/patch-profile.ts';

export function profileFromReportDir(arg: string, reportDir: string | undefined): string {
  if (reportDir === undefined || !looksLikeProfileFile(arg)) return arg;
  return relative(resolve(reportDir), resolve(arg)).split(sep).join('/');
}
