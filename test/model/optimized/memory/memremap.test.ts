/**
 * The ZONE_DEVICE path: memremap_pages grows the Device zone and
 * initialises the memmap, memunmap_pages poisons it and never shrinks the
 * zone; device memory may share a section with boot System RAM.
 */
import { describe, expect, it } from 'vitest';
import { canonicalObservation } from '../../../../model/observation.ts';
import { FULL64, MiB, addMem, bootSec, hotSec, machine, memremap, memunmap, span, zoneOf } from '../../../helpers/optimized.ts';

const S64 = 0x200000000; // 8 GiB: section 64, pfn 2097152
const P64 = 2097152;

describe.each(['v5.3', 'v5.5'])('optimized: memremap_pages (%s)', (profile) => {
  it('2 MiB at 8 GiB: one sub-section, Device spans 512 pfns, a device resource', () => {
    const m = machine({ profile });
    expect(m.apply(memremap(S64, 2 * MiB))).toBe('ok');
    const o = m.observe();
    expect(o.sections.find((s) => s.nr === 64)).toEqual(hotSec(64, '0x1'));
    expect(zoneOf(o, 'Device')).toEqual(span(P64, 512, 0));
    expect([o.nodes[0]?.startPfn, o.nodes[0]?.spanned]).toEqual([256, P64 + 512 - 256]);
    expect(o.memmap.slice(-2)).toEqual([
      { startPfn: P64, endPfn: P64 + 512, state: 'Device/0' },
      { startPfn: P64 + 512, endPfn: P64 + 32768, state: 'uninit' },
    ]);
    expect(o.resources.at(-1)).toEqual({ start: S64, end: S64 + 2 * MiB, kind: 'device' });
    expect(o.blocks.length).toBe(8);
  });

  it('-ENXIO over System RAM, -EEXIST over a device, -EINVAL for size 0; nothing changes', () => {
    const m = machine({ profile });
    m.apply(memremap(S64, 4 * MiB));
    m.apply(addMem(0x100000000, 128 * MiB));
    const before = canonicalObservation(m.observe());
    expect(m.apply(memremap(0x3fe00000, 2 * MiB))).toBe('-ENXIO'); // boot RAM ends at 0x3ffe0000
    expect(m.apply(memremap(0x100000000, 2 * MiB))).toBe('-ENXIO');
    expect(m.apply(memremap(S64 + 2 * MiB, 4 * MiB))).toBe('-EEXIST');
    expect(m.apply(memremap(S64 + 8 * MiB, 0))).toBe('-EINVAL');
    expect(m.apply(memunmap(S64, 2 * MiB))).toBe('-EINVAL'); // not the recorded range
    expect(m.apply(memunmap(S64 + 2 * MiB, 2 * MiB))).toBe('-EINVAL'); // its tail: same end, another start
    expect(m.apply(memunmap(0x100000000, 128 * MiB))).toBe('-EINVAL'); // System RAM
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('memunmap poisons and removes but never shrinks Device', () => {
    const m = machine({ profile });
    m.apply(memremap(S64, 2 * MiB));
    m.apply(memremap(S64 + 128 * MiB, 128 * MiB));
    expect(zoneOf(m.observe(), 'Device')).toEqual(span(P64, 65536, 0));
    expect(m.apply(memunmap(S64 + 128 * MiB, 128 * MiB))).toBe('ok');
    expect(m.apply(memunmap(S64, 2 * MiB))).toBe('ok');
    const o = m.observe();
    expect(zoneOf(o, 'Device')).toEqual(span(P64, 65536, 0));
    expect(o.sections.map((s) => s.nr)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(o.memmap.at(-1)?.endPfn).toBe(262144);
    expect(o.resources.length).toBe(1);
    expect(o.uninitReads).toBe(0);
  });

  it('a device sub-section shares an early section with boot RAM', () => {
    const m = machine({ profile, boot: [{ start: 0, size: 48 * MiB, nid: 0 }] }); // section 0, sub-sections 0..23
    expect(m.apply(memremap(48 * MiB, 2 * MiB))).toBe('ok'); // sub-section 24
    let o = m.observe();
    expect(o.sections).toEqual([bootSec(0, '0x1ffffff', FULL64)]);
    expect(zoneOf(o, 'Device')).toEqual(span(12288, 512, 0));
    expect(o.memmap).toEqual([
      { startPfn: 0, endPfn: 4096, state: 'DMA/0' },
      { startPfn: 4096, endPfn: 12288, state: 'DMA32/0' },
      { startPfn: 12288, endPfn: 12800, state: 'Device/0' },
      { startPfn: 12800, endPfn: 32768, state: 'DMA32/0' },
    ]);
    // block 0 still reads as DMA/DMA32 RAM: the device pages are not RAM
    expect(o.blocks).toEqual([{ id: 0, nid: 0, state: 'online', zone: 'none', validZones: 'none' }]);
    expect(m.apply(memunmap(48 * MiB, 2 * MiB))).toBe('ok');
    o = m.observe();
    expect(o.sections).toEqual([bootSec(0, '0xffffff', FULL64)]);
    expect(zoneOf(o, 'Device')).toEqual(span(12288, 512, 0));
    expect(o.memmap[2]).toEqual({ startPfn: 12288, endPfn: 12800, state: 'uninit' });
  });
});

describe('optimized: memremap_pages alignment', () => {
  it('v5.5 refuses a range that is not sub-section aligned (check_pfn_span) and changes nothing', () => {
    const m = machine({ profile: 'v5.5' });
    const before = canonicalObservation(m.observe());
    expect(m.apply(memremap(S64, 1 * MiB))).toBe('-EINVAL');
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('v4.19 adds whole sections; a partial memunmap is a BUG that changes nothing', () => {
    const m = machine({ profile: 'v4.19' });
    expect(m.apply(memremap(S64, 2 * MiB))).toBe('ok');
    expect(m.observe().sections.find((s) => s.nr === 64)?.subsectionMap).toBe(FULL64);
    const before = canonicalObservation(m.observe());
    expect(m.apply(memunmap(S64, 2 * MiB))).toBe('BUG');
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('v4.19: 128 MiB that starts 2 MiB into a section maps two whole sections; its memunmap is a BUG too', () => {
    // the spec's answer; v4.19's release rounds the range out as the add did (docs/blocks-and-zones.md)
    const m = machine({ profile: 'v4.19' });
    expect(m.apply(memremap(S64 + 2 * MiB, 128 * MiB))).toBe('ok');
    expect(m.observe().sections.filter((s) => s.nr === 64 || s.nr === 65).map((s) => s.subsectionMap)).toEqual([FULL64, FULL64]);
    const before = canonicalObservation(m.observe());
    expect(m.apply(memunmap(S64 + 2 * MiB, 128 * MiB))).toBe('BUG');
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('v4.19: a whole-section memunmap goes through and takes its section away', () => {
    const m = machine({ profile: 'v4.19' });
    expect(m.apply(memremap(S64, 128 * MiB))).toBe('ok');
    expect(m.apply(memunmap(S64, 128 * MiB))).toBe('ok');
    expect(m.observe().sections.find((s) => s.nr === 64)).toBeUndefined();
  });
});
