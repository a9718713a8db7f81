/**
 * After a signal, nothing of a long command is left: `replay`, `diff` and
 * `regressions` (their work runs in threads; the only child process is
 * tsx's esbuild service where a command loads TypeScript late: SIGTERM ends
 * them with one line, 128 + the signal, no temporary file in the report
 * directory; SIGKILL leaves no process), and `kernel-build`, whose make is a child process: a
 * fake `make` that only sleeps stands in for a long build, and must be gone
 * after SIGTERM and after SIGKILL of memhp (its parent-death signal,
 * oracle/build/make.ts). `memhp run` is covered by signals.test.ts, and the
 * real QEMU guest of `memhp kernel` by test-kernel/no-leftovers.test.ts.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.ts';
import { running } from '../helpers/processes.ts';

const base = mkdtempSync(join(tmpdir(), 'memhp-kill-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
let serial = 0;
const tmp = (name: string): string => join(base, `${name}-${serial++}`);

interface Ended {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
  /** Child processes of memhp seen just before the signal. */
  readonly children: readonly number[];
}

/** The pids whose parent is `pid` (every thread's children). */
function childrenOf(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter((s) => s !== '').map(Number));
  } catch {
    return [];
  }
}


/** Starts memhp, sends `signal` once `ready()` holds (polled), resolves when it has ended. */
function stopWhen(args: readonly string[], ready: (out: string) => boolean, signal: NodeJS.Signals, env: NodeJS.ProcessEnv = {}): Promise<Ended> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/memhp.js', ...args], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1', ...env } });
    let out = '';
    let stderr = '';
    let children: number[] = [];
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      stderr += d;
    });
    const poll = setInterval(() => {
      if (!ready(out)) return;
      clearInterval(poll);
      children = childrenOf(child.pid!);
      child.kill(signal);
    }, 20);
    child.on('error', reject);
    child.on('close', (code, sig) => {
      clearInterval(poll);
      resolve({ code, signal: sig, stderr, children });
    });
  });
}

/** Every pid has ended; a child that ends when its pipe to memhp closes (tsx's esbuild service) gets a moment on a loaded machine. */
async function expectGone(pids: readonly number[]): Promise<void> {
  for (let i = 0; i < 100 && pids.some(running); i++) await new Promise((res) => setTimeout(res, 50));
  expect(pids.filter(running)).toEqual([]);
}

const temps = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('.memhp-tmp-')) : []);

/** A 3000-step scenario (minutes of work) that passes. */
function longScenario(): string {
  const file = join(base, 'long.scn');
  if (!existsSync(file)) {
    const steps = Array.from({ length: 3000 }, (_, i) => (i % 2 === 0 ? 'add_memory 0x100000000 128M -> ok' : 'remove_memory 0x100000000 128M -> ok'));
    writeFileSync(file, ['profile v6.1', 'boot 0x100000 0x3fee0000', ...steps, ''].join('\n'));
  }
  return file;
}

describe('the supervised commands stopped by a signal', () => {
  const cases = [
    { name: 'replay', args: (out: string) => ['replay', longScenario(), '--impl', 'reference', '--out', out], ready: /^ +3 +line /m, note: /while replaying .*long\.scn; no report written/ },
    { name: 'diff', args: (out: string) => ['diff', '--from', 'v5.3', '--to', 'v5.5', '--out', out], ready: /v5\.3 → v5\.5 started/, note: /after 0 of 1 profile pair; no report written/ },
    { name: 'regressions', args: (out: string) => ['regressions', '--out', out], ready: /^memhp regressions: \d+ entries$/m, note: /at B-\d+, after \d+ of \d+ entries; no report written/ },
  ];
  for (const c of cases) {
    it(`${c.name}: SIGTERM ends it with one line and exit 143, no child process left, no temporary file`, async () => {
      const out = tmp(c.name);
      const r = await stopWhen(c.args(out), (o) => c.ready.test(o), 'SIGTERM');
      expect(r.code, r.stderr).toBe(143);
      await expectGone(r.children);
      const lines = r.stderr.split('\n').filter((l) => l.startsWith('memhp: stopped'));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^memhp: stopped by SIGTERM /);
      expect(lines[0]).toMatch(c.note);
      expect(existsSync(join(out, 'report.json'))).toBe(false);
      expect(temps(out)).toEqual([]);
    });
  }

  it('replay: SIGKILL leaves no process', async () => {
    const r = await stopWhen(['replay', longScenario(), '--impl', 'reference', '--out', tmp('replay-kill')], (o) => /^ +3 +line /m.test(o), 'SIGKILL');
    expect(r.signal).toBe('SIGKILL');
    await expectGone(r.children);
  });
});

describe('memhp kernel-build stopped while make runs', () => {
  /** A kernel tree memhp accepts, and a `make` that records its pid and sleeps. */
  function fakeBuild(): { args: string[]; env: NodeJS.ProcessEnv; pidFile: string } {
    const dir = tmp('kb');
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'arch', 'x86'), { recursive: true });
    writeFileSync(join(tree, 'Makefile'), 'VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 0\nEXTRAVERSION =\n');
    writeFileSync(join(tree, 'Kconfig'), '');
    writeFileSync(join(tree, 'arch', 'x86', 'Kconfig'), '');
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    const pidFile = join(dir, 'make.pid');
    writeFileSync(join(bin, 'make'), `#!/bin/sh\necho $$ > ${pidFile}.tmp && mv ${pidFile}.tmp ${pidFile}\nexec sleep 120\n`);
    chmodSync(join(bin, 'make'), 0o755);
    return { args: ['kernel-build', '--source', tree], env: { PATH: `${bin}:${process.env.PATH ?? ''}`, MEMHP_CACHE: join(dir, 'cache') }, pidFile };
  }

  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`${signal}: make is gone${signal === 'SIGTERM' ? ', one line names it, exit 143' : ''}`, async () => {
      const f = fakeBuild();
      const r = await stopWhen(f.args, () => existsSync(f.pidFile), signal, f.env);
      const make = Number(readFileSync(f.pidFile, 'utf8'));
      expect(r.children.length).toBeGreaterThan(0);
      if (signal === 'SIGTERM') {
        expect(r.code, r.stderr).toBe(143);
        expect(r.stderr.split('\n').filter((l) => l.includes('SIGTERM'))).toEqual([expect.stringMatching(/^memhp: SIGTERM: stopped .*make \(configuring 6\.1\.0/)]);
      } else expect(r.signal).toBe('SIGKILL');
      // the parent-death signal reaches make at once
      await expectGone([make, ...r.children]);
    });
  }
});
