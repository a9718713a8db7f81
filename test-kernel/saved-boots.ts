/**
 * The kernel tier's shared saved boots (oracle/boot-snapshot.ts), a vitest
 * globalSetup: one folder for the whole `npm run test:kernel`, named in
 * MEMHP_SAVED_BOOTS for every test file and the memhp processes they start.
 * The campaign's eight configurations and the audits' are all corpus
 * configurations (15 per kernel), so each is booted once per
 * kernel in the tier, by the corpus, which runs first (vitest.kernel.config.ts),
 * and restored everywhere else. Removed when the run ends, by the folder's
 * watchdog if vitest itself is killed (oracle/run-dir.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SAVED_BOOTS_ENV } from '../oracle/boot-snapshot.ts';
import { claimRunDir, clearStaleRunDirs, RUN_DIR_PREFIX, startFolderWatchdog } from '../oracle/run-dir.ts';

export default function setup(): () => void {
  clearStaleRunDirs(tmpdir());
  const dir = mkdtempSync(join(tmpdir(), RUN_DIR_PREFIX));
  claimRunDir(dir);
  const watchdog = startFolderWatchdog(dir);
  process.env[SAVED_BOOTS_ENV] = dir;
  return () => {
    delete process.env[SAVED_BOOTS_ENV];
    if (watchdog !== undefined) {
      try {
        process.kill(watchdog, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
}
