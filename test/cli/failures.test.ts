/**
 * The failure database: a failing `memhp run` keeps its counterexamples as
 * scenario files, later runs replay them first without changing what the
 * seed finds, and `memhp failures list|clear` manage them.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memhp } from '../helpers/cli.ts';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const failing = ['run', '--runs', '20', '--steps', '30', '--seed', '7', '--profile', 'v5.3', '--inject', 'swallow-eexist'];

interface Report {
  status: string;
  properties: unknown[];
  counterexamples: unknown[];
  savedFailures?: { file: string; status: string; step?: number; checks?: string[] }[];
}
const report = (dir: string) => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;

describe('memhp run with a failure database', () => {
  it('saves each counterexample once, as a scenario that replays to the failure', () => {
    const db = tmp('memhp-db-');
    const r = memhp([...failing, '--out', tmp('memhp-o-')], undefined, { MEMHP_FAILURES_DIR: db });
    expect(r.code).toBe(1);
    const files = readdirSync(db).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toMatch(/^v5\.3--differential--[0-9a-f]{12}\.scn$/);
    expect(files[1]).toMatch(/^v5\.3--invariants--[0-9a-f]{12}\.scn$/);
    const text = readFileSync(join(db, files[0]!), 'utf8');
    expect(text).toMatch(/^# inject: swallow-eexist$/m);
    expect(text).toMatch(/^# seed: 7$/m);
    expect(text).toMatch(/^profile v5\.3$/m);
    expect(memhp(['replay', join(db, files[0]!), '--impl', 'both', '--inject', 'swallow-eexist']).code).toBe(1);
    expect(memhp(['replay', join(db, files[0]!), '--impl', 'both']).code).toBe(0);
    // the same failure found again is not saved twice
    memhp([...failing, '--out', tmp('memhp-o-')], undefined, { MEMHP_FAILURES_DIR: db });
    expect(readdirSync(db)).toHaveLength(2);
  });

  it('replays saved failures first, and they never change what the seed finds', () => {
    const db = tmp('memhp-db-');
    const first = tmp('memhp-o-');
    const second = tmp('memhp-o-');
    memhp([...failing, '--out', first], undefined, { MEMHP_FAILURES_DIR: db });
    const r = memhp([...failing, '--out', second], undefined, { MEMHP_FAILURES_DIR: db });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/saved failures \(.*\), replayed first:\n {2}v5\.3--differential--\w+\.scn {2}still fails at step \d+: differential/);
    expect(r.stdout).toMatch(/saved failures: 2 of 2 still fail/);
    const a = report(first);
    const b = report(second);
    expect(a.savedFailures).toBeUndefined();
    expect(b.savedFailures?.map((f) => f.status)).toEqual(['fails', 'fails']);
    expect(b.properties).toEqual(a.properties);
    expect(b.counterexamples).toEqual(a.counterexamples);
  });

  it('reports a saved failure that passes now, and passes the run if nothing else fails', () => {
    const db = tmp('memhp-db-');
    const header = [
      '# memhp failure: written by hand for this test',
      '# profile: v5.3',
      '# property: differential',
      '# inject: none',
      '# seed: 1',
      '# path: ""',
      '# replayPath: ""',
    ];
    writeFileSync(join(db, 'v5.3--differential--000000000000.scn'), [...header, 'profile v5.3', 'add_pages 0x100000000 2M -> ok', ''].join('\n'));
    const out = tmp('memhp-o-');
    const r = memhp(['run', '--runs', '3', '--steps', '20', '--profile', 'v5.3', '--property', 'differential', '--out', out], undefined, {
      MEMHP_FAILURES_DIR: db,
    });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/v5\.3--differential--000000000000\.scn {2}passes now/);
    expect(report(out).savedFailures).toEqual([
      { file: 'v5.3--differential--000000000000.scn', profile: 'v5.3', property: 'differential', inject: [], status: 'passes' },
    ]);
  });

  it('refuses a malformed saved file in one line, exit 2', () => {
    const db = tmp('memhp-db-');
    writeFileSync(join(db, 'junk.scn'), 'profile v5.3\n');
    const r = memhp(['run', '--runs', '2', '--profile', 'v5.3', '--out', tmp('memhp-o-')], undefined, { MEMHP_FAILURES_DIR: db });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/junk\.scn: not a failure database entry/);
  });

  it('--no-failures-db neither saves nor replays', () => {
    const db = tmp('memhp-db-');
    const r = memhp([...failing, '--no-failures-db', '--out', tmp('memhp-o-')], undefined, { MEMHP_FAILURES_DIR: db });
    expect(r.code).toBe(1);
    expect(readdirSync(db)).toEqual([]);
  });
});

describe('memhp failures', () => {
  it('lists and clears the database', () => {
    const db = tmp('memhp-db-');
    expect(memhp(['failures', 'list', '--failures-dir', db]).stdout).toMatch(/no saved failures/);
    memhp([...failing, '--out', tmp('memhp-o-')], undefined, { MEMHP_FAILURES_DIR: db });
    const list = memhp(['failures', 'list', '--failures-dir', db]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/2 saved failure\(s\)/);
    expect(list.stdout).toMatch(/v5\.3 › invariants {2}seed 7 {2}--inject swallow-eexist/);
    const clear = memhp(['failures', 'clear', '--failures-dir', db]);
    expect(clear.stdout).toMatch(/removed 2 saved failure\(s\)/);
    expect(readdirSync(db)).toEqual([]);
    expect(existsSync(db)).toBe(true);
  });
});
