/**
 * Where `memhp run` writes, checked before any work: an unwritable --out or
 * --failures-dir is one line and exit 2 at once; a bug switch that cannot
 * act on the chosen profiles is refused; the default report directory is
 * named after what makes the run differ; two runs share one failure
 * database without losing or breaking a file.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRunDir } from '../../cli/run-dir.ts';
import { memhp, memhpAsync, type CliResult } from '../helpers/cli.ts';

const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `memhp-${name}-`));


describe('memhp run output directories', () => {
  // 10 million runs per item would take hours: a quick answer shows nothing ran before the check.
  it.each([
    ['--out under a file', ['--out', '/etc/passwd/x'], 'memhp: report directory /etc/passwd/x: cannot create (a component of the path is not a directory, ENOTDIR)\n'],
    ['--failures-dir under a file', ['--failures-dir', '/etc/passwd/x'], 'memhp: failures directory /etc/passwd/x: cannot create (a component of the path is not a directory, ENOTDIR)\n'],
  ])('%s: one line, exit 2, before any work', (_what, args, line) => {
    const t0 = Date.now();
    const r = memhp(['run', '--runs', '10000000', '--out', tmp('o'), ...args]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(line);
    expect(Date.now() - t0).toBeLessThan(60_000);
  }, 60_000);

  it('creates a missing parent of --out', () => {
    const out = join(tmp('o'), 'a', 'b');
    const r = memhp(['run', '--runs', '2', '--steps', '10', '--profile', 'v5.5', '--property', 'differential', '--workers', '1', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['report.html', 'report.json', 'summary.md']);
  });
});

describe('--inject a switch the chosen profiles never reach', () => {
  it('is refused in one line naming the profiles where it acts', () => {
    const r = memhp(['run', '--profile', 'v6.1', '--inject', 'zone-can-shift-int', '--out', tmp('o')]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('memhp: --inject zone-can-shift-int cannot act on v6.1 (it needs hotplug.onlineZone = shift): give --profile v4.10\n');
  });

  it('is refused by replay too, for the scenario\'s profile', () => {
    const scn = join(tmp('inert'), 'inert.scn');
    writeFileSync(scn, 'profile v6.1\ndump\n');
    const r = memhp(['replay', scn, '--inject', 'zone-can-shift-int', '--out', tmp('r')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('memhp: --inject zone-can-shift-int cannot act on v6.1 (it needs hotplug.onlineZone = shift): give --profile v4.10\n');
  });

  it('is taken when one chosen profile is one where it acts', () => {
    const r = memhp(['run', '--profile', 'v6.1', '--profile', 'v4.10', '--property', 'differential', '--inject', 'zone-can-shift-int', '--runs', '1', '--steps', '5', '--workers', '1', '--out', tmp('o')]);
    expect([0, 1]).toContain(r.code);
    expect(r.stderr).toBe('');
  });
});

describe('the default report directory', () => {
  const base = { seed: 42, numRuns: 100, maxSteps: 120, profiles: [], properties: [], bugs: [] };
  it.each([
    ['the default run', {}, 'reports/out/run-42'],
    ['--inject', { bugs: ['swallow-eexist'] }, 'reports/out/run-42-inject-swallow-eexist'],
    ['two switches, sorted', { bugs: ['valid-zones-order', 'swallow-eexist'] }, 'reports/out/run-42-inject-swallow-eexist+valid-zones-order'],
    // 44290f03: the first 8 hex digits of sha256("3:1:2\0AB")
    ['--path', { path: '3:1:2', replayPath: 'AB' }, 'reports/out/run-42-path-44290f03'],
    ['profiles, property, budget, swarm, shard', { profiles: ['v5.5', 'v6.1'], properties: ['differential'], numRuns: 5, maxSteps: 30, swarm: true, shard: { index: 2, count: 4 } }, 'reports/out/run-42-profile-v5.5+v6.1-property-differential-runs-5-steps-30-swarm-shard-2of4'],
  ])('%s', (_what, choices, dir) => {
    expect(defaultRunDir({ ...base, ...choices })).toBe(dir);
  });

  it('a name past 120 characters keeps run-<seed> and a hash', () => {
    const dir = defaultRunDir({ ...base, bugs: ['swallow-eexist', 'partial-deactivate', 'enomem-keeps-subsections', 'einval-leaks-usage', 'free-boot-usage', 'valid-after-empty'] });
    expect(dir).toMatch(/^reports\/out\/run-42-[0-9a-f]{8}$/);
  });
});

describe('two runs sharing one failure database', () => {
  it('lose nothing and break nothing', async () => {
    const db = tmp('db');
    const run = (seed: string, out: string) =>
      memhpAsync(['run', '--seed', seed, '--runs', '20', '--steps', '30', '--profile', 'v5.3', '--profile', 'v6.1', '--inject', 'swallow-eexist', '--workers', '1', '--out', out, '--failures-dir', db]);
    const [a, b] = await Promise.all([run('7', tmp('a')), run('8', tmp('b'))]);
    const savedBy = (r: CliResult): string[] => /^failures saved to .*: (.*)$/m.exec(r.stdout)?.[1]?.split(', ') ?? [];
    expect(a.code, a.stderr).toBe(1);
    expect(b.code, b.stderr).toBe(1);
    const files = readdirSync(db).sort();
    expect(files.filter((f) => !f.endsWith('.scn'))).toEqual([]);
    expect(savedBy(a).length).toBeGreaterThan(0);
    expect(savedBy(b).length).toBeGreaterThan(0);
    expect(files).toEqual([...new Set([...savedBy(a), ...savedBy(b)])].sort());
    const list = memhp(['failures', 'list', '--failures-dir', db]);
    expect(list.code).toBe(0);
    expect(list.stderr).toBe('');
    expect(list.stdout).toMatch(new RegExp(`^${files.length} saved failures? in ${db}$`, 'm'));
  });

  it('a 0-byte or corrupt entry is one line and skipped: later runs go on', () => {
    const db = tmp('db');
    writeFileSync(join(db, 'v5.3--differential--0123456789ab.scn'), '');
    const r = memhp(['run', '--runs', '2', '--steps', '10', '--profile', 'v5.3', '--property', 'differential', '--workers', '1', '--out', tmp('o'), '--failures-dir', db]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe(`memhp: saved failure ${join(db, 'v5.3--differential--0123456789ab.scn')}: empty file (delete it or run memhp failures clear); skipped\n`);
  });
});
