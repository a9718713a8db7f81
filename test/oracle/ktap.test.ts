/**
 * `--format ktap` of run, regressions, kernel, kernel-campaign and audit,
 * each read back by a KTAP v1 reader written from the spec's grammar
 * (test/helpers/ktap-parse.ts), for a passing and a failing result. run and
 * regressions run for real; the QEMU commands' formatters get canned results
 * (the committed recordings for `kernel`; test-kernel/ boots one for real).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { auditKtap } from '../../cli/audit.ts';
import { campaignKtap, kernelKtap } from '../../cli/kernel-ktap.ts';
import { regressionsKtap } from '../../cli/regressions.ts';
import { auditReportJson } from '../../oracle/audit/report.ts';
import { compareRecord } from '../../oracle/compare.ts';
import { loadRecordings } from '../../oracle/known.ts';
import { RELEASE_PROFILES } from '../../oracle/release-profiles.ts';
import { loadRegressions, REGRESSIONS_DIR } from '../../regressions/load.ts';
import { formatKtap } from '../../reports/ktap.ts';
import { memhp } from '../helpers/cli.ts';
import { parseKtap } from '../helpers/ktap-parse.ts';
import { dirname } from 'node:path';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'memhp-ktap-'));

describe('the KTAP formatter', () => {
  it('prints nested subtests, SKIP directives and diagnostics the reader accepts', () => {
    const text = formatKtap(
      [
        { name: 'suite', ok: false, subtests: [{ name: 'a', ok: true }, { name: 'b # not a directive', ok: false, diagnostics: ['b: FAIL\nsecond line'] }, { name: 'c', ok: true, skip: 'not built' }] },
        { name: 'other', ok: true },
      ],
      ['header'],
    );
    expect(text.split('\n').slice(0, 4)).toEqual(['KTAP version 1', '1..2', '  KTAP version 1', '  1..3']);
    const doc = parseKtap(text);
    expect(doc.trailing).toEqual(['header']);
    expect(doc.points.map((p) => [p.number, p.ok, p.description])).toEqual([[1, false, 'suite'], [2, true, 'other']]);
    const sub = doc.points[0]!.subtests!;
    expect(sub.points.map((p) => p.description)).toEqual(['a', 'b no. not a directive', 'c']);
    expect(sub.points[1]!.diagnostics).toEqual(['b: FAIL', 'second line']);
    expect(sub.points[2]).toMatchObject({ ok: true, directive: 'SKIP', directiveText: 'not built' });
  });

  it('the reader refuses what KTAP does not allow', () => {
    expect(() => parseKtap('KTAP version 1\n1..2\nok 1 a\n')).toThrow(/plan 1..2 but 1/);
    expect(() => parseKtap('KTAP version 1\n1..1\nok 2 a\n')).toThrow(/test number 2/);
    expect(() => parseKtap('1..1\nok 1 a\n')).toThrow(/KTAP version 1/);
    expect(() => parseKtap('KTAP version 1\n1..1\n  KTAP version 1\n  1..1\n  not ok 1 x\nok 1 a\n')).toThrow(/subtests failed/);
  });
});

describe('memhp run --format ktap', () => {
  it('a passing run: one ok point per profile × property, nothing but KTAP on stdout', () => {
    const r = memhp(['run', '--profile', 'v6.1', '--property', 'differential', '--runs', '5', '--steps', '10', '--workers', '1', '--format', 'ktap', '--out', tmp()]);
    expect(r.code, r.stderr).toBe(0);
    const doc = parseKtap(r.stdout);
    expect(doc.points.map((p) => [p.ok, p.description])).toEqual([[true, 'v6.1 differential']]);
  }, 60_000);

  it('a failing run: not ok, the counterexample in the diagnostics', () => {
    const r = memhp(['run', '--seed', '4', '--profile', 'v5.5', '--property', 'invariants', '--inject', 'remove-reads-zone', '--runs', '30', '--steps', '20', '--workers', '1', '--format', 'ktap', '--out', tmp()]);
    expect(r.code, r.stderr).toBe(1);
    const [p] = parseKtap(r.stdout).points;
    expect(p).toMatchObject({ ok: false, description: 'v5.5 invariants' });
    expect(p!.diagnostics.join('\n')).toContain('no-uninit-memmap-read');
  }, 60_000);
});

describe('memhp regressions --format ktap', () => {
  it('passing entries ok, pending and not-expressible ones skipped', () => {
    const r = memhp(['regressions', '--only', 'B-5', '--only', 'B-15', '--format', 'ktap', '--out', tmp()]);
    expect(r.code, r.stderr).toBe(0);
    const doc = parseKtap(r.stdout);
    expect(doc.points.map((p) => [p.ok, p.description.split(' ')[0], p.directive])).toEqual([[true, 'B-5', undefined], [true, 'B-15', 'SKIP']]);
  }, 60_000);

  it('a failing entry is not ok with the failed check as diagnostic', () => {
    const entry = loadRegressions(dirname(REGRESSIONS_DIR)).find((e) => e.meta.id === 'B-5')!;
    const text = regressionsKtap([{ entry, verdict: 'FAIL', checks: [{ name: 'pinned', verdict: { ok: false, detail: 'step 2 answered ok' } }] }], 'x');
    const [p] = parseKtap(text).points;
    expect(p).toMatchObject({ ok: false, diagnostics: ['pinned: step 2 answered ok'] });
  });
});

describe('kernel, kernel-campaign and audit KTAP (canned results)', () => {
  const recs = loadRecordings().filter((r) => r.series === '6.1' && ['eject', 'memmap-on-memory'].includes(r.scenario));

  it('kernel: the recordings held to their release profile pass, held to v5.5 they fail', () => {
    const pass = parseKtap(kernelKtap(recs.map((record) => ({ record, comparison: compareRecord(record, RELEASE_PROFILES[record.series]) })), () => false));
    expect(pass.points.map((p) => [p.ok, p.description])).toEqual([[true, '6.1 eject'], [true, '6.1 memmap-on-memory']]);
    const fail = parseKtap(kernelKtap(recs.map((record) => ({ record, comparison: compareRecord(record, 'v5.5') })), () => false));
    expect(fail.points.some((p) => !p.ok && p.diagnostics.some((d) => /kernel ".*" model ".*"/.test(d)))).toBe(true);
  });

  it('kernel-campaign: an unexplained disagreement fails its sequence', () => {
    const d = { step: 3, line: 3, text: 'state 33 offline', what: 'answer', kernel: '-EINVAL', model: 'ok' };
    const text = campaignKtap(
      [
        { series: '6.1', sequence: 0, name: 'campaign-1-6.1-0', config: [], steps: 12, disagreements: [], latitudes: [] },
        { series: '6.1', sequence: 1, name: 'campaign-1-6.1-1', config: ['config memmap_on_memory Y'], steps: 12, disagreements: [d], cls: 'UNEXPLAINED', latitudes: [] },
      ],
      1,
    );
    const doc = parseKtap(text);
    expect(doc.points.map((p) => p.ok)).toEqual([true, false]);
    expect(doc.points[1]!.diagnostics).toContain('step 3 (line 3) state 33 offline: answer: kernel "-EINVAL" model "ok"');
  });

  it('audit: a run without differences is ok, one with differences not ok and judged', () => {
    const item = { name: 'mm', origin: 'x', config: [], steps: [] };
    const diff = { item: 'mm', step: 2, line: 2, text: 'state 32 online_movable', what: 'zone Movable', base: 'a', patched: 'b', kind: 'k', verdict: 'predicted' as const, rules: ['modern.memmapOnMemory'] };
    const doc = auditReportJson({
      base: { name: '6.1', release: 'r', pkg: 'p', profile: 'v6.1' },
      patched: { name: '6.12', release: 'r', pkg: 'p', profile: 'v6.12' },
      seed: 1,
      sequences: 0,
      steps: 12,
      files: [],
      rules: [],
      result: {
        items: [
          { item, differences: [diff], disagreements: { base: 0, patched: 0 }, latitudes: { base: [], patched: [] } },
          { item: { ...item, name: 'clean' }, differences: [], disagreements: { base: 0, patched: 0 }, latitudes: { base: [], patched: [] } },
        ],
        kinds: [{ kind: 'k', verdict: 'predicted', occurrences: [diff], rules: diff.rules }],
      },
    });
    const parsed = parseKtap(auditKtap(doc));
    expect(parsed.points.map((p) => [p.ok, p.description])).toEqual([[false, 'mm'], [true, 'clean']]);
    expect(parsed.trailing[0]).toContain('1 kinds');
    expect(parsed.points[0]!.diagnostics[0]).toContain('[predicted: modern.memmapOnMemory]');
  });
});
