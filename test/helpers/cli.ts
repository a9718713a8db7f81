/** Runs the real `memhp` entry point in a child process, as a user would. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function memhp(args: readonly string[], input?: string, env: Readonly<Record<string, string>> = {}): CliResult {
  // A fresh failure database per call unless a test names one: no test depends on .memhp/ lying around.
  const failures = mkdtempSync(join(tmpdir(), 'memhp-failures-'));
  const r = spawnSync(process.execPath, ['bin/memhp.js', ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', MEMHP_FAILURES_DIR: failures, ...env },
    ...(input !== undefined ? { input } : {}),
  });
  rmSync(failures, { recursive: true, force: true });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** As memhp(), without blocking: for a slow command (a guest that never boots) that can run beside a test's own work. */
export function memhpAsync(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliResult> {
  const failures = mkdtempSync(join(tmpdir(), 'memhp-failures-'));
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/memhp.js', ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1', MEMHP_FAILURES_DIR: failures, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  }).finally(() => rmSync(failures, { recursive: true, force: true }));
}

export const repoRoot = root;
