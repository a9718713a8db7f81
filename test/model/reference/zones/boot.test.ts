import { describe, expect, it } from 'vitest';
import { block, EMPTY_ZONE, node, state, validZones, zone, zoneText } from '../../../helpers/hotplug.ts';
import { machine } from '../../../helpers/machine.ts';

// Boot 0x100000 + 0x3fee0000: pfns 256 .. 0x3ffe0 (262112). DMA below pfn 4096 (16M), DMA32 below 4G.
const DMA32_SPAN = 0x3ffe0 - 4096; // 258016

describe('reference: zones, nodes and blocks at boot (x86_64, 1 GiB guest)', () => {
  it('DMA and DMA32 span the boot RAM hulls; Normal, Movable and Device are empty', () => {
    const m = machine('v5.5');
    expect(zone(m, 'DMA')).toBe(zoneText(256, 3840, 3840));
    expect(zone(m, 'DMA32')).toBe(zoneText(4096, DMA32_SPAN, DMA32_SPAN));
    expect(zone(m, 'Normal')).toBe(EMPTY_ZONE);
    expect(zone(m, 'Movable')).toBe(EMPTY_ZONE);
    expect(zone(m, 'Device')).toBe(EMPTY_ZONE);
  });

  it('node 0 spans the hull of its zones; other nodes are offline', () => {
    const m = machine('v5.3');
    expect(node(m, 0)).toBe(`online start_pfn=256 spanned=${0x3ffe0 - 256} present=${3840 + DMA32_SPAN}`);
    expect(node(m, 1)).toBe('offline');
    expect(zone(m, 'Normal', 1)).toBe('-ENOENT');
    const o = m.observe();
    expect(o.nodes.map((n) => n.nid)).toEqual([0]);
    expect(o.nodes[0]?.zones.map((z) => z.name)).toEqual(['DMA', 'DMA32', 'Normal', 'Movable', 'Device']);
    expect(o.nodes[0]?.zones[2]).toEqual({ name: 'Normal', startPfn: 0, spanned: 0, present: 0, managed: 0 });
  });

  it('blocks 0..7 are online; block 0 holds DMA and DMA32 RAM: zone none', () => {
    const m = machine('v5.5');
    const o = m.observe();
    expect(o.blocks.map((b) => [b.id, b.state, b.zone, b.validZones])).toEqual([
      [0, 'online', 'none', 'none'],
      ...[1, 2, 3, 4, 5, 6, 7].map((id) => [id, 'online', 'DMA32', 'DMA32']),
    ]);
    expect(block(m, 0)).toBe('online none');
    expect(block(m, 7)).toBe('online DMA32');
    expect(validZones(m, 0)).toBe('none');
    expect(block(m, 8)).toBe('-ENOENT');
    expect(validZones(m, 8)).toBe('-ENOENT');
  });

  it('memmap: every pfn of the early sections is initialised with its boot zone, holes included', () => {
    const o = machine('v5.5').observe();
    expect(o.memmap).toEqual([
      { startPfn: 0, endPfn: 4096, state: 'DMA/0' },
      { startPfn: 4096, endPfn: 262144, state: 'DMA32/0' },
    ]);
    expect(o.resources).toEqual([{ start: 0x100000, end: 0x3ffe0000, kind: 'System RAM' }]);
    expect(o.pins).toEqual([]);
    expect(o.uninitReads).toBe(0);
  });

  it('block 0 spans zones and cannot be offlined; block 1 offlines and comes back as DMA32', () => {
    const m = machine('v5.5');
    expect(state(m, 0, 'offline')).toBe('-EINVAL');
    expect(state(m, 1, 'offline')).toBe('ok');
    // present −= 32768; pfn 32768 is neither the start nor the end of DMA32: no shrink.
    expect(zone(m, 'DMA32')).toBe(zoneText(4096, DMA32_SPAN, DMA32_SPAN - 32768));
    expect(block(m, 1)).toBe('offline');
    // K = DMA32 intersects, Movable does not: default DMA32, then Movable.
    expect(validZones(m, 1)).toBe('DMA32 Movable');
    expect(m.observe().memmap).toEqual([
      { startPfn: 0, endPfn: 4096, state: 'DMA/0' },
      { startPfn: 4096, endPfn: 32768, state: 'DMA32/0' },
      { startPfn: 32768, endPfn: 65536, state: 'uninit' },
      { startPfn: 65536, endPfn: 262144, state: 'DMA32/0' },
    ]);
    expect(state(m, 1, 'online')).toBe('ok');
    expect(zone(m, 'DMA32')).toBe(zoneText(4096, DMA32_SPAN, DMA32_SPAN));
    expect(block(m, 1)).toBe('online DMA32');
    expect(m.observe().sections.find((s) => s.nr === 1)?.online).toBe(true);
  });

  it('the last boot block ends past the zone end (hole): offline does not shrink DMA32', () => {
    const m = machine('v5.5');
    expect(state(m, 7, 'offline')).toBe('ok');
    // RAM pfns of block 7: 229376 .. 262112 = 32736.
    expect(zone(m, 'DMA32')).toBe(zoneText(4096, DMA32_SPAN, DMA32_SPAN - 32736));
    expect(m.observe().sections.find((s) => s.nr === 7)?.online).toBe(false);
  });
  it('boot ranges given out of order: DMA32 spans the hull of both (pfns 4096..196608)', () => {
    const m = machine('v5.5', [
      { start: 0x20000000, size: 0x10000000, nid: 0 },
      { start: 0x1000000, size: 0x1000000, nid: 0 },
    ]);
    expect(zone(m, 'DMA')).toBe(EMPTY_ZONE);
    expect(zone(m, 'DMA32')).toBe(zoneText(4096, 196608 - 4096, 65536 + 4096));
  });

  it('boot RAM that ends exactly at 16M leaves DMA32 empty, start 0', () => {
    const m = machine('v5.5', [{ start: 0x100000, size: 0xf00000, nid: 0 }]);
    expect(zone(m, 'DMA')).toBe(zoneText(256, 3840, 3840));
    expect(zone(m, 'DMA32')).toBe(EMPTY_ZONE);
  });

  it('boot RAM that starts exactly at 16M leaves DMA empty, start 0', () => {
    const m = machine('v5.5', [{ start: 0x1000000, size: 0x1000000, nid: 0 }]);
    expect(zone(m, 'DMA')).toBe(EMPTY_ZONE);
    expect(zone(m, 'DMA32')).toBe(zoneText(4096, 4096, 4096));
  });

  it('v4.10: boot RAM above 4G initialises Normal, so the last DMA32 block may shift to Normal but not past it to Movable', () => {
    // DMA32 RAM ends at 1G, the end of block 7; block 32 (4G) is Normal RAM from boot
    const m = machine('v4.10', [
      { start: 0x100000, size: 0x3ff00000, nid: 0 },
      { start: 0x100000000, size: 0x8000000, nid: 0 },
    ]);
    expect(zone(m, 'Normal')).toBe(zoneText(0x100000, 32768, 32768));
    expect(validZones(m, 7)).toBe('DMA32 Normal');
  });
  it('boot RAM cannot be removed: a boot range of exactly one block answers -EINVAL (not -EBUSY for its online block)', () => {
    const m = machine('v5.5', [{ start: 0x8000000, size: 0x8000000, nid: 0 }]);
    const before = m.observe();
    expect(m.apply({ op: 'remove_memory', start: 0x8000000, size: 0x8000000 })).toBe('-EINVAL');
    expect(m.observe()).toEqual(before);
  });
});
