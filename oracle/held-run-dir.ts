/**
 * A run folder (/tmp/memhp-qemu-*) held from the moment it exists: removed on
 * exit or a signal (cleanup.ts) and, should this process be killed outright,
 * by a folder watchdog (run-dir.ts) — also in the gap before QEMU starts in
 * it, where a guest's own watchdog does not run yet.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forgetFolder, holdFolder, stopWatchdog } from './cleanup.ts';
import { claimRunDir, clearStaleRunDirs, RUN_DIR_PREFIX, startFolderWatchdog } from './run-dir.ts';

export interface HeldRunDir {
  readonly dir: string;
  /** Removes the folder now, and stops its watchdog; idempotent. */
  remove(): void;
  /** Stops holding the folder, leaving it: a QEMU guest's hold() and watchdog own it from now on. */
  handOver(): void;
}

export function newHeldRunDir(): HeldRunDir {
  clearStaleRunDirs(tmpdir());
  const dir = mkdtempSync(join(tmpdir(), RUN_DIR_PREFIX));
  claimRunDir(dir);
  const removeNow = holdFolder(dir);
  const watchdog = startFolderWatchdog(dir);
  return {
    dir,
    remove: () => {
      stopWatchdog(watchdog);
      removeNow();
    },
    handOver: () => {
      stopWatchdog(watchdog);
      forgetFolder(dir);
    },
  };
}

