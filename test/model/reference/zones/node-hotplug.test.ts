import { describe, expect, it } from 'vitest';
import { addBlock, EMPTY_ZONE, node, removeBlock, state, zone, zoneText } from '../../../helpers/hotplug.ts';
import { machine } from '../../../helpers/machine.ts';

// Block 64 = 0x200000000: pfns 2097152 .. 2129920; block 65 follows, then 66.
const P64 = 2097152;
const P65 = 2129920;
const P66 = 2162688;

describe('reference: nodes brought online by add_memory and try_offline_node', () => {
  it('add_memory node=1 onlines node 1 with empty spans', () => {
    const m = machine('v5.5');
    expect(addBlock(m, 64, 1)).toBe('ok');
    expect(node(m, 1)).toBe('online start_pfn=0 spanned=0 present=0');
    expect(zone(m, 'Normal', 1)).toBe(EMPTY_ZONE);
    expect(m.observe().blocks.find((b) => b.id === 64)?.nid).toBe(1);
    expect(state(m, 64, 'online')).toBe('ok');
    expect(zone(m, 'Normal', 1)).toBe(zoneText(P64, 32768, 32768));
    expect(node(m, 1)).toBe(`online start_pfn=${P64} spanned=32768 present=32768`);
    expect(zone(m, 'Normal', 0)).toBe(EMPTY_ZONE);
  });

  it('v5.5: remove of the only block offlines node 1 (span empty, no block); it stays observed', () => {
    const m = machine('v5.5');
    addBlock(m, 64, 1);
    expect(removeBlock(m, 64)).toBe('ok');
    expect(node(m, 1)).toBe('offline');
    expect(zone(m, 'Normal', 1)).toBe('-ENOENT');
    const n1 = m.observe().nodes.find((n) => n.nid === 1);
    expect(n1?.online).toBe(false);
    expect(n1?.spanned).toBe(0);
    expect(m.observe().uninitReads).toBe(0);
  });

  it('v5.3: the scan of an empty node span finds nothing: node 1 goes offline (one read, at remove)', () => {
    const m = machine('v5.3');
    addBlock(m, 64, 1);
    expect(removeBlock(m, 64)).toBe('ok');
    expect(node(m, 1)).toBe('offline');
    expect(m.observe().uninitReads).toBe(1);
  });

  it('v5.3 vs v5.5: a second, never-onlined block of node 1 keeps the node only under the blocks rule', () => {
    const v53 = machine('v5.3');
    addBlock(v53, 64, 1);
    addBlock(v53, 65, 1);
    expect(removeBlock(v53, 64)).toBe('ok');
    // The span is empty (nothing was onlined): the scan reads nothing, node 1 goes offline with block 65 left.
    expect(node(v53, 1)).toBe('offline');
    expect(v53.observe().blocks.find((b) => b.id === 65)?.nid).toBe(1);
    const v55 = machine('v5.5');
    addBlock(v55, 64, 1);
    addBlock(v55, 65, 1);
    expect(removeBlock(v55, 64)).toBe('ok');
    expect(node(v55, 1)).toBe('online start_pfn=0 spanned=0 present=0');
  });

  it('v5.3: online, offline, remove: zone and node spans emptied by the per-section shrink, node offline', () => {
    const m = machine('v5.3');
    addBlock(m, 64, 1);
    state(m, 64, 'online');
    state(m, 64, 'offline');
    expect(zone(m, 'Normal', 1)).toBe(zoneText(P64, 32768, 0));
    expect(removeBlock(m, 64)).toBe('ok');
    expect(node(m, 1)).toBe('offline');
    const n1 = m.observe().nodes.find((n) => n.nid === 1);
    expect(n1?.zones.find((z) => z.name === 'Normal')).toEqual({ name: 'Normal', startPfn: 0, spanned: 0, present: 0, managed: 0 });
    expect(m.observe().uninitReads).toBe(0);
  });

  it('v5.3: the scan finds an online section of node 1 in its span: the node stays', () => {
    const m = machine('v5.3');
    addBlock(m, 64, 1);
    addBlock(m, 65, 1);
    state(m, 64, 'online');
    state(m, 65, 'online');
    state(m, 64, 'offline');
    expect(removeBlock(m, 64)).toBe('ok');
    expect(zone(m, 'Normal', 1)).toBe(zoneText(P65, 32768, 32768));
    expect(node(m, 1)).toBe(`online start_pfn=${P65} spanned=32768 present=32768`);
  });

  it('v5.3: a never-onlined section inside the node span is read by the scan and keeps the node', () => {
    const m = machine('v5.3');
    // Node 1 spans 64..66 through onlined 64 and 66; 65 is never onlined.
    addBlock(m, 64, 1);
    addBlock(m, 65, 1);
    addBlock(m, 66, 1);
    state(m, 64, 'online');
    state(m, 66, 'online');
    expect(node(m, 1)).toBe(`online start_pfn=${P64} spanned=${3 * 32768} present=65536`);
    // Remove 65: the zone read of its first pfn is uninit (1); the spans stay.
    expect(removeBlock(m, 65)).toBe('ok');
    expect(m.observe().uninitReads).toBe(1);
    expect(zone(m, 'Normal', 1)).toBe(zoneText(P64, 3 * 32768, 65536));
    // Scan: section 64 is present with nid 1 (init): the node stays, no further read.
    expect(node(m, 1)).toBe(`online start_pfn=${P64} spanned=${3 * 32768} present=65536`);
    // Re-add 65 (uninit), then offline and remove 64: the zone start moves past 65 (offline) to 66.
    expect(addBlock(m, 65, 1)).toBe('ok');
    state(m, 64, 'offline');
    expect(removeBlock(m, 64)).toBe('ok');
    expect(zone(m, 'Normal', 1)).toBe(zoneText(P66, 32768, 32768));
    expect(node(m, 1)).toBe(`online start_pfn=${P66} spanned=32768 present=32768`);
    // v5.3's walkers test pfn_valid() (B-7): the zone and the node walk each read 65's poisoned first page
    expect(m.observe().uninitReads).toBe(3);
  });

  it('v5.3: the scan reads the uninit memmap of a never-onlined section at the span start (device path)', () => {
    const m = machine('v5.3');
    // Node 1 online through block 70; device memory at 64 grows node 1's span (never shrunk).
    addBlock(m, 70, 1);
    expect(m.apply({ op: 'memremap_pages', start: 64 * 0x8000000, size: 0x8000000, nid: 1 })).toBe('ok');
    expect(m.apply({ op: 'memunmap_pages', start: 64 * 0x8000000, size: 0x8000000 })).toBe('ok');
    expect(node(m, 1)).toBe(`online start_pfn=${P64} spanned=32768 present=0`);
    // Block 64 again as never-onlined RAM of node 1, then remove 70.
    expect(addBlock(m, 64, 1)).toBe('ok');
    expect(removeBlock(m, 70)).toBe('ok');
    // Reads: the zone of 70's first pfn (uninit), then the scan's nid of section 64 (uninit ⇒ node stays).
    expect(m.observe().uninitReads).toBe(2);
    expect(node(m, 1)).toBe(`online start_pfn=${P64} spanned=32768 present=0`);
  });
});
