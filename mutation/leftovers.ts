/**
 * What a Stryker run leaves behind when it is stopped: its sandbox under
 * .stryker-tmp/ (Stryker deletes it only when it ends by itself) and the
 * temporary files of the kill set's tests (a test-runner process Stryker
 * kills, after a timeout or at an interrupt, never reaches its teardown).
 * mutation/run.ts gives Stryker a TMPDIR of its own and removes it, and every
 * sandbox that appeared while it ran, however the run ends. Two runs in one
 * worktree at once are not supported anyway: they share reports/mutation/.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunLeftovers {
  /** The TMPDIR Stryker and its test runners get. */
  readonly tmpRoot: string;
  /** Stryker's tempDirName, resolved against the project root. */
  readonly sandboxParent: string;
  /** The sandboxes that were there before this run (another run's, kept). */
  readonly before: ReadonlySet<string>;
}

function entries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

export function prepareRun(root: string, tempDirName: string): RunLeftovers {
  const sandboxParent = join(root, tempDirName);
  return { tmpRoot: mkdtempSync(join(tmpdir(), 'memhp-mut-')), sandboxParent, before: new Set(entries(sandboxParent)) };
}

/** Removes the run's TMPDIR and the sandboxes it made (and their parent when nothing else is in it); answers what went. */
export function removeRunLeftovers(run: RunLeftovers): string[] {
  const removed: string[] = [];
  for (const name of entries(run.sandboxParent)) {
    if (run.before.has(name)) continue;
    rmSync(join(run.sandboxParent, name), { recursive: true, force: true });
    removed.push(join(run.sandboxParent, name));
  }
  if (existsSync(run.sandboxParent) && entries(run.sandboxParent).length === 0) rmSync(run.sandboxParent, { recursive: true, force: true });
  if (existsSync(run.tmpRoot)) {
    rmSync(run.tmpRoot, { recursive: true, force: true });
    removed.push(run.tmpRoot);
  }
  return removed;
}
