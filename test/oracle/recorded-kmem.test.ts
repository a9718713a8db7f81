/**
 * The dax kmem recordings (oracle/corpus/kmem-below-4g.scn on 5.10, 6.1,
 * 6.12, 7.3) replayed against the model without QEMU, with what the kernels
 * answered written out by hand: device_dax maps the whole 512 MiB namespace
 * as ZONE_DEVICE (131072 pages spanned, kept after the unbind); kmem adds
 * blocks 3..5 as "System RAM (kmem)", offline, with DMA32 in valid_zones; a
 * kernel online lands in DMA32. kmem-refusals.scn: the driver core's
 * refusals of a second bind (-EBUSY, 5.10 -ENODEV) and of an unbind of
 * nothing (-ENODEV) against the model's -EEXIST / -EINVAL.
 */
import { describe, expect, it } from 'vitest';
import { compareRecord } from '../../oracle/compare.ts';
import { KERNEL_SERIES } from '../../oracle/kernels.ts';
import { RELEASE_PROFILES } from '../../oracle/release-profiles.ts';
import type { KernelRecord } from '../../oracle/record.ts';
import { answersTo, recording } from '../helpers/recordings.ts';

const rec = (series: string, scenario = 'kmem-below-4g'): KernelRecord => recording(series, scenario);
const answers = answersTo;

describe('dax kmem recordings against the model', () => {
  for (const series of KERNEL_SERIES) {
    it(`${series}: devdax map/unmap, kmem add, online below 4 GiB, remove, add again: every step agrees`, () => {
      const r = rec(series);
      expect(r.cmdline).toContain('memmap=0x20000000!0x10000000');
      expect(answers(r, 'zone Device')).toEqual(['start_pfn=? spanned=131072 present=0 managed=0', 'start_pfn=? spanned=131072 present=0 managed=0']);
      expect(answers(r, 'add_memory_driver_managed 0x18000000 384M')).toEqual(['ok', 'ok']);
      const added = r.steps.find((s) => s.text.startsWith('add_memory_driver_managed'));
      expect(added?.state?.iomem).toEqual(['0x10000000-0x2fffffff Persistent Memory (legacy)', '0x18000000-0x2fffffff System RAM (kmem)']);
      expect(added?.state?.blocks['3']).toMatchObject({ state: 'offline', validZones: 'DMA32 Movable' });
      expect(answers(r, 'block 5')).toEqual(['online DMA32']);
      expect(answers(r, 'remove_memory 0x18000000 384M')).toEqual(['ok', 'ok']);
      expect(compareRecord(r, RELEASE_PROFILES[series]).disagreements).toEqual([]);
    });
  }

  for (const series of KERNEL_SERIES) {
    it(`${series}: binding what is bound and unbinding what is not are driver-core refusals, judged answer classes`, () => {
      const r = rec(series, 'kmem-refusals');
      const c = compareRecord(r, RELEASE_PROFILES[series]);
      expect(c.disagreements).toEqual([]);
      const bind = series === '5.10' ? '-ENODEV' : '-EBUSY';
      expect(answers(r, 'add_memory_driver_managed 0x18000000 384M')).toEqual([bind, 'ok', bind]);
      expect(answers(r, 'remove_memory 0x18000000 384M')).toEqual(['-ENODEV', 'ok', '-ENODEV']);
      expect(c.rows.map((row) => row.latitude).filter((l) => l !== undefined)).toEqual([
        'namespace-already-bound',
        'dax-already-bound',
        'dax-not-bound',
        'namespace-not-bound',
        'dax-already-bound',
        'dax-not-bound',
      ]);
    });
  }

  it('would catch a plain "System RAM" line where kmem\'s should be, and a zone the model did not pick', () => {
    const r = rec('6.12');
    const i = r.steps.findIndex((s) => s.text.startsWith('add_memory_driver_managed'));
    const st = r.steps[i]!.state!;
    const plain = { ...r, steps: r.steps.map((s, j) => (j === i ? { ...s, state: { ...st, iomem: (st.iomem ?? []).map((l) => l.replace(' (kmem)', '')) } } : s)) };
    expect(compareRecord(plain, 'v6.12').disagreements[0]).toMatchObject({ step: i + 1, what: 'iomem' });
    const k = r.steps.findIndex((s) => s.text === 'block 5');
    const normal = { ...r, steps: r.steps.map((s, j) => (j === k ? { ...s, answer: 'online Normal' } : s)) };
    expect(compareRecord(normal, 'v6.12').disagreements[0]).toMatchObject({ step: k + 1, what: 'answer' });
  });
});
