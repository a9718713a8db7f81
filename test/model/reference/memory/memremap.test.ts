import { describe, expect, it } from 'vitest';
import { addBlock, addMemory, zone, zoneText } from '../../../helpers/hotplug.ts';
import { add, M, machine } from '../../../helpers/machine.ts';

const P32 = 1048576;
const P33 = 1081344;

describe('reference: memremap_pages / memunmap_pages (ZONE_DEVICE)', () => {
  it('memremap 2M: Device spans 512 pages, memmap Device/0, a device resource, no block', () => {
    const m = machine('v5.5');
    expect(m.apply({ op: 'memremap_pages', start: 0x100000000, size: 2 * M, nid: 0 })).toBe('ok');
    expect(zone(m, 'Device')).toBe(zoneText(P32, 512, 0));
    const o = m.observe();
    // Every pfn of the now present section 32 has a memmap state: the rest is uninit.
    expect(o.memmap.slice(2)).toEqual([
      { startPfn: P32, endPfn: P32 + 512, state: 'Device/0' },
      { startPfn: P32 + 512, endPfn: P33, state: 'uninit' },
    ]);
    expect(o.resources[1]).toEqual({ start: 0x100000000, end: 0x100200000, kind: 'device' });
    expect(o.blocks.map((b) => b.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(o.sections.find((s) => s.nr === 32)?.subsectionMap).toBe('0x1');
    // Node 0 grows to the device range.
    expect(o.nodes[0]?.startPfn).toBe(256);
    expect(o.nodes[0]?.spanned).toBe(P32 + 512 - 256);
  });

  it('errors: System RAM -ENXIO, device overlap -EEXIST, size 0 -EINVAL unless it starts inside a resource, misaligned -EINVAL (check_pfn_span)', () => {
    const m = machine('v5.5');
    addBlock(m, 40);
    expect(m.apply({ op: 'memremap_pages', start: 0x100000000, size: 2 * M, nid: 0 })).toBe('ok');
    const before = m.observe();
    expect(m.apply({ op: 'memremap_pages', start: 0x3fe00000, size: 2 * M, nid: 0 })).toBe('-ENXIO');
    expect(m.apply({ op: 'memremap_pages', start: 40 * 0x8000000, size: 2 * M, nid: 0 })).toBe('-ENXIO');
    expect(m.apply({ op: 'memremap_pages', start: 0x100000000, size: 4 * M, nid: 0 })).toBe('-EEXIST');
    expect(m.apply({ op: 'memremap_pages', start: 0x110000000, size: 0, nid: 0 })).toBe('-EINVAL');
    // region_intersects() tests [start, start - 1] for size 0: a start strictly inside RAM
    // or a device range meets it, one at a resource's first byte does not
    expect(m.apply({ op: 'memremap_pages', start: 0x200000, size: 0, nid: 0 })).toBe('-ENXIO');
    expect(m.apply({ op: 'memremap_pages', start: 0x100000, size: 0, nid: 0 })).toBe('-EINVAL');
    expect(m.apply({ op: 'memremap_pages', start: 0x100100000, size: 0, nid: 0 })).toBe('-EEXIST');
    expect(m.apply({ op: 'memremap_pages', start: 0x100200000, size: 0, nid: 0 })).toBe('-EINVAL');
    expect(m.apply({ op: 'memremap_pages', start: 0x110100000, size: 2 * M, nid: 0 })).toBe('-EINVAL');
    expect(addMemory(m, 0x100000000)).toBe('-EEXIST');
    expect(m.observe()).toEqual(before);
  });

  it('free sub-sections of a section holding device memory can be mapped; memunmap never shrinks Device', () => {
    const m = machine('v5.5');
    expect(m.apply({ op: 'memremap_pages', start: 0x100000000, size: 2 * M, nid: 0 })).toBe('ok');
    expect(m.apply({ op: 'memremap_pages', start: 0x100200000, size: 2 * M, nid: 0 })).toBe('ok');
    expect(zone(m, 'Device')).toBe(zoneText(P32, 1024, 0));
    expect(m.observe().memmap[2]).toEqual({ startPfn: P32, endPfn: P32 + 1024, state: 'Device/0' });
    expect(m.observe().memmap[3]).toEqual({ startPfn: P32 + 1024, endPfn: P33, state: 'uninit' });
    expect(m.apply({ op: 'memunmap_pages', start: 0x100000000, size: 4 * M })).toBe('-EINVAL');
    expect(m.apply({ op: 'memunmap_pages', start: 0x100000000, size: 2 * M })).toBe('ok');
    expect(zone(m, 'Device')).toBe(zoneText(P32, 1024, 0));
    const o = m.observe();
    expect(o.sections.find((s) => s.nr === 32)?.subsectionMap).toBe('0x2');
    expect(o.memmap.slice(2)).toEqual([
      { startPfn: P32, endPfn: P32 + 512, state: 'uninit' },
      { startPfn: P32 + 512, endPfn: P32 + 1024, state: 'Device/0' },
      { startPfn: P32 + 1024, endPfn: P33, state: 'uninit' },
    ]);
    expect(o.resources.length).toBe(2);
    expect(m.apply({ op: 'memunmap_pages', start: 0x100200000, size: 2 * M })).toBe('ok');
    expect(zone(m, 'Device')).toBe(zoneText(P32, 1024, 0));
    expect(m.observe().sections.find((s) => s.nr === 32)).toBeUndefined();
    expect(m.observe().memmap.length).toBe(2);
  });

  it('memremap and add_pages colliding in sub-sections: -EEXIST both ways, nothing changes', () => {
    const m = machine('v5.5');
    expect(add(m, 0x110000000, 2 * M)).toBe('ok');
    const before = m.observe();
    expect(m.apply({ op: 'memremap_pages', start: 0x110000000, size: 4 * M, nid: 0 })).toBe('-EEXIST');
    expect(m.observe()).toEqual(before);
    expect(m.apply({ op: 'memremap_pages', start: 0x100000000, size: 2 * M, nid: 0 })).toBe('ok');
    const mid = m.observe();
    expect(add(m, 0x100000000, 2 * M)).toBe('-EEXIST');
    expect(m.observe()).toEqual(mid);
  });

  it('add_pages: every pfn of the section it makes present is uninit; a partial remove keeps that', () => {
    const m = machine('v5.5');
    // Section 34 = pfns 0x110000 .. 0x118000.
    expect(add(m, 0x110000000, 4 * M)).toBe('ok');
    expect(m.observe().memmap.slice(2)).toEqual([{ startPfn: 0x110000, endPfn: 0x118000, state: 'uninit' }]);
    expect(m.apply({ op: 'remove_pages', start: 0x110000000, size: 2 * M })).toBe('ok');
    expect(m.observe().memmap.slice(2)).toEqual([{ startPfn: 0x110000, endPfn: 0x118000, state: 'uninit' }]);
    expect(m.apply({ op: 'remove_pages', start: 0x110200000, size: 2 * M })).toBe('ok');
    expect(m.observe().memmap.length).toBe(2);
  });

  it('memremap onlines no node: a never-onlined node stays offline and unobserved; add_memory then starts it empty', () => {
    const m = machine('v5.5');
    expect(m.apply({ op: 'memremap_pages', start: 0x200000000, size: 2 * M, nid: 1 })).toBe('ok');
    expect(zone(m, 'Device', 1)).toBe('-ENOENT');
    expect(m.apply({ op: 'node', nid: 1 })).toBe('offline');
    expect(m.observe().nodes.map((n) => n.nid)).toEqual([0]);
    expect(m.observe().memmap[2]).toEqual({ startPfn: 2097152, endPfn: 2097152 + 512, state: 'Device/1' });
    expect(addMemory(m, 0x300000000, 128 * M, 1)).toBe('ok');
    expect(zone(m, 'Device', 1)).toBe(zoneText(0, 0, 0));
  });
  // The memmap records a nid per sub-section: two nodes' device pages in one section keep theirs,
  // whether the section is filled by the second memremap or emptied again by a memunmap.
  it('device memory of two nodes in one section: each sub-section keeps its nid', () => {
    const S = 0x100000000;
    const m = machine('v5.5');
    expect(m.apply({ op: 'memremap_pages', start: S, size: 2 * M, nid: 0 })).toBe('ok');
    expect(m.apply({ op: 'memremap_pages', start: S + 2 * M, size: 126 * M, nid: 1 })).toBe('ok');
    expect(m.observe().memmap.slice(2)).toEqual([
      { startPfn: P32, endPfn: P32 + 512, state: 'Device/0' },
      { startPfn: P32 + 512, endPfn: P33, state: 'Device/1' },
    ]);
  });

  it('a section of node 1 device memory, partly unmapped: the rest still says node 1', () => {
    const S = 0x100000000;
    const m = machine('v5.5');
    expect(m.apply({ op: 'memremap_pages', start: S, size: 2 * M, nid: 1 })).toBe('ok');
    expect(m.apply({ op: 'memremap_pages', start: S + 2 * M, size: 126 * M, nid: 1 })).toBe('ok');
    expect(m.observe().memmap.slice(2)).toEqual([{ startPfn: P32, endPfn: P33, state: 'Device/1' }]);
    expect(m.apply({ op: 'memunmap_pages', start: S, size: 2 * M })).toBe('ok');
    expect(m.observe().memmap.slice(2)).toEqual([
      { startPfn: P32, endPfn: P32 + 512, state: 'uninit' },
      { startPfn: P32 + 512, endPfn: P33, state: 'Device/1' },
    ]);
  });

  it('remove_memory() of a device range is -EINVAL: only hot-added System RAM goes that way', () => {
    const m = machine('v6.1');
    expect(m.apply({ op: 'memremap_pages', start: 0x100000000, size: 128 * M, nid: 0 })).toBe('ok');
    const before = JSON.stringify(m.observe());
    expect(m.apply({ op: 'remove_memory', start: 0x100000000, size: 128 * M })).toBe('-EINVAL');
    expect(JSON.stringify(m.observe())).toBe(before);
  });

  it('memunmap of size 0 inside a device range is -EINVAL and keeps the range', () => {
    const m = machine('v6.1');
    expect(m.apply({ op: 'memremap_pages', start: 0x140000000, size: 2 * M, nid: 0 })).toBe('ok');
    expect(m.apply({ op: 'memunmap_pages', start: 0x140000000, size: 0 })).toBe('-EINVAL');
    expect(m.apply({ op: 'memunmap_pages', start: 0x140000000, size: 2 * M })).toBe('ok');
  });

  it('v4.19: whole sections map and unmap', () => {
    const m = machine('v4.19');
    expect(m.apply({ op: 'memremap_pages', start: 0x140000000, size: 128 * M, nid: 0 })).toBe('ok');
    expect(m.apply({ op: 'memunmap_pages', start: 0x140000000, size: 128 * M })).toBe('ok');
    expect(m.observe().resources.map((r) => r.kind)).toEqual(['System RAM']);
  });

  it('remove_memory and memunmap above every resource are -EINVAL', () => {
    const m = machine('v6.1');
    expect(m.apply({ op: 'remove_memory', start: 0x900000000, size: 128 * M })).toBe('-EINVAL');
    expect(m.apply({ op: 'memunmap_pages', start: 0x900000000, size: 2 * M })).toBe('-EINVAL');
  });
});
