/**
 * The committed real-kernel recordings (oracle/recorded/<kernel>/*.json) held
 * against the model under the profile each release maps to. Every difference
 * must be listed, with its explanation, in oracle/recorded/known-differences.json;
 * a new one fails, and so does a listed one that no longer occurs (regenerate
 * with `npx memhp kernel-recorded --write` after a deliberate change).
 */
import { describe, expect, it } from 'vitest';
import { recordedDifferences } from '../../cli/kernel.ts';
import { compareRecord } from '../../oracle/compare.ts';
import { differenceKey, loadRecordings } from '../../oracle/known.ts';
import { KERNEL_SERIES } from '../../oracle/kernels.ts';

describe('recorded real-kernel answers against the model', () => {
  const recordings = loadRecordings();

  it('cover every kernel with the same corpus', () => {
    const bySeries = KERNEL_SERIES.map((s) => recordings.filter((r) => r.series === s).map((r) => r.scenario).sort());
    expect(bySeries[0]!.length).toBeGreaterThanOrEqual(12);
    for (const list of bySeries) expect(list).toEqual(bySeries[0]);
  });

  it('are real: each names its kernel release, QEMU and command line, and answers every step', () => {
    for (const r of recordings) {
      expect(r.release).toMatch(new RegExp(`^${r.series.replace('.', '\\.')}[.0-9]*[-+]`));
      expect(r.qemu).not.toBe('');
      expect(r.cmdline).toContain('memhp_default_state=');
      expect(r.steps.every((s) => s.answer !== '')).toBe(true);
    }
  });

  it('would catch a changed answer: a recording whose write answer is altered disagrees at that step', () => {
    const rec = recordings.find((r) => r.series === '6.1' && r.scenario === 'interleaved-zones')!;
    expect(compareRecord(rec, 'v5.5').disagreements).toEqual([]);
    const i = rec.steps.findIndex((s) => s.text === 'state 33 online_movable');
    const altered = { ...rec, steps: rec.steps.map((s, j) => (j === i ? { ...s, answer: '-EINVAL' } : s)) };
    const d = compareRecord(altered, 'v5.5').disagreements;
    expect(d[0]).toMatchObject({ step: i + 1, what: 'answer', kernel: '-EINVAL', model: 'ok' });
  });

  const { found, known } = recordedDifferences();

  it('differ from the model only where known-differences.json says so', () => {
    const knownKeys = new Set(known.map(differenceKey));
    const fresh = found.filter((f) => !knownKeys.has(differenceKey(f)));
    expect(fresh.map((f) => `${f.series} ${f.scenario}:${f.line} ${f.text} — ${f.what}: kernel "${f.kernel}" model "${f.model}"`)).toEqual([]);
  });

  it('still show every known difference (a fixed one is taken off the list)', () => {
    const foundKeys = new Set(found.map(differenceKey));
    expect(known.filter((k) => !foundKeys.has(differenceKey(k))).map(differenceKey)).toEqual([]);
  });

  it('have an explanation for every known difference', () => {
    expect(known.filter((k) => k.explanation === 'unexplained').map(differenceKey)).toEqual([]);
  });
});
