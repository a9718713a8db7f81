/** Runs the real `memhp` entry point in a child process, as a user would. */
import { spawnSync } from 'node:child_process';
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

export const repoRoot = root;
