/**
 * Nothing outlives a `memhp kernel` run, however it ends: SIGKILL of the
 * memhp process (QEMU's parent-death signal and the run folder's watchdog),
 * SIGTERM (one line saying what was stopped, exit 143). Nor a `memhp audit`
 * killed once it has saved a booted guest (oracle/boot-snapshot.ts): the
 * folder of saved boots goes too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAVED_BOOTS_ENV } from '../oracle/boot-snapshot.ts';
import { kernelImage } from '../oracle/kernels.ts';
import { repoRoot } from '../test/helpers/cli.ts';
import { running } from '../test/helpers/processes.ts';

/** stderr less the progress lines of `memhp kernel` ("memhp: kernel 6.1: scenario 1/1 eject: step 3/18 (12 s)"). */
const withoutProgress = (stderr: string): string =>
  stderr
    .split('\n')
    .filter((l) => !/^memhp: kernel \S+: scenario \d+\/\d+ /.test(l))
    .join('\n');

/** The children save their own boots, in folders of their own that must go with them (not the tier's shared ones). */
const childEnv = (): NodeJS.ProcessEnv => {
  const env = { ...process.env };
  delete env[SAVED_BOOTS_ENV];
  return env;
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Running (not zombie) processes whose parent is `ppid` and whose command is QEMU. */
function qemuChildrenOf(ppid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === ppid && fields[0] !== 'Z' && /qemu-system/.test(stat.slice(0, stat.lastIndexOf(')')))) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}


/** The run folders owned by `pid`. */
function runDirsOf(pid: number): string[] {
  return readdirSync(tmpdir())
    .filter((n) => n.startsWith('memhp-qemu-'))
    .map((n) => join(tmpdir(), n))
    .filter((d) => {
      try {
        return readFileSync(join(d, 'owner'), 'utf8').split(' ')[0] === String(pid);
      } catch {
        return false;
      }
    });
}

async function until<T>(what: string, ms: number, probe: () => T | undefined): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** Starts `memhp kernel` on one corpus scenario and waits until its guest is booting. */
async function startRun(): Promise<{ child: ChildProcess; qemu: number; dir: string; stderr: () => string }> {
  kernelImage('6.1'); // a missing kernel fails here with the command that fetches it
  const child = spawn(process.execPath, ['bin/memhp.js', 'kernel', 'oracle/corpus/eject.scn', '--kernel', '6.1'], {
    cwd: repoRoot,
    env: childEnv(),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const pid = child.pid as number;
  const qemu = await until('QEMU to start', 60_000, () => qemuChildrenOf(pid)[0]);
  const dir = await until('the run folder', 10_000, () => runDirsOf(pid)[0]);
  // Let the guest get going: the kill lands in the middle of the boot or the scenario. A stock kernel at
  // loglevel=4 may print nothing on its console, so the run's own progress line says when a step runs.
  await until('the guest to run a step', 120_000, () =>
    / step \d+\/\d+/.test(stderr) || (existsSync(join(dir, 'console.log')) && readFileSync(join(dir, 'console.log')).length > 0) ? true : undefined,
  );
  return { child, qemu, dir, stderr: () => stderr };
}

// each test watches only its own child's QEMU and run folder: the two run at once
describe.concurrent('a memhp kernel run leaves nothing behind', () => {
  it('SIGKILL of memhp: QEMU dies and the run folder goes within seconds', async () => {
    const run = await startRun();
    const exited = new Promise((r) => run.child.once('exit', r));
    run.child.kill('SIGKILL');
    await exited;
    await until('QEMU to die', 5_000, () => (running(run.qemu) ? undefined : true));
    await until('the run folder to go', 5_000, () => (existsSync(run.dir) ? undefined : true));
    expect(running(run.qemu)).toBe(false);
    expect(existsSync(run.dir)).toBe(false);
  });

  it('SIGTERM: one line saying what was stopped, exit 143, nothing left', async () => {
    const run = await startRun();
    const exited = new Promise<number | null>((r) => run.child.once('exit', (code) => r(code)));
    run.child.kill('SIGTERM');
    expect(await exited).toBe(143);
    // the progress lines (cli/progress.ts, plain when stderr is no terminal) aside, one line says what was stopped
    expect(withoutProgress(run.stderr())).toBe('memhp: SIGTERM: stopped QEMU guest of 6.1\n');
    await until('QEMU to die', 5_000, () => (running(run.qemu) ? undefined : true));
    expect(existsSync(run.dir)).toBe(false);
  });
});

describe('a memhp audit leaves nothing behind', () => {
  it('SIGKILL once a booted guest is saved and a restored one runs: QEMU and every folder go', async () => {
    kernelImage('6.1');
    const child = spawn(process.execPath, ['bin/memhp.js', 'audit', '--base', '6.1', '--patched', '6.1', '--files', 'oracle/corpus/eject.scn', '--sequences', '0', '--out', join(tmpdir(), `memhp-audit-kill-${process.pid}`)], {
      cwd: repoRoot,
      env: childEnv(),
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const pid = child.pid as number;
    // a guest started from the saved boot: QEMU with -incoming reading the folder's state file
    const restored = await until('a guest restored from a saved boot', 180_000, () =>
      qemuChildrenOf(pid).find((q) => {
        try {
          return readFileSync(`/proc/${q}/cmdline`, 'utf8').includes('-incoming');
        } catch {
          return false;
        }
      }),
    );
    const dirs = runDirsOf(pid);
    expect(dirs.length).toBeGreaterThanOrEqual(2); // the saved boots' folder and the restored guest's
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    await until('QEMU to die', 5_000, () => (running(restored) ? undefined : true));
    await until('the folders to go', 5_000, () => (dirs.some((d) => existsSync(d)) ? undefined : true));
    expect(qemuChildrenOf(pid).filter(running)).toEqual([]);
    expect(dirs.filter((d) => existsSync(d))).toEqual([]);
  });
});
