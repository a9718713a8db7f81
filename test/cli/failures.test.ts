/**
 * The failure database: a run saves its counterexamples, the next run
 * replays them first and says which still fail, and none of it changes the
 * seeded part of a run. Every test has its own temporary directory.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memhp } from '../helpers/cli.ts';

const tmp = (name: string): string => mkdtempSync(join(tmpdir(), `memhp-${name}-`));
const RUN = ['run', '--runs', '5', '--steps', '30', '--seed', '7', '--profile', 'v5.3', '--property', 'differential', '--workers', '1'];

interface Report {
  status: string;
  properties: unknown;
  counts: unknown;
  counterexamples: unknown;
  savedFailures?: Array<{ file: string; status: string; checks: string[]; failingStep?: number }>;
}
const report = (dir: string): Report => JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as Report;

describe('memhp run: failure database', () => {
  it('saves a failure, replays it first next time, and the seeded part stays the same', () => {
    const db = tmp('db');
    const [a, b] = [tmp('a'), tmp('b')];
    const first = memhp([...RUN, '--inject', 'swallow-eexist', '--out', a, '--failures-dir', db]);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).not.toMatch(/saved failures \(/);
    const files = readdirSync(db);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^v5\.3--differential--[0-9a-f]{12}\.scn$/);
    const text = readFileSync(join(db, files[0]!), 'utf8');
    expect(text).toMatch(/^# property: differential$/m);
    expect(text).toMatch(/^# seed: 7$/m);
    expect(text).toMatch(/^# inject: swallow-eexist$/m);
    expect(text).toMatch(/^# path: \d+(:\d+)*$/m);
    expect(text).toMatch(/^profile v5\.3$/m);
    expect(report(a).savedFailures).toBeUndefined();

    const second = memhp([...RUN, '--inject', 'swallow-eexist', '--out', b, '--failures-dir', db]);
    expect(second.code).toBe(1);
    expect(second.stdout.split('\n')[0]).toBe(`saved failures (${db}): 1 replayed, 1 still fail, 0 now pass`);
    expect(second.stdout).toContain(`still fails  ${files[0]}  step 1: differential`);
    expect(second.stdout).toMatch(/saved failures: 1 still fail, 0 now pass$/m);
    const [ra, rb] = [report(a), report(b)];
    expect(rb.savedFailures).toEqual([{ file: files[0], profile: 'v5.3', property: 'differential', status: 'still-fails', failingStep: 0, checks: ['differential'] }]);
    // The seeded part: same properties, counts and counterexamples with and without the saved failure.
    expect(rb.properties).toEqual(ra.properties);
    expect(rb.counts).toEqual(ra.counts);
    expect(rb.counterexamples).toEqual(ra.counterexamples);
    // Found again: the same file, not a second one.
    expect(readdirSync(db)).toEqual(files);

    const list = memhp(['failures', 'list', '--failures-dir', db]);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(`${files[0]}  v5.3 › differential  1 step  seed 7  inject swallow-eexist`);
    expect(list.stdout).toMatch(/^1 saved failure in /m);
  });

  it('replays only the failures of the bug switches being run, and says which now pass', () => {
    const db = tmp('db');
    memhp([...RUN, '--inject', 'swallow-eexist', '--out', tmp('o'), '--failures-dir', db]);
    const [file] = readdirSync(db);
    // Without the bug switch, the one saved failure is not this run's to replay.
    const clean = memhp([...RUN, '--runs', '2', '--out', tmp('o'), '--failures-dir', db]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).not.toMatch(/saved failures/);
    // The same steps saved as a failure without the switch: the fixed code passes them.
    const fixed = file!.replace(/--[0-9a-f]{12}\.scn$/, '--000000000000.scn');
    writeFileSync(join(db, fixed), readFileSync(join(db, file!), 'utf8').replace(/^# inject: .*$/m, '# inject: '));
    const out = tmp('o');
    const r = memhp([...RUN, '--runs', '2', '--out', out, '--failures-dir', db]);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain(`saved failures (${db}): 1 replayed, 0 still fail, 1 now pass`);
    expect(r.stdout).toContain(`now passes   ${fixed}`);
    expect(report(out).savedFailures).toEqual([{ file: fixed, profile: 'v5.3', property: 'differential', status: 'now-passes', checks: [] }]);
    expect(report(out).status).toBe('passed');
  });

  it('clears the database', () => {
    const db = tmp('db');
    writeFileSync(join(db, 'ignored.txt'), 'not a saved failure');
    writeFileSync(join(db, 'v5.3--differential--0123456789ab.scn'), '# property: differential\n# seed: 1\n# inject: \nprofile v5.3\n');
    const r = memhp(['failures', 'clear', '--failures-dir', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`removed 1 saved failure from ${db}\n`);
    expect(readdirSync(db)).toEqual(['ignored.txt']);
    expect(memhp(['failures', 'list', '--failures-dir', db]).stdout).toBe(`0 saved failures in ${db}\n`);
    // A directory that does not exist yet holds no failures.
    expect(memhp(['failures', 'list', '--failures-dir', join(db, 'none')]).code).toBe(0);
  });

  it.each([
    ['a scenario error', 'v5.3--differential--0123456789ab.scn', '# property: differential\n# seed: 1\n# inject: \nprofile v5.3\nadd frobnicate\n', /line 5: /],
    ['no header', 'v5.3--differential--0123456789ab.scn', 'profile v5.3\n', /header lacks property, seed or inject/],
    ['an unknown bug switch', 'v5.3--differential--0123456789ab.scn', '# property: differential\n# seed: 1\n# inject: no-such-bug\nprofile v5.3\n', /unknown bug switch "no-such-bug"/],
    ['a name not of the database', 'whatever.scn', '# property: differential\n# seed: 1\n# inject: \nprofile v5.3\n', /name is not <profile>--<property>--<hash>\.scn/],
    ['a profile other than its name', 'v5.5--differential--0123456789ab.scn', '# property: differential\n# seed: 1\n# inject: \nprofile v5.3\n', /scenario profile v5\.3 does not match the name/],
  ])('skips a saved failure with %s: one line on stderr, and the run goes on', (what, name, text, message) => {
    const db = tmp('db');
    writeFileSync(join(db, name), text);
    // memhp run reads the database through the same loader as list: once is enough to show it goes on.
    const commands = what === 'a scenario error' ? [[...RUN, '--out', tmp('o')], ['failures', 'list']] : [['failures', 'list']];
    for (const args of commands) {
      const r = memhp([...args, '--failures-dir', db]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/^memhp: saved failure [^\n]*\(delete it or run memhp failures clear\); skipped\n$/);
      if (args[0] === 'failures') expect(r.stdout).toBe(`0 saved failures in ${db}; 1 unreadable, skipped\n`);
      else expect(r.stdout).toMatch(/1 passed, 0 failed$/m);
    }
  });

  it('refuses a failures directory that is a file', () => {
    const file = join(tmp('db'), 'plain');
    writeFileSync(file, '');
    const r = memhp([...RUN, '--out', tmp('o'), '--failures-dir', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`memhp: failures directory ${file}: is not a directory\n`);
  });
});
