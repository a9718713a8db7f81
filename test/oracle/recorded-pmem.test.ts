/**
 * The legacy-PMEM recordings (oracle/corpus/pmem-*.scn on 5.10, 6.1, 6.12,
 * 7.3) replayed against the model without QEMU, with the answers the kernels
 * gave written out by hand: seed 002's early-section layout binds and unbinds
 * with ZONE_DEVICE spanning 512 pages; two namespaces span 1536 (both and the
 * gap); a second bind is the driver core's -EBUSY (v5.14+) or -ENODEV (5.10);
 * a namespace off the 2 MiB grid is refused by libnvdimm.
 */
import { describe, expect, it } from 'vitest';
import { compareRecord } from '../../oracle/compare.ts';
import { kernelDiff } from '../../oracle/kernel-diff.ts';
import { predict } from '../../oracle/kernel-diff-predict.ts';
import { KERNEL_SERIES } from '../../oracle/kernels.ts';
import { RELEASE_PROFILES } from '../../oracle/release-profiles.ts';
import { answersTo, recording } from '../helpers/recordings.ts';

const rec = recording;
const answers = answersTo;

describe('legacy PMEM recordings against the model', () => {
  for (const series of KERNEL_SERIES) {
    const profile = RELEASE_PROFILES[series];

    it(`${series}: seed 002's layout (RAM and PMEM in early section 7) agrees step by step`, () => {
      const r = rec(series, 'pmem-early-section');
      expect(r.cmdline).toContain('memmap=0x200000!0x3fa00000');
      expect(answers(r, 'memremap_pages 0x3fa00000 2M')).toEqual(['ok', 'ok']);
      expect(answers(r, 'zone Device')).toEqual([
        'start_pfn=0 spanned=0 present=0 managed=0',
        'start_pfn=? spanned=512 present=0 managed=0',
        'start_pfn=? spanned=512 present=0 managed=0',
      ]);
      expect(answers(r, 'block 7')).toEqual(['online DMA32', 'online DMA32', 'online DMA32']);
      expect(r.steps[2]!.state!.iomem).toEqual(['0x3fa00000-0x3fbfffff Persistent Memory (legacy)', '0x3fa00000-0x3fbfffff namespace0.0']);
      expect(compareRecord(r, profile).disagreements).toEqual([]);
    });

    it(`${series}: two namespaces in one section, every order, bound and unbound twice, agree`, () => {
      const r = rec(series, 'pmem-two-namespaces');
      const c = compareRecord(r, profile);
      expect(c.disagreements).toEqual([]);
      const twice = series === '5.10' ? '-ENODEV' : '-EBUSY';
      expect(r.steps[2]!.answer).toBe(twice);
      expect(c.rows[2]!.latitude).toBe('namespace-already-bound');
      expect(c.rows.filter((row) => row.latitude === 'namespace-not-bound').map((row) => row.kernel)).toEqual(['-ENODEV', '-ENODEV']);
      expect(answers(r, 'zone Device').at(-1)).toBe('start_pfn=? spanned=1536 present=0 managed=0');
    });

    it(`${series}: namespaces off the 2 MiB grid are refused by libnvdimm, nothing mapped`, () => {
      const r = rec(series, 'pmem-misaligned');
      const c = compareRecord(r, profile);
      expect(c.disagreements).toEqual([]);
      const refused = r.steps.filter((s) => s.text.startsWith('memremap_pages'));
      expect(refused.map((s) => s.answer)).toEqual(['libnvdimm-refused', 'libnvdimm-refused']);
      for (const s of refused) {
        expect(s.note).toMatch(new RegExp(`^${series === '5.10' ? '-ENODEV' : '-EOPNOTSUPP'}: .*misaligned, unable to map`));
      }
      expect(answers(r, 'zone Device')).toEqual(['start_pfn=0 spanned=0 present=0 managed=0', 'start_pfn=0 spanned=0 present=0 managed=0']);
    });
  }

  it('would catch a wrong span or a namespace the model did not map', () => {
    const r = rec('6.1', 'pmem-two-namespaces');
    const wrongSpan = { ...r, steps: r.steps.map((s, i) => (i === 5 ? { ...s, answer: 'start_pfn=? spanned=1024 present=0 managed=0' } : s)) };
    expect(compareRecord(wrongSpan, 'v6.1').disagreements[0]).toMatchObject({ step: 6, what: 'answer' });
    const st = r.steps[1]!.state!;
    const noChild = { ...r, steps: r.steps.map((s, i) => (i === 1 ? { ...s, state: { ...st, iomem: (st.iomem ?? []).filter((l) => !l.includes('namespace')) } } : s)) };
    expect(compareRecord(noChild, 'v6.1').disagreements[0]).toMatchObject({ step: 2, what: 'iomem', model: expect.stringContaining('device') });
  });

  it('kernel-diff: 5.10 -> 6.1 words the second bind differently (-ENODEV, -EBUSY), judged answer-class, not NOT PREDICTED', () => {
    const older = [rec('5.10', 'pmem-two-namespaces')];
    const newer = [rec('6.1', 'pmem-two-namespaces')];
    const p = predict(kernelDiff(older, newer), older, newer, 'v5.10', 'v6.1');
    expect(p.entries.map((e) => `${e.line} ${e.older} ${e.newer} ${e.verdict}`)).toEqual(['15 -ENODEV -EBUSY answer-class']);
    expect(p.unseen).toEqual([]);
  });
});
