/**
 * A vitest run ended by a signal leaves no process of its tests behind: its
 * worker sees the main process gone (test/setup/parent-gone.ts) and exits,
 * and the worker's exit handlers stop what its tests started. Checked on a
 * vitest of its own running a fixture test that holds a `sleep`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'parent-gone-'));
const stray: number[] = [];
afterAll(() => {
  for (const pid of stray) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(ok: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (ok()) return true;
  return ok();
}

async function endedBy(signal: NodeJS.Signals): Promise<{ child: boolean; worker: boolean }> {
  const pids = join(dir, `${signal}.pids`);
  const vitest = spawn(process.execPath, [join(process.cwd(), 'node_modules/vitest/vitest.mjs'), 'run', '--config', join(import.meta.dirname, 'fixtures/vitest.fixture.config.ts')], {
    env: { ...process.env, MEMHP_FIXTURE_PIDS: pids },
    stdio: 'ignore',
  });
  stray.push(vitest.pid!);
  const ended = new Promise<void>((resolve) => vitest.on('exit', () => resolve()));
  expect(await until(() => existsSync(pids) && readFileSync(pids, 'utf8').endsWith('\n'), 60_000)).toBe(true);
  const [child, worker] = readFileSync(pids, 'utf8').trim().split(' ').map(Number) as [number, number];
  stray.push(child, worker);
  vitest.kill(signal);
  await ended;
  await until(() => !alive(child) && !alive(worker), 5_000);
  return { child: alive(child), worker: alive(worker) };
}

describe('a vitest run ended by a signal', () => {
  it.each(['SIGTERM', 'SIGKILL'] as const)('by %s: its worker and what the test started are gone', async (signal) => {
    expect(await endedBy(signal)).toEqual({ child: false, worker: false });
  }, 90_000);
});
