/** What tests ask of other processes, from /proc. */
import { readFileSync } from 'node:fs';

/** Whether `pid` still runs (a zombie waiting to be reaped does not). */
export function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
