/**
 * Global setup of the fast, acceptance and kernel-build tiers: every temporary file a test or the memhp
 * processes it starts make goes under one directory of this run (TMPDIR,
 * which os.tmpdir() reads and the test workers and children inherit), removed
 * when the run ends, so a run leaves nothing in the machine's /tmp. Each
 * vitest project runs this setup; the first one makes the directory. The
 * name is short: error lines quote file paths, and a path past 100
 * characters without a space is cut (base/error-line.ts). A run ended by a
 * signal that skips the teardown (SIGKILL, or vitest stopped before it)
 * leaves the directory to a folder watchdog (oracle/run-dir.ts), which removes
 * it once the vitest process is gone.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stopWatchdog } from '../../oracle/cleanup.ts';
import { startFolderWatchdog } from '../../oracle/run-dir.ts';

const OWNED = 'MEMHP_TEST_TMPDIR';

export default function setup(): () => void {
  if (process.env[OWNED] !== undefined) return () => undefined;
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'memhp-t-'));
  process.env.TMPDIR = root;
  process.env[OWNED] = root;
  const watchdog = startFolderWatchdog(root);
  return () => {
    stopWatchdog(watchdog);
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    delete process.env[OWNED];
    rmSync(root, { recursive: true, force: true });
  };
}
