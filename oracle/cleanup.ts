/**
 * Every QEMU process and temporary folder the oracle starts is registered here
 * and torn down on close, on process exit and on SIGINT/SIGTERM/SIGHUP, so no
 * guest or socket outlives the run that made it — also when a test fails.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';

interface Held {
  readonly child: ChildProcess;
  readonly dir: string;
}

const held = new Set<Held>();
let hooked = false;

function killAll(): void {
  for (const h of held) release(h);
}

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      killAll();
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
}

export function hold(child: ChildProcess, dir: string): Held {
  hook();
  const h = { child, dir };
  held.add(h);
  return h;
}

/** Kills the process (if still running) and removes its folder; idempotent. */
export function release(h: Held): void {
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

/** How many guests are still held (tests check it is 0 after close). */
export function heldCount(): number {
  return held.size;
}
