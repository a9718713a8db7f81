/**
 * The real-kernel changelog against the profiles, from the committed
 * recordings: every step where two consecutive kernels answered differently
 * is predicted by their profiles (or follows a declared nondeterministic
 * outcome, or is a boot zone's own reservation), and every difference the
 * profiles predict on the corpus was seen on the kernels.
 */
import { describe, expect, it } from 'vitest';
import { kernelDiff } from '../../oracle/kernel-diff.ts';
import { predict, ruleChanges } from '../../oracle/kernel-diff-predict.ts';
import { KERNEL_SERIES, type KernelSeries } from '../../oracle/kernels.ts';
import { loadRecordings } from '../../oracle/known.ts';
import { RELEASE_PROFILES } from '../../oracle/release-profiles.ts';

const recs = loadRecordings();
const pairs = KERNEL_SERIES.slice(1).map((b, i) => [KERNEL_SERIES[i] as KernelSeries, b] as const);
const of = (s: KernelSeries) => recs.filter((r) => r.series === s);

describe('memhp kernel-diff beside the profiles', () => {
  it.each(pairs)('Linux %s → %s: every real difference is explained and every prediction seen', (a, b) => {
    const d = kernelDiff(of(a), of(b));
    const p = predict(d, of(a), of(b), RELEASE_PROFILES[a], RELEASE_PROFILES[b]);
    const unexplained = p.entries.filter((e) => e.verdict === 'NOT PREDICTED').map((e) => `${e.scenario}:${e.line} ${e.text} ${e.what}`);
    expect(unexplained).toEqual([]);
    expect(p.unseen.map((u) => `${u.scenario}:${u.line} ${u.text} ${u.what}`)).toEqual([]);
  });

  it('5.10 → 6.1 is mostly auto-movable and memmap_on_memory, and the profiles name those rules', () => {
    const d = kernelDiff(of('5.10'), of('6.1'));
    const p = predict(d, of('5.10'), of('6.1'), 'v5.10', 'v6.1');
    expect(p.entries.filter((e) => e.verdict === 'predicted').length).toBeGreaterThan(40);
    expect(p.rules.some((r) => r.startsWith('modern.onlinePolicy: "contig-zones-only" → "policies"'))).toBe(true);
    expect(p.rules.some((r) => r.startsWith('modern.memmapOnMemory: "none" → "one-block"'))).toBe(true);
  });

  it('fails when the profiles do not carry the change: 5.10 → 6.1 judged with v5.10 on both sides', () => {
    const d = kernelDiff(of('5.10'), of('6.1'));
    const p = predict(d, of('5.10'), of('6.1'), 'v5.10', 'v5.10');
    expect(ruleChanges('v5.10', 'v5.10')).toEqual([]);
    expect(p.entries.some((e) => e.verdict === 'NOT PREDICTED' && e.scenario === 'auto-movable')).toBe(true);
  });

  it('lists predictions the kernels did not show: 6.1 → 6.12 judged as v5.10 → v6.12', () => {
    const d = kernelDiff(of('6.1'), of('6.12'));
    const p = predict(d, of('6.1'), of('6.12'), 'v5.10', 'v6.12');
    // auto-movable came with v5.15: the profiles predict it, but 6.1 already had it
    expect(p.unseen.some((u) => u.scenario === 'auto-movable')).toBe(true);
  });

  it('a difference marked "may be nondeterministic" that the profiles predict is judged predicted, by what it is about', () => {
    const d = kernelDiff(of('5.10'), of('6.1'));
    const p = predict(d, of('5.10'), of('6.1'), 'v5.10', 'v6.1');
    const i = p.entries.findIndex((e) => e.verdict === 'predicted' && e.what === 'answer');
    expect(i).toBeGreaterThanOrEqual(0);
    const marked = d.map((e) => (e === d.find((x) => x.scenario === p.entries[i]!.scenario && x.line === p.entries[i]!.line && x.what === 'answer') ? { ...e, what: 'answer (may be nondeterministic)' } : e));
    const again = predict(marked, of('5.10'), of('6.1'), 'v5.10', 'v6.1');
    expect(again.entries.find((e) => e.what === 'answer (may be nondeterministic)' && e.scenario === p.entries[i]!.scenario && e.line === p.entries[i]!.line)?.verdict).toBe('predicted');
  });
});
