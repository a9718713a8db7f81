/**
 * Where `memhp report merge` writes: without --out, a directory named after
 * the run (never a shard's, never the unsharded default run's), said on
 * stdout; a --out that is one of the shards' own directories is refused
 * before anything is written.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.ts';
import { memhpInProcess } from '../helpers/in-process.ts';

const base = mkdtempSync(join(tmpdir(), 'memhp-merge-out-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));
const s1 = join(base, 's1');
const s2 = join(base, 's2');

beforeAll(async () => {
  const run = ['run', '--runs', '1', '--steps', '5', '--seed', '3', '--profile', 'v5.5', '--workers', '1', '--failures-dir', join(base, 'failures')];
  for (const [shard, out] of [['1/2', s1], ['2/2', s2]] as const) {
    const r = await memhpInProcess([...run, '--shard', shard, '--out', out]);
    expect(r.code, r.stderr).toBe(0);
  }
});

describe('memhp report merge --out', () => {
  it('without --out writes to reports/out/run-<seed>-merged-<hash> under the working directory and says so', () => {
    const cwd = join(base, 'cwd');
    mkdirSync(cwd);
    const r = spawnSync(process.execPath, [join(repoRoot, 'bin/memhp.js'), 'report', 'merge', s1, s2], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const where = /^report: (reports\/out\/run-3-merged-[0-9a-f]{8}\/report\.json)$/m.exec(r.stdout)?.[1];
    expect(where, r.stdout).toBeDefined();
    expect(existsSync(join(cwd, where!))).toBe(true);
  });

  it("refuses a shard's own directory as --out, however it is spelled, and leaves its report as it was", async () => {
    const before = readFileSync(join(s1, 'report.json'));
    for (const out of [s1, `${s1}/.`, join(s2, '..', 's1')]) {
      const r = await memhpInProcess(['report', 'merge', s1, s2, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^memhp: report merge: .* is the report directory of shard 1\/2; writing the merged report there would replace it \(give another --out\)\n$/);
    }
    const r2 = await memhpInProcess(['report', 'merge', s1, s2, '--out', s2]);
    expect(r2.stderr).toMatch(/is the report directory of shard 2\/2;/);
    expect(readFileSync(join(s1, 'report.json'))).toEqual(before);
  });
});
