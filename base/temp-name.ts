/**
 * The temporary names of base/atomic-file.ts: `.<name>.memhp-tmp-<pid>-<8 hex>`
 * beside the file they become. The pid tells a dead run's leftovers (removed
 * at the next start) from a live run's files in flight (left alone); the
 * leading dot and the suffix keep them out of every reader's listing (a
 * failure file must end in `.scn`, a report file has a fixed name). Node
 * built-ins only: cli/supervise.ts loads this before anything else.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, unlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const TEMP = /^\..+\.memhp-tmp-(\d+)-[0-9a-f]{8}$/;

export function isTempName(name: string): boolean {
  return TEMP.test(name);
}

export function tempPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.memhp-tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes the temporary files of dead writers in dir (and its `sub` folders);
 * a live run's files in flight are left alone. Returns how many went.
 */
export function removeStaleTemps(dir: string, sub: readonly string[] = []): number {
  let n = 0;
  for (const d of [dir, ...sub.map((s) => join(dir, s))]) {
    for (const t of tempsIn(d)) {
      if (alive(t.pid)) continue;
      try {
        unlinkSync(t.path);
        n++;
      } catch {
        // another start got there first
      }
    }
  }
  return n;
}

/** The temporary files in dir with the pid that wrote each; none when dir cannot be read. */
function tempsIn(dir: string): Array<{ path: string; pid: number }> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const m = TEMP.exec(name);
    return m === null ? [] : [{ path: join(dir, name), pid: Number(m[1]) }];
  });
}

/** This process's temporary files in dir: what a stop leaves half-written. */
export function removeOwnTemps(dir: string): void {
  for (const t of tempsIn(dir)) if (t.pid === process.pid) rmSync(t.path, { force: true });
}
