/**
 * `memhp diff` end to end: the changes the seeds describe come out as their
 * kinds with short sequences, a profile against itself shows nothing, and a
 * printed sequence replays to the difference.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memhp, repoRoot } from '../helpers/cli.ts';

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

describe('memhp diff', () => {
  it('finds nothing between a profile and itself, and exits 0', () => {
    const out = tmp('memhp-diff-same-');
    const r = memhp(['diff', '--from', 'v5.5', '--to', 'v5.5', '--runs', '30', '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/no difference found/);
    const doc = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { differences: unknown[]; status: string };
    expect(doc.differences).toEqual([]);
    expect(doc.status).toBe('passed');
  });

  it('seed 002: v4.19 → v5.3 shows the -EEXIST change of __add_pages in at most 5 steps, printed as a scenario with both answers side by side, which replays on A and fails on B', () => {
    const out = tmp('memhp-diff-');
    const r = memhp(['diff', '--from', 'v4.19', '--to', 'v5.3', '--runs', '200', '--steps', '30', '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      differences: Array<{ kind: string; counterexample: string; answers: string[]; steps: number }>;
    };
    const row = doc.differences.find((d) => d.kind === 'add_pages: ok → -EEXIST')!;
    expect(row, doc.differences.map((d) => d.kind).join('; ')).toBeDefined();
    // v4.19 swallows -EEXIST from an existing section; v5.3 returns it (seed 002, docs/seeds.md).
    expect(row.answers).toEqual(['ok', '-EEXIST']);
    expect(row.steps).toBeLessThanOrEqual(5);
    const file = join(out, 'counterexamples', `${row.counterexample}.scn`);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^profile v4\.19$/m);
    expect(text).toMatch(/-> ok {2}# v4\.19: ok {3}v5\.3: -EEXIST/);
    expect(r.stdout).toContain('v4.19: ok   v5.3: -EEXIST');
    expect(memhp(['replay', file, '--impl', 'reference', '--out', tmp('memhp-rp-')]).code).toBe(0);
    const onB = memhp(['replay', file, '--profile', 'v5.3', '--impl', 'reference', '--out', tmp('memhp-rp-')]);
    expect(onB.code).toBe(1);
    expect(onB.stdout).toMatch(/expected ok {2}FAIL/);
  });

  it('audits a patch profile that flips one rule: exactly that difference', () => {
    const dir = tmp('memhp-patch-');
    const patch = join(dir, 'remove-einval.profile.json');
    // v5.5 with __remove_pages stopping at the first invalid section again (sparse.removeInvalid).
    writeFileSync(patch, JSON.stringify({ name: 'remove-einval', base: 'v5.5', rules: { 'sparse.removeInvalid': 'einval-break' } }));
    const r = memhp(['diff', '--from', 'v5.5', '--to', patch, '--runs', '100', '--out', join(dir, 'out')]);
    expect(r.code, r.stderr).toBe(1);
    const doc = JSON.parse(readFileSync(join(dir, 'out', 'report.json'), 'utf8')) as {
      differences: Array<{ kind: string; answers: string[] }>;
      counterexamples: Array<{ file: string; replay: { commands: string[] } }>;
    };
    expect(doc.differences.map((d) => d.kind)).toEqual(['remove_pages: WARN → -EINVAL']);

    // The printed replay command names the patch file, and runs: on B the sequence's expectations (A's answers) fail.
    const printed = /^ {2}replay: npx memhp (replay .*)$/m.exec(r.stdout)?.[1];
    expect(printed).toBe(`replay ${join(dir, 'out', doc.counterexamples[0]!.file)} --profile ${patch} --impl reference`);
    const onB = memhp([...printed!.split(' '), '--out', join(dir, 'rp')]);
    expect(onB.code, onB.stderr).toBe(1);
    expect(onB.stdout).toMatch(/memhp: failed: 1 unmet expectation/);
    // The report's commands run from the report directory, as its HTML says.
    const fromReport = doc.counterexamples[0]!.replay.commands[1]!;
    expect(fromReport).toBe(`npx memhp replay ${doc.counterexamples[0]!.file} --profile ${relative(join(dir, 'out'), patch)} --impl reference`);
    const there = spawnSync(process.execPath, [join(repoRoot, 'bin/memhp.js'), ...fromReport.split(' ').slice(2), '--out', join(dir, 'rp2')], {
      cwd: join(dir, 'out'),
      encoding: 'utf8',
    });
    expect(there.status, there.stderr).toBe(1);
    expect(readFileSync(join(dir, 'out', 'report.html'), 'utf8')).toContain('from the report directory');
  });

  it('--chain walks each profile against the one it derives from, in catalogue order, into one table', () => {
    const out = tmp('memhp-chain-');
    const r = memhp(['diff', '--chain', '--runs', '10', '--steps', '10', '--kinds', '1', '--out', out]);
    expect([0, 1], r.stderr).toContain(r.code);
    const doc = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as {
      pairs: Array<{ from: string; to: string }>;
      differences: Array<{ from: string; to: string; counterexample: string }>;
    };
    // written out: the chain of model/profiles (Debian-named and s390 profiles branch off)
    const chain = [
      ['v4.10', 'v4.13'], ['v4.13', 'v4.14'], ['v4.14', 'v4.19'], ['v4.19', 'v5.3'], ['v5.3', 'v5.5'], ['v5.5', 'v5.10'], ['v5.5', 'v5.12'],
      ['v5.12', 'v5.15'], ['v5.15', 'v6.1'], ['v5.15', 'v6.5'], ['v6.5', 'v6.6'], ['v6.6', 'v6.7'], ['v6.7', 'v6.9'], ['v6.9', 'v6.9-s390'],
      ['v6.7', 'v6.9-s390-rfc'], ['v6.9', 'v6.12'], ['v6.12', 'v7.3'],
    ];
    expect(doc.pairs.map((p) => [p.from, p.to])).toEqual(chain);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    for (const d of doc.differences) {
      expect(d.counterexample.startsWith(`${d.from}-${d.to}-`)).toBe(true);
      expect(summary).toContain(`| ${d.from} → ${d.to} |`);
    }
    expect(r.code).toBe(doc.differences.length > 0 ? 1 : 0);
    // Not a terminal: each pair's start and end are plain lines on stderr, with their times.
    const n = chain.length;
    chain.forEach(([from, to], i) => {
      expect(r.stderr).toContain(`memhp diff: pair ${i + 1}/${n} ${from} → ${to} started\n`);
      expect(r.stderr).toMatch(new RegExp(`memhp diff: pair ${i + 1}/${n} ${from!.replace(/\./g, '\\.')} → ${to!.replace(/\./g, '\\.')} finished in \\d+\\.\\d s: [01] kind\\(s\\) of difference \\(\\d+\\.\\d s in all\\)\n`));
    });
    expect(r.stderr).not.toContain('\r');
  });

  it('rejects missing or unknown profiles in one line, exit 2', () => {
    const none = memhp(['diff', '--from', 'v5.5']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/^memhp: give --from A --to B/);
    const unknown = memhp(['diff', '--from', 'v5.5', '--to', 'v1.0']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown profile "v1\.0"/);
    const missing = memhp(['diff', '--from', 'v5.5', '--to', './no-such.profile.json']);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
