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
import { LATITUDES } from '../../oracle/nondeterminism.ts';
import { RELEASE_PROFILES } from '../../oracle/release-profiles.ts';
import { parseScenario } from '../../scenario/index.ts';

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

  it('resync a refused eject with the one pinned block that explains the kernel\'s state: block 41 comes back Movable', () => {
    for (const series of KERNEL_SERIES) {
      const rec = recordings.find((r) => r.series === series && r.scenario === 'eject-busy-left-type')!;
      const eject = rec.steps.findIndex((s) => s.text.startsWith('eject_memory'));
      const c = compareRecord(rec, RELEASE_PROFILES[series]);
      // every recording so far saw the kernel refuse this eject (unmovable allocations in a Normal block)
      expect(rec.steps[eject]!.answer).toBe('-EBUSY');
      expect(c.rows[eject]!.latitude).toBe('eject-kernel-zone-busy');
      expect(c.disagreements).toEqual([]);
      expect(rec.steps.find((s) => s.text === 'block 41')!.answer).toBe('online Movable');
    }
    // the alternatives: one block pinned at a time (40..43, all Normal before the eject), then all four
    const rec = recordings.find((r) => r.series === '5.10' && r.scenario === 'eject-busy-left-type')!;
    const busy = LATITUDES.find((l) => l.id === 'eject-kernel-zone-busy')!;
    const eject = parseScenario(rec.source, 'x.scn').steps.find((s) => s.step.op === 'eject_memory')!.step;
    const alts = busy.resync(eject, rec.steps[2]!.state ?? rec.steps[1]!.state);
    expect(alts.map((a) => a.filter((s) => s.op === 'pin').length)).toEqual([1, 1, 1, 1, 4]);
  });

  it('offline of a boot block with a hole: -EINVAL on every kernel (c5e79ef561b0); the v5.5 profile would answer -EBUSY', () => {
    for (const series of KERNEL_SERIES) {
      const rec = recordings.find((r) => r.series === series && r.scenario === 'offline-block-with-hole')!;
      expect(rec.cmdline).toContain('memmap=0x80000$0x8100000');
      const i = rec.steps.findIndex((s) => s.text === 'state 1 offline');
      expect(rec.steps[i]!.answer).toBe('-EINVAL');
      // the hole is not System RAM: DMA32 has 128 present pages fewer than it spans
      expect(rec.steps.find((s) => s.text === 'zone DMA32')!.answer).toContain('spanned=258016 present=257888');
      expect(compareRecord(rec, RELEASE_PROFILES[series]).disagreements).toEqual([]);
      const before = compareRecord(rec, 'v5.5').disagreements;
      expect(before[0]).toMatchObject({ step: i + 1, what: 'answer', kernel: '-EINVAL', model: '-EBUSY' });
    }
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
