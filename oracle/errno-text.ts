/**
 * The guest shell reports a failed sysfs write as "sh: write error: <strerror>"
 * and a missing file as "can't create …: nonexistent directory"; this maps
 * that text back to the errno the kernel returned.
 */
import type { Outcome } from '../model/outcome.ts';

const STRERROR: ReadonlyArray<readonly [string, Outcome]> = [
  ['Invalid argument', '-EINVAL'],
  ['Device or resource busy', '-EBUSY'],
  ['No such file or directory', '-ENOENT'],
  ['nonexistent directory', '-ENOENT'],
  ['Operation not permitted', '-EPERM'],
  ['Out of memory', '-ENOMEM'],
  ['Cannot allocate memory', '-ENOMEM'],
  ['No such device or address', '-ENXIO'],
  ['No such device', '-ENODEV'],
  ['File exists', '-EEXIST'],
  ['Numerical result out of range', '-ERANGE'],
  ['Result not representable', '-ERANGE'],
  ['Argument list too long', '-E2BIG'],
  ['Interrupted system call', '-EINTR'],
  ['Memory page has hardware error', '-EHWPOISON'],
];

/** The errno in a failed write's message, or undefined when the text names none we know. */
export function errnoOfMessage(text: string): Outcome | undefined {
  for (const [needle, outcome] of STRERROR) if (text.includes(needle)) return outcome;
  return undefined;
}
