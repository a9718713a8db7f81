/**
 * Every way bad input reaches the CLI ends here: one line on stderr and
 * exit 2. Anything else is a bug in memhp: one line too, exit 3, and the
 * stack only when MEMHP_DEBUG is set.
 * Messages become one line through errorLine() (base/error-line.ts).
 */
import { UsageError } from '../base/usage-error.ts';
import { CapacityError } from '../model/capacity.ts';
import { SettingsError } from '../properties/settings.ts';
import { ScenarioError } from '../scenario/index.ts';
import { errorLine } from '../base/error-line.ts';

export { clip, errorLine, excerpt, shownFile, EXCERPT_MAX, LINE_MAX } from '../base/error-line.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 3;

export function isBadInput(e: unknown): e is Error {
  return e instanceof UsageError || e instanceof ScenarioError || e instanceof SettingsError || e instanceof CapacityError;
}

/** What reportError writes for `e`, and the exit code (the fuzz tier calls this in-process). */
export function errorReport(e: unknown, debug = process.env.MEMHP_DEBUG): { text: string; code: number } {
  if (isBadInput(e)) return { text: `memhp: ${errorLine(e.message)}\n`, code: EXIT_BAD_INPUT };
  const message = e instanceof Error ? e.message : String(e);
  const first = message.split('\n')[0] ?? '';
  let text = `memhp: internal error: ${errorLine(first)} (set MEMHP_DEBUG=1 for the stack)\n`;
  if (debug && e instanceof Error && e.stack) text += `${e.stack}\n`;
  return { text, code: EXIT_INTERNAL };
}

export function reportError(e: unknown): number {
  const { text, code } = errorReport(e);
  process.stderr.write(text);
  return code;
}
