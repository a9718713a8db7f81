/** `memhp failures list|clear`: look at or empty the failure database (engine/failure-db.ts). */
import { clearFailures, loadFailures } from '../engine/failure-db.ts';
import { EXIT_OK } from './errors.ts';

export function failuresListCommand(dir: string): number {
  const { failures: saved, unreadable } = loadFailures(dir);
  for (const line of unreadable) process.stderr.write(`memhp: ${line}\n`);
  const lines = saved.map((f) => {
    const steps = f.parsed.steps.length;
    const inject = f.bugs.length > 0 ? `  inject ${f.bugs.join(' ')}` : '';
    const generation = f.generation !== undefined ? `  generation ${f.generation}` : '';
    return `${f.file}  ${f.profile} › ${f.property}  ${steps} step${steps === 1 ? '' : 's'}  seed ${f.seed}${inject}${generation}`;
  });
  lines.push(`${saved.length} saved failure${saved.length === 1 ? '' : 's'} in ${dir}${unreadable.length > 0 ? `; ${unreadable.length} unreadable, skipped` : ''}`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return EXIT_OK;
}

export function failuresClearCommand(dir: string): number {
  const n = clearFailures(dir);
  process.stdout.write(`removed ${n} saved failure${n === 1 ? '' : 's'} from ${dir}\n`);
  return EXIT_OK;
}
