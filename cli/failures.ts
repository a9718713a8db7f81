/**
 * `memhp failures list|clear`: the failure database of engine/failure-db.ts,
 * where `memhp run` keeps every counterexample it found.
 */
import { basename } from 'node:path';
import { clearFailures, DEFAULT_FAILURES_DIR, listFailures } from '../engine/failure-db.ts';
import { UsageError } from '../engine/machine.ts';
import { EXIT_OK } from './errors.ts';

/** The database directory: the option, else MEMHP_FAILURES_DIR, else .memhp/failures. */
export function failuresDir(option: string | undefined): string {
  const dir = option ?? process.env.MEMHP_FAILURES_DIR ?? DEFAULT_FAILURES_DIR;
  if (dir.trim() === '') throw new UsageError('the failure database directory is empty (--failures-dir or MEMHP_FAILURES_DIR)');
  return dir;
}

export function failuresListCommand(dir: string): number {
  const all = listFailures(dir);
  if (all.length === 0) {
    process.stdout.write(`no saved failures in ${dir}\n`);
    return EXIT_OK;
  }
  process.stdout.write(`${all.length} saved failure(s) in ${dir}:\n`);
  for (const f of all) {
    const inject = f.inject.length === 0 ? '' : `  --inject ${f.inject.join(' --inject ')}`;
    process.stdout.write(`  ${basename(f.file)}  ${f.profile} › ${f.property}  seed ${f.seed}${inject}\n`);
  }
  process.stdout.write(`replay one: npx memhp replay ${dir}/<file> --impl both\n`);
  return EXIT_OK;
}

export function failuresClearCommand(dir: string): number {
  const n = clearFailures(dir);
  process.stdout.write(`removed ${n} saved failure(s) from ${dir}\n`);
  return EXIT_OK;
}
