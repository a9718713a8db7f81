/**
 * A guest's run folder is held from the moment it exists, before QEMU runs in
 * it: a run killed in that gap (SIGKILL) leaves no folder behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { newHeldRunDir } from '../../oracle/held-run-dir.ts';

/** Processes whose command line names `dir` (the folder's watchdog). */
function watchersOf(dir: string): number[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .filter((n) => {
      try {
        return readFileSync(`/proc/${n}/cmdline`, 'utf8').split('\0').includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(what: string, ms: number, done: () => boolean): Promise<void> {
  const end = Date.now() + ms;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('a held run folder', () => {
  it('is claimed and watched at once; remove() takes the folder and its watchdog', async () => {
    const run = newHeldRunDir();
    expect(readFileSync(`${run.dir}/owner`, 'utf8')).toMatch(new RegExp(`^${process.pid} `));
    expect(watchersOf(run.dir).length).toBeGreaterThan(0);
    run.remove();
    expect(existsSync(run.dir)).toBe(false);
    await until('the watchdog to go', 5_000, () => watchersOf(run.dir).length === 0);
    run.remove(); // idempotent
  });

  it('handOver() leaves the folder to its new owner and stops the watchdog', async () => {
    const run = newHeldRunDir();
    run.handOver();
    await until('the watchdog to go', 5_000, () => watchersOf(run.dir).length === 0);
    expect(existsSync(run.dir)).toBe(true);
    run.remove();
  });

  it('goes within seconds when its process is SIGKILLed before any QEMU starts', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', '-e', "const { newHeldRunDir } = await import('./oracle/held-run-dir.ts'); console.log(newHeldRunDir().dir); setInterval(() => {}, 1000);"], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const dir = await new Promise<string>((resolve) => child.stdout.setEncoding('utf8').once('data', (d: string) => resolve(d.trim())));
    expect(existsSync(dir)).toBe(true);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    await until('the folder to go', 5_000, () => !existsSync(dir));
    await until('the watchdog to end', 5_000, () => watchersOf(dir).length === 0);
  });
});
