/**
 * Every way bad input reaches the CLI ends here: one line on stderr and
 * exit 2. Anything else is a bug in memhp: one line too, exit 3, and the
 * stack only when MEMHP_DEBUG is set.
 */
import { UsageError } from '../engine/machine.ts';
import { CapacityError } from '../model/capacity.ts';
import { SettingsError } from '../properties/settings.ts';
import { ScenarioError } from '../scenario/index.ts';

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_BAD_INPUT = 2;
export const EXIT_INTERNAL = 3;

export function isBadInput(e: unknown): e is Error {
  return e instanceof UsageError || e instanceof ScenarioError || e instanceof SettingsError || e instanceof CapacityError;
}

export function reportError(e: unknown): number {
  if (isBadInput(e)) {
    process.stderr.write(`memhp: ${e.message}\n`);
    return EXIT_BAD_INPUT;
  }
  const message = e instanceof Error ? e.message : String(e);
  process.stderr.write(`memhp: internal error: ${message.split('\n')[0]} (set MEMHP_DEBUG=1 for the stack)\n`);
  if (process.env.MEMHP_DEBUG && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  return EXIT_INTERNAL;
}
