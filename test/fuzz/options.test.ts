/** `npm run fuzz` with an option out of range: one line naming it, exit 2. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.ts';

describe('fuzz tier options', () => {
  it('--timeout-ms below its range is one line and exit 2', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'fuzz/main.ts', '--timeout-ms', '1', '--inputs', '1'], { cwd: repoRoot, encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('memhp fuzz: --timeout-ms 1 is not an integer in 100..600000\n');
  });
});
