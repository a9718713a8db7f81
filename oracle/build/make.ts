/**
 * Runs the kernel's make: output to the build's log, progress from Kbuild's
 * short lines ("  CC      mm/memory_hotplug.o"). make runs in its own process
 * group with a parent-death signal, so a signal to memhp, or memhp's death,
 * stops the whole build (make deletes a half-written target itself).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { onSignalStop } from '../cleanup.ts';
import { onPath } from '../kernels.ts';

export interface MakeRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Kbuild "CC" lines seen. */
  readonly compiled: number;
}

export interface MakeOptions {
  readonly cwd: string;
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly log: string;
  /** What the signal line names: "make (building 6.1.176-memhp)". */
  readonly what: string;
  readonly onLine?: (kind: string, target: string) => void;
}

export function runMake(o: MakeOptions): Promise<MakeRun> {
  const setpriv = onPath('setpriv');
  const [cmd, ...args] = setpriv !== undefined ? [setpriv, '--pdeathsig', 'TERM', '--', 'make', ...o.args] : ['make', ...o.args];
  const log = createWriteStream(o.log, { flags: 'a' });
  const child = spawn(cmd as string, args, { cwd: o.cwd, env: { ...o.env, LC_ALL: 'C' }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let compiled = 0;
  let rest = '';
  const onData = (d: Buffer): void => {
    log.write(d);
    const text = rest + d.toString('utf8');
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^ {2}([A-Z][A-Z0-9_]*) +(\S+)/.exec(line);
      if (m === null) continue;
      if (m[1] === 'CC') compiled++;
      o.onLine?.(m[1] as string, m[2] as string);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const unregister = onSignalStop(o.what, () => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  });
  return new Promise((resolve, reject) => {
    child.once('error', (e) => {
      unregister();
      log.end();
      reject(e);
    });
    child.once('close', (code, signal) => {
      unregister();
      log.end(() => resolve({ code, signal, compiled }));
    });
  });
}

/** The first compiler or make error in a build log, for the one-line failure. */
export function firstError(logPath: string): string {
  let text = '';
  try {
    text = readFileSync(logPath, 'utf8');
  } catch {
    return 'no log';
  }
  const lines = text.split('\n');
  const err = lines.find((l) => /: (fatal )?error: /.test(l)) ?? lines.find((l) => /\*\*\* /.test(l)) ?? lines.filter((l) => l.trim() !== '').pop();
  return (err ?? 'no output').trim().slice(0, 300);
}
