/**
 * The sample through the real command line: `node bin/memhp.js …` in a
 * child process per input, classified like the in-process outcomes (the
 * real CLI adds commander, the launcher and process exit to what is
 * checked).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { classify, type OutcomeClass } from './classify.ts';
import { cliArgs, writeInput } from './entry.ts';
import { inputText, type FuzzInput } from './input.ts';
import { REPO, type FailingCase } from './material.ts';

export interface CliOutcome {
  readonly cls: OutcomeClass;
  readonly code: number | null;
  readonly signal: string | null;
  readonly args: readonly string[];
  readonly stderr: string;
}

/** The memhp processes running now: a fuzz run that is stopped stops them too. */
const running = new Set<ChildProcess>();

export function killCliProcesses(): void {
  for (const c of running) c.kill('SIGKILL');
}

/** Linux's MAX_ARG_STRLEN: execve refuses a longer argument (E2BIG), so a shell could not pass it either. */
const MAX_ARG_BYTES = 128 * 1024 - 1;

/** An argument as execve passes it: up to its first NUL, at most MAX_ARG_BYTES. */
function cString(s: string): string {
  const head = s.split('\0')[0] ?? '';
  const bytes = Buffer.from(head, 'utf8');
  return bytes.length <= MAX_ARG_BYTES ? head : bytes.subarray(0, MAX_ARG_BYTES).toString('utf8').replace(/\uFFFD$/, '');
}

export function runCli(input: FuzzInput, dir: string, failing: FailingCase, timeoutMs: number): Promise<CliOutcome> {
  mkdirSync(dir, { recursive: true });
  writeInput(input, dir);
  const { args: raw, env } = cliArgs(input, dir, failing);
  const args = raw.map(cString);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO, 'bin', 'memhp.js'), ...args], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', MEMHP_FAILURES_DIR: join(dir, 'failures-db'), ...Object.fromEntries(Object.entries(env).map(([k, v]) => [k, cString(v)])) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    running.add(child);
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      if (stderr.length < 256 * 1024) stderr += d;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      running.delete(child);
      clearTimeout(timer);
      const cls = classify({ code, signal: timedOut ? null : signal, stderr, timedOut }, inputText(input));
      resolve({ cls, code, signal, args, stderr: stderr.slice(0, 400) });
    });
  });
}
