/**
 * Every QEMU process and temporary folder the oracle starts is registered here
 * and torn down on close, on process exit and on SIGINT/SIGTERM/SIGHUP, so no
 * guest or socket outlives the run that made it — also when a test fails.
 * A signal ends the run with one line saying what was stopped. (A SIGKILL of
 * the run is covered by QEMU's parent-death signal and run-dir.ts's watchdog.)
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

export interface Held {
  readonly child: ChildProcess;
  readonly dir: string;
  /** What the process is, for the line a signal prints ("QEMU guest of 6.1"). */
  readonly what: string;
  readonly watchdog: number | undefined;
}

const held = new Set<Held>();
let hooked = false;

/** Other long-running work a signal stops (a kernel build's make), by the same one-line rule. */
const stoppers = new Set<{ readonly what: string; readonly stop: () => void }>();

/** Folders of files only (saved guests, oracle/boot-snapshot.ts): removed with the guests, not named in the signal's line. */
const folders = new Set<string>();

function killAll(): void {
  for (const h of held) release(h);
  for (const d of folders) rmSync(d, { recursive: true, force: true });
  folders.clear();
}

const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      const what = [...[...held].map((h) => h.what), ...[...stoppers].map((s) => s.what)];
      for (const s of stoppers) s.stop();
      killAll();
      process.stderr.write(`memhp: ${sig}: ${what.length > 0 ? `stopped ${what.join(', ')}` : 'stopped between guests (none was running)'}\n`);
      process.exit(SIGNAL_EXIT[sig]);
    });
  }
}

export function hold(child: ChildProcess, dir: string, what = 'QEMU guest', watchdog?: number): Held {
  hook();
  const h = { child, dir, what, watchdog };
  held.add(h);
  return h;
}

/** Registers a folder to remove on exit or a signal; returns the function that removes it now (idempotent). */
export function holdFolder(dir: string): () => void {
  hook();
  folders.add(dir);
  return () => {
    rmSync(dir, { recursive: true, force: true });
    folders.delete(dir);
  };
}

/** Stops holding a folder without removing it: its owner now is a guest's hold(), which removes it. */
export function forgetFolder(dir: string): void {
  folders.delete(dir);
}

/** Registers work a signal must stop; returns the function that unregisters it. */
export function onSignalStop(what: string, stop: () => void): () => void {
  hook();
  const s = { what, stop };
  stoppers.add(s);
  return () => stoppers.delete(s);
}

/** Stops a watchdog (run-dir.ts) whose work its owner has done itself; idempotent. */
export function stopWatchdog(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Kills the process (if still running) and its watchdog, and removes its folder; idempotent. */
export function release(h: Held): void {
  stopWatchdog(h.watchdog);
  if (h.child.exitCode === null && h.child.signalCode === null) {
    try {
      h.child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(h.dir, { recursive: true, force: true });
  held.delete(h);
}

/** Whether this process or folder is still held (tests check their own guest went, while others run beside it). */
export function isHeld(h: Held): boolean {
  return held.has(h);
}

/** How many guests are still held (tests check it is 0 after close). */
export function heldCount(): number {
  return held.size;
}
