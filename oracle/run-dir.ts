/**
 * The temporary folder of one QEMU guest (/tmp/memhp-qemu-*) records which
 * process owns it, so that a run killed outright (SIGKILL, OOM) leaves nothing
 * behind for long: a small watchdog notices the owner gone and removes the
 * folder (QEMU itself dies through its parent-death signal), and the next
 * run clears any folder whose owner is dead anyway.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RUN_DIR_PREFIX = 'memhp-qemu-';
const OWNER_FILE = 'owner';

/** Field 22 of /proc/<pid>/stat: start time in clock ticks, so a reused pid is not taken for the owner. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count from its closing one.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

export function claimRunDir(dir: string): void {
  writeFileSync(join(dir, OWNER_FILE), `${process.pid} ${startTime(process.pid) ?? '?'}\n`);
}

/** Whether the process that wrote `owner` is still the one running under that pid. */
export function ownerAlive(owner: string): boolean {
  const [pidText, started] = owner.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  const now = startTime(pid);
  return now !== undefined && (started === '?' || started === now);
}

/** Removes the run folders under `tmp` whose owner is dead; folders without an owner file (being created) are left alone. */
export function clearStaleRunDirs(tmp: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(tmp).filter((n) => n.startsWith(RUN_DIR_PREFIX));
  } catch {
    return removed;
  }
  for (const n of names) {
    const dir = join(tmp, n);
    const owner = join(dir, OWNER_FILE);
    try {
      if (!statSync(dir).isDirectory() || !existsSync(owner)) continue;
      if (ownerAlive(readFileSync(owner, 'utf8'))) continue;
      rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // another run removed it first
    }
  }
  return removed;
}

/**
 * A detached shell that polls this process every half second; once it is gone
 * it kills QEMU (should the parent-death signal not have) and removes the
 * folder. The run's own cleanup kills the watchdog first.
 */
export function startWatchdog(qemuPid: number, dir: string): number | undefined {
  const script =
    'while kill -0 "$1" 2>/dev/null; do sleep 0.5; done; kill -KILL "$2" 2>/dev/null; sleep 0.2; rm -rf -- "$3"';
  const w = spawn('sh', ['-c', script, 'memhp-watchdog', String(process.pid), String(qemuPid), dir], {
    detached: true,
    stdio: 'ignore',
  });
  w.unref();
  return w.pid;
}

/** The same for a folder no QEMU runs in (saved guests): removed once this process is gone. */
export function startFolderWatchdog(dir: string): number | undefined {
  const script = 'while kill -0 "$1" 2>/dev/null; do sleep 0.5; done; rm -rf -- "$2"';
  const w = spawn('sh', ['-c', script, 'memhp-watchdog', String(process.pid), dir], { detached: true, stdio: 'ignore' });
  w.unref();
  return w.pid;
}
