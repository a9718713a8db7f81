/** Where spans shrink, before and after seed 001 (docs/seeds.md) was merged as feee6b298916 (v5.5). */
import { describe, expect, it } from 'vitest';
import { addBlock, EMPTY_ZONE, node, removeBlock, state, zone, zoneText } from '../../../helpers/hotplug.ts';
import { machine } from '../../../helpers/machine.ts';

const P32 = 1048576;
const P33 = 1081344;
const P34 = 1114112;
const BOOT_PRESENT = 261856;

describe('reference: seed 001 — where spans shrink', () => {
  it('v5.3: remove of never-onlined memory reads one uninitialised memmap and leaves the spans', () => {
    const m = machine('v5.3');
    const nodes = m.observe().nodes;
    expect(addBlock(m, 32)).toBe('ok');
    expect(removeBlock(m, 32)).toBe('ok');
    const o = m.observe();
    expect(o.uninitReads).toBe(1);
    expect(o.nodes).toEqual(nodes);
    expect(o.blocks.map((b) => b.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(o.resources.length).toBe(1);
    expect(o.memmap.length).toBe(2);
  });

  it('v5.5: the same remove reads nothing', () => {
    const m = machine('v5.5');
    const before = m.observe();
    expect(addBlock(m, 32)).toBe('ok');
    expect(removeBlock(m, 32)).toBe('ok');
    // the one trace: v5.5 frees the section's usage while it still reads valid (B-31)
    expect(m.observe()).toEqual({ ...before, usageRaces: 1 });
  });

  it("v5.5: the shrink walk passes over another node's Normal pages inside the span", () => {
    // node 0's Normal spans blocks 32..34; block 33 in the middle is node 1's Normal
    const m = machine('v5.5');
    addBlock(m, 32);
    addBlock(m, 33, 1);
    addBlock(m, 34);
    for (const b of [32, 33, 34]) expect(state(m, b, 'online')).toBe('ok');
    expect(zone(m, 'Normal')).toBe(zoneText(P32, 98304, 65536));
    expect(state(m, 32, 'offline')).toBe('ok');
    expect(zone(m, 'Normal')).toBe(zoneText(P34, 32768, 32768));
    expect(zone(m, 'Normal', 1)).toBe(zoneText(P33, 32768, 32768));
  });

  it('v5.5: offlining the first block of Normal moves its start to the next online sub-section at once', () => {
    const m = machine('v5.5');
    addBlock(m, 32);
    addBlock(m, 33);
    expect(state(m, 32, 'online')).toBe('ok');
    expect(state(m, 33, 'online')).toBe('ok');
    expect(zone(m, 'Normal')).toBe(zoneText(P32, 65536, 65536));
    expect(state(m, 32, 'offline')).toBe('ok');
    expect(zone(m, 'Normal')).toBe(zoneText(P33, 32768, 32768));
    expect(node(m, 0)).toBe(`online start_pfn=256 spanned=${P34 - 256} present=${BOOT_PRESENT + 32768}`);
    expect(m.observe().memmap.slice(2)).toEqual([
      { startPfn: P32, endPfn: P33, state: 'uninit' },
      { startPfn: P33, endPfn: P34, state: 'Normal/0' },
    ]);
    // Remove touches no zone in v5.5.
    expect(removeBlock(m, 32)).toBe('ok');
    expect(zone(m, 'Normal')).toBe(zoneText(P33, 32768, 32768));
    expect(m.observe().uninitReads).toBe(0);
  });

  it('v5.5: offlining the last block moves the end back; the only block empties the zone', () => {
    const m = machine('v5.5');
    addBlock(m, 32);
    addBlock(m, 33);
    state(m, 32, 'online');
    state(m, 33, 'online');
    expect(state(m, 33, 'offline')).toBe('ok');
    expect(zone(m, 'Normal')).toBe(zoneText(P32, 32768, 32768));
    expect(node(m, 0)).toBe(`online start_pfn=256 spanned=${P33 - 256} present=${BOOT_PRESENT + 32768}`);
    expect(state(m, 32, 'offline')).toBe('ok');
    expect(zone(m, 'Normal')).toBe(EMPTY_ZONE);
    expect(node(m, 0)).toBe(`online start_pfn=256 spanned=${0x3ffe0 - 256} present=${BOOT_PRESENT}`);
  });

  it('v5.5: offlining a block strictly inside the zone leaves a hole in the span', () => {
    const m = machine('v5.5');
    for (const b of [32, 33, 34]) {
      addBlock(m, b);
      state(m, b, 'online');
    }
    expect(state(m, 33, 'offline')).toBe('ok');
    expect(zone(m, 'Normal')).toBe(zoneText(P32, 3 * 32768, 2 * 32768));
  });

  it('v5.3: offline leaves the span and the memmap; remove_memory then shrinks per section', () => {
    const m = machine('v5.3');
    addBlock(m, 32);
    addBlock(m, 33);
    state(m, 32, 'online');
    state(m, 33, 'online');
    expect(state(m, 32, 'offline')).toBe('ok');
    expect(zone(m, 'Normal')).toBe(zoneText(P32, 65536, 32768));
    expect(m.observe().memmap[2]).toEqual({ startPfn: P32, endPfn: P34, state: 'Normal/0' });
    expect(removeBlock(m, 32)).toBe('ok');
    expect(zone(m, 'Normal')).toBe(zoneText(P33, 32768, 32768));
    // Node 0 starts at 256: section 32 is neither its start nor its end.
    expect(node(m, 0)).toBe(`online start_pfn=256 spanned=${P34 - 256} present=${BOOT_PRESENT + 32768}`);
    expect(m.observe().uninitReads).toBe(0);
  });

  it('v5.3: removing the last section pulls zone and node ends back to the last online section', () => {
    const m = machine('v5.3');
    addBlock(m, 32);
    addBlock(m, 33);
    state(m, 32, 'online');
    state(m, 33, 'online');
    expect(state(m, 33, 'offline')).toBe('ok');
    expect(zone(m, 'Normal')).toBe(zoneText(P32, 65536, 32768));
    expect(removeBlock(m, 33)).toBe('ok');
    expect(zone(m, 'Normal')).toBe(zoneText(P32, 32768, 32768));
    expect(node(m, 0)).toBe(`online start_pfn=256 spanned=${P33 - 256} present=${BOOT_PRESENT + 32768}`);
  });

  it('v5.3: removing the only section of a zone empties it; the node keeps its boot span', () => {
    const m = machine('v5.3');
    addBlock(m, 32);
    state(m, 32, 'online_movable');
    state(m, 32, 'offline');
    expect(zone(m, 'Movable')).toBe(zoneText(P32, 32768, 0));
    expect(removeBlock(m, 32)).toBe('ok');
    expect(zone(m, 'Movable')).toBe(EMPTY_ZONE);
    // Node end was the section end: back to the last online section of node 0 (section 7, ends 262144).
    expect(node(m, 0)).toBe(`online start_pfn=256 spanned=${262144 - 256} present=${BOOT_PRESENT}`);
  });
  // update_pgdat_span() takes the first non-empty zone's span, then widens it by every later
  // zone: Movable below Normal still sets the node's start.
  it('v5.5: a node whose Movable lies below its Normal starts at Movable', () => {
    const m = machine('v5.5');
    for (const b of [33, 34, 35]) expect(addBlock(m, b, 1)).toBe('ok');
    expect(state(m, 33, 'online_movable')).toBe('ok');
    expect(state(m, 34, 'online_kernel')).toBe('ok');
    expect(state(m, 35, 'online_kernel')).toBe('ok');
    expect(state(m, 35, 'offline')).toBe('ok');
    expect(zone(m, 'Movable', 1)).toBe(zoneText(P33, 32768, 32768));
    expect(zone(m, 'Normal', 1)).toBe(zoneText(P34, 32768, 32768));
    expect(node(m, 1)).toBe(`online start_pfn=${P33} spanned=65536 present=65536`);
  });
});
