/**
 * The tiers' temporary directory (test/setup/temp-root.ts) is removed however
 * the vitest process ends: by the teardown, and by its folder watchdog when
 * the process is killed outright before the teardown runs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const here = join(import.meta.dirname, 'temp-root.ts');
// a TMPDIR of this test's own, so the directories it makes are found and cleared even if the test fails
const tmp = mkdtempSync(join(tmpdir(), 'temp-root-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A process that runs the setup, prints the directory, and then either tears down or waits to be killed. */
function runSetup(teardown: boolean): Promise<{ root: string; pid: number; ended: Promise<void> }> {
  const script = `const setup = (await import(${JSON.stringify(here)})).default; const down = setup(); console.log(process.env.TMPDIR); ${teardown ? 'down();' : 'setInterval(() => {}, 1000);'}`;
  // not inside this run's own directory: the child makes one of its own
  const { MEMHP_TEST_TMPDIR: _owned, ...env } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...env, TMPDIR: tmp },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ended = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout.once('data', (d: Buffer) => resolve({ root: d.toString().trim(), pid: child.pid!, ended }));
    child.on('error', reject);
  });
}

async function gone(path: string, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (!existsSync(path)) return true;
  return !existsSync(path);
}

describe('the tiers temporary directory', () => {
  it('is made under TMPDIR and removed by the teardown', async () => {
    const { root, ended } = await runSetup(true);
    expect(root.startsWith(join(tmp, 'memhp-t-'))).toBe(true);
    await ended;
    expect(existsSync(root)).toBe(false);
  });

  it('is removed by its watchdog when the process is killed before the teardown', async () => {
    const { root, pid, ended } = await runSetup(false);
    expect(existsSync(root)).toBe(true);
    process.kill(pid, 'SIGKILL');
    await ended;
    expect(await gone(root, 5000)).toBe(true);
  });
});
