/**
 * The namespace-mode and kmem-remove recordings (oracle/corpus/pmem-fsdax.scn,
 * pmem-devdax.scn, kmem-remove-online.scn on 5.10, 6.1, 6.12, 7.3) replayed
 * against the model without QEMU, with what the kernels answered written out
 * by hand: the 128 MiB namespace maps whole into ZONE_DEVICE (32768 pages
 * spanned, kept after the unbind); an 8 MiB one is refused at the seed's
 * namespace write (-ENXIO), align 12345 at its align write (-EINVAL); kmem's
 * unbind with block 4 online answers success while the memory stays
 * (kmem-remove-failed against the model's -EBUSY).
 */
import { describe, expect, it } from 'vitest';
import { compareRecord } from '../../oracle/compare.ts';
import { KERNEL_SERIES } from '../../oracle/kernels.ts';
import { RELEASE_PROFILES } from '../../oracle/release-profiles.ts';
import { answersTo, recording } from '../helpers/recordings.ts';

const rec = recording;
const answers = answersTo;

describe('fsdax and devdax recordings against the model', () => {
  for (const mode of ['fsdax', 'devdax']) {
    for (const series of KERNEL_SERIES) {
      it(`${series} ${mode}: mapped whole, bound twice, unbound twice, the 16 MiB minimum and a bad align refused`, () => {
        const r = rec(series, `pmem-${mode}`);
        expect(r.cmdline).toContain('memmap=0x8000000!0x10000000');
        const busy = series === '5.10' ? '-ENODEV' : '-EBUSY';
        expect(answers(r, 'memremap_pages 0x10000000 128M')).toEqual(['ok', busy, 'ok']);
        expect(answers(r, 'memunmap_pages 0x10000000 128M')).toEqual(['ok', '-ENODEV']);
        expect(answers(r, 'memremap_pages 0x18200000 8M')).toEqual(['-ENXIO']);
        expect(answers(r, 'memremap_pages 0x18c00000 32M')).toEqual(['-EINVAL']);
        expect(answers(r, 'zone Device')).toEqual(['start_pfn=? spanned=32768 present=0 managed=0', 'start_pfn=? spanned=32768 present=0 managed=0']);
        const mapped = r.steps.find((s) => s.text === 'memremap_pages 0x10000000 128M');
        expect(mapped?.state?.iomem).toEqual([
          '0x10000000-0x17ffffff Persistent Memory (legacy)',
          '0x10000000-0x17ffffff namespace0.0',
          '0x18200000-0x189fffff Persistent Memory (legacy)',
          '0x18c00000-0x1abfffff Persistent Memory (legacy)',
        ]);
        expect(compareRecord(r, RELEASE_PROFILES[series]).disagreements).toEqual([]);
      });
    }
  }
});

describe('kmem unbind while a block is online', () => {
  for (const series of KERNEL_SERIES) {
    it(`${series}: the unbind succeeds, the memory stays: kmem-remove-failed against -EBUSY, block 4 still online`, () => {
      const r = rec(series, 'kmem-remove-online');
      const c = compareRecord(r, RELEASE_PROFILES[series]);
      expect(c.disagreements).toEqual([]);
      expect(answers(r, 'remove_memory 0x18000000 384M')).toEqual(['kmem-remove-failed']);
      expect(c.rows.find((row) => row.text === 'remove_memory 0x18000000 384M')).toMatchObject({ model: '-EBUSY', latitude: 'kmem-remove-failed' });
      expect(answers(r, 'block 4')).toEqual(['online Movable']);
      expect(answers(r, 'block 5')).toEqual(['offline']);
      const after = r.steps.find((s) => s.text === 'remove_memory 0x18000000 384M');
      expect(after?.state?.iomem).toContain('0x18000000-0x2fffffff System RAM (kmem)');
    });
  }
});
