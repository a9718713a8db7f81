/**
 * The main job end to end: `memhp run` prints a summary, writes a report, and
 * for a failure prints a counterexample that replays to the same failure.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../model/profiles/index.ts';
import { memhp } from '../helpers/cli.ts';

describe('memhp run', () => {
  it('passes on every profile and writes its report', () => {
    const out = mkdtempSync(join(tmpdir(), 'memhp-run-'));
    const r = memhp(['run', '--runs', '5', '--steps', '40', '--out', out]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/v4\.19\s+differential\s+passed/);
    expect(r.stdout).toMatch(/v5\.5\s+invariants\s+passed/);
    expect(r.stdout).toMatch(/per-command counts/);
    const pairs = 3 * PROFILES.length;
    expect(r.stdout).toMatch(new RegExp(`${PROFILES.length} profile\\(s\\) × 3 properties: ${pairs} passed, 0 failed`));
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8')) as { schemaVersion: number; seed: number };
    expect(report).toMatchObject({ schemaVersion: 1, seed: 42 });
    expect(existsSync(join(out, 'summary.md'))).toBe(true);
  });

  it('gives byte-identical reports for the same seed', () => {
    const a = mkdtempSync(join(tmpdir(), 'memhp-a-'));
    const b = mkdtempSync(join(tmpdir(), 'memhp-b-'));
    const args = ['run', '--runs', '5', '--steps', '30', '--seed', '7', '--profile', 'v5.3', '--inject', 'swallow-eexist'];
    // Each run its own failure database, named after its report so that the texts compare.
    const ra = memhp([...args, '--out', a, '--failures-dir', `${a}-failures`]);
    const rb = memhp([...args, '--out', b, '--failures-dir', `${b}-failures`]);
    expect(ra.code).toBe(1);
    expect(rb.code).toBe(1);
    for (const f of ['report.json', 'summary.md', 'counterexamples/v5.3-differential.scn', 'report.html']) {
      expect(readFileSync(join(a, f)), f).toEqual(readFileSync(join(b, f)));
      expect(readFileSync(join(a, f)).includes(0x1b), `${f} holds an escape character`).toBe(false);
    }
    expect(ra.stdout.replaceAll(a, 'OUT')).toEqual(rb.stdout.replaceAll(b, 'OUT'));
  });

  it('prints a counterexample that replays to the same failure, and re-runs from its tokens', () => {
    const out = mkdtempSync(join(tmpdir(), 'memhp-cx-'));
    const r = memhp(['run', '--runs', '50', '--seed', '3', '--profile', 'v5.5', '--property', 'differential', '--inject', 'mask-last-subsection', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/memhp: v5\.5 › differential › step \d+: differential/);
    const tokens = /path "([^"]*)"\s+replayPath "([^"]*)"/.exec(r.stdout);
    expect(tokens).not.toBeNull();
    const file = join(out, 'counterexamples', 'v5.5-differential.scn');
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^profile v5\.5$/m);

    const clean = memhp(['replay', file, '--impl', 'both']);
    expect(clean.code, clean.stdout).toBe(0);
    const broken = memhp(['replay', file, '--impl', 'both', '--inject', 'mask-last-subsection']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/implementations disagree/);

    const again = memhp([
      'run', '--seed', '3', '--profile', 'v5.5', '--property', 'differential', '--inject', 'mask-last-subsection',
      '--path', tokens![1]!, '--replay-path', tokens![2]!, '--out', mkdtempSync(join(tmpdir(), 'memhp-re-')),
    ]);
    expect(again.code).toBe(1);
    expect(again.stdout).toContain(text.trimEnd().split('\n').map((l) => `    ${l}`).join('\n'));
  });
});

describe('memhp profiles', () => {
  it('lists each profile with its commit', () => {
    const r = memhp(['profiles']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^v5\.3\s+ba72b4c8cf60\s+sub-section hotplug/m);
  });
  it('explains a profile rule by rule', () => {
    const r = memhp(['profiles', '--explain', 'v4.19']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sparse\.hotplug = section/);
    expect(r.stdout).toMatch(/sparse\.removeInvalid = einval-break/);
  });
  it('explains what a profile changes from the one it derives from, and says when nothing does', () => {
    const r = memhp(['profiles', '--explain', 'v5.5']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('  derived from v5.3, changing 7 rule(s):\n');
    expect(r.stdout).toContain('    hotplug.shrinkAt: remove → offline (feee6b298916, v5.5)\n');
    expect(memhp(['profiles', '--explain', 'v6.12']).stdout).toContain("  derived from v6.9: no rule changes (the rules equal v6.9's)\n");
    expect(memhp(['profiles', '--explain', 'v4.10']).stdout).toContain('  the oldest profile: every later profile derives from it\n');
  });
  it('explains the modern rules with their commits, and latest is v7.3', () => {
    const r = memhp(['profiles', '--explain', 'v6.7']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/modern\.memmapOnMemory = per-block\n.*\n\s+since 6b8f0798b85a/);
    expect(r.stdout).toMatch(/modern\.hwpoisonOnline = ehwpoison\n.*\n\s+since 5033091de814/);
    expect(memhp(['profiles']).stdout).toMatch(/^latest\s+→ v7\.3$/m);
  });
});
