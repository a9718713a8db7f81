/**
 * Offlining a boot block whose System RAM does not cover it (docs/oracle.md,
 * "Offlining a block with a hole before v5.6"). Expected answers worked out by
 * hand from the kernel code of each profile's release:
 * - v4.10..v4.14 (kernels v4.10..v4.14): has_unmovable_pages() trusts a
 *   MIGRATE_MOVABLE pageblock, the System RAM walks skip the hole: ok, and
 *   present drops by the block's RAM pages only;
 * - v4.19..v5.5: a hole page inside a zone's span has page_count() 1 from
 *   memmap_init_zone() and is never freed: isolation fails, -EBUSY, nothing
 *   changes; a hole past the span was never initialised and is skipped, until
 *   an online initialises the whole block;
 * - v5.10 on: c5e79ef561b0 (v5.6) refuses any hole first, -EINVAL.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../../model/config.ts';
import { block, state, zone } from '../../../helpers/hotplug.ts';
import { M, machine } from '../../../helpers/machine.ts';

// The 1 GiB guest's RAM with a 512K hole at 0x8100000 (pfns 0x8100..0x817f, block 1).
const HOLEY = [
  { start: 0x1000, size: 0x9e000, nid: 0 },
  { start: 0x100000, size: 0x8000000, nid: 0 },
  { start: 0x8180000, size: 0x37e60000, nid: 0 },
];
// DMA32 = pfns 0x1000..0x3ffdf: 258016 spanned, less the 128-page hole.
const DMA32_BOOT = 'start_pfn=4096 spanned=258016 present=257888 managed=257888';

describe('reference: offline of a boot block with a hole inside a zone span (block 1)', () => {
  for (const p of ['v4.10', 'v4.13', 'v4.14']) {
    it(`${p}: ok; present drops by the block's 32640 RAM pages, the span stays (shrink at remove)`, () => {
      const m = machine(p, HOLEY);
      expect(zone(m, 'DMA32')).toBe(DMA32_BOOT);
      expect(state(m, 1, 'offline')).toBe('ok');
      expect(block(m, 1)).toBe('offline');
      expect(zone(m, 'DMA32')).toBe('start_pfn=4096 spanned=258016 present=225248 managed=225248');
      expect(state(m, 1, 'online')).toBe('ok');
      expect(zone(m, 'DMA32')).toBe(DMA32_BOOT);
    });
  }

  for (const p of ['v4.19', 'v5.3', 'v5.5']) {
    it(`${p}: -EBUSY, the block stays online in DMA32 and nothing is counted`, () => {
      const m = machine(p, HOLEY);
      expect(state(m, 1, 'offline')).toBe('-EBUSY');
      expect(block(m, 1)).toBe('online DMA32');
      expect(zone(m, 'DMA32')).toBe(DMA32_BOOT);
      // block 2 has no hole: the same profile offlines it
      expect(state(m, 2, 'offline')).toBe('ok');
    });
  }

  for (const p of ['v5.10', 'v6.1', 'v7.3']) {
    it(`${p}: -EINVAL (c5e79ef561b0), before any zone is looked at`, () => {
      const m = machine(p, HOLEY);
      expect(state(m, 1, 'offline')).toBe('-EINVAL');
      expect(block(m, 1)).toBe('online DMA32');
    });
  }
});

describe('reference: a hole past the zone span (block 7, RAM to 0x3ffe0000)', () => {
  const boot = [{ start: 0x100000, size: 0x3fee0000, nid: 0 }];

  it('v5.5: the first offline passes (the hole was never initialised); an online initialises it, then -EBUSY', () => {
    const m = machine('v5.5', boot);
    expect(state(m, 7, 'offline')).toBe('ok');
    // block 7 holds 32768 - 32 RAM pages; DMA32 keeps its end (0x3ffe0 is not the block's end)
    expect(zone(m, 'DMA32')).toBe('start_pfn=4096 spanned=258016 present=225280 managed=225280');
    expect(state(m, 7, 'online')).toBe('ok');
    expect(block(m, 7)).toBe('online DMA32');
    expect(state(m, 7, 'offline')).toBe('-EBUSY');
    expect(block(m, 7)).toBe('online DMA32');
  });

  it('v5.5: ZONE_DEVICE pages in that hole are initialised (page_count() 1, PageReserved): -EBUSY', () => {
    // RAM ends at 0x3fe00000: the last sub-section of block 7 is a hole past DMA32's span
    const short = [{ start: 0x100000, size: 0x3fd00000, nid: 0 }];
    expect(state(machine('v5.5', short), 7, 'offline')).toBe('ok');
    const m = machine('v5.5', short);
    expect(m.apply({ op: 'memremap_pages', start: 0x3fe00000, size: 2 * M, nid: 0 })).toBe('ok');
    expect(state(m, 7, 'offline')).toBe('-EBUSY');
    expect(block(m, 7)).toBe('online DMA32');
  });

  it('v4.14: offline and online as often as asked', () => {
    const m = machine('v4.14', boot);
    for (let i = 0; i < 2; i++) {
      expect(state(m, 7, 'offline')).toBe('ok');
      expect(state(m, 7, 'online')).toBe('ok');
    }
  });

  it('v5.10: -EINVAL from the start', () => {
    expect(state(machine('v5.10', boot), 7, 'offline')).toBe('-EINVAL');
  });
});

describe('reference: a hole that is a whole missing section (ppc64: 16M sections, 256M blocks)', () => {
  // block 0 = sections 0..15; section 1 (16M..32M) has no RAM and no memmap
  const boot = [
    { start: 0, size: 16 * M, nid: 0 },
    { start: 32 * M, size: 224 * M, nid: 0 },
  ];

  it('v5.5: ok (no memmap: pfn_to_online_page() skips the section, the RAM walks skip the gap)', () => {
    expect(state(machine('v5.5', boot, DEFAULT_CONFIG, 'ppc64'), 0, 'offline')).toBe('ok');
  });

  it('v5.10: -EINVAL (System RAM does not cover the block)', () => {
    expect(state(machine('v5.10', boot, DEFAULT_CONFIG, 'ppc64'), 0, 'offline')).toBe('-EINVAL');
  });

  it('v5.5: a hole inside a present section of the same block is -EBUSY', () => {
    // section 0 keeps only its first 8M: the rest of it is a hole inside the Normal span
    const partial = [
      { start: 0, size: 8 * M, nid: 0 },
      { start: 32 * M, size: 224 * M, nid: 0 },
    ];
    expect(state(machine('v5.5', partial, DEFAULT_CONFIG, 'ppc64'), 0, 'offline')).toBe('-EBUSY');
  });
});
