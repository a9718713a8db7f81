/**
 * Where zone and node spans shrink (seed 001, docs/seeds.md): at hot-remove per section
 * before v5.5, at offline by sub-section from v5.5; and the uninitialised
 * memmap reads of the old order. x86_64, values by hand.
 */
import { describe, expect, it } from 'vitest';
import { MiB, addMem, machine, memremap, nodeStep, removeMem, span, state, zoneOf } from '../../../helpers/optimized.ts';

const G4 = 0x100000000;
const P32 = 1048576;
const P33 = P32 + 32768;
const P34 = P33 + 32768;
const BOOT_END = 0x3ffe0;

describe('optimized: seed 001, hot-remove of memory that was never onlined', () => {
  it('v5.3 reads the zone of the poisoned first page once and leaves every span alone', () => {
    const m = machine({ profile: 'v5.3' });
    const nodes = JSON.stringify(m.observe().nodes);
    expect(m.apply(addMem(G4, 128 * MiB))).toBe('ok');
    expect(m.apply(removeMem(G4, 128 * MiB))).toBe('ok');
    const o = m.observe();
    expect(o.uninitReads).toBe(1);
    expect(JSON.stringify(o.nodes)).toBe(nodes);
  });

  it('v5.5 reads nothing', () => {
    const m = machine({ profile: 'v5.5' });
    const nodes = JSON.stringify(m.observe().nodes);
    m.apply(addMem(G4, 128 * MiB));
    expect(m.apply(removeMem(G4, 128 * MiB))).toBe('ok');
    expect(m.observe().uninitReads).toBe(0);
    expect(JSON.stringify(m.observe().nodes)).toBe(nodes);
  });

  it('v5.3 try_offline_node reads the nid of a never-onlined section of node 1 and keeps the node', () => {
    const m = machine({ profile: 'v5.3' });
    m.apply(addMem(G4, 128 * MiB, 1));
    m.apply(addMem(G4 + 128 * MiB, 128 * MiB, 1));
    m.apply(state(33, 'online'));
    m.apply(state(33, 'offline'));
    // node 1 spans block 33 only; block 32 (never onlined) is outside that span
    expect(m.apply(nodeStep(1))).toBe(`online start_pfn=${P33} spanned=32768 present=0`);
    expect(m.apply(removeMem(G4 + 128 * MiB, 128 * MiB))).toBe('ok');
    // block 33's own zone read is fine; section 33 is the whole span, shrinking both to empty
    expect(m.observe().uninitReads).toBe(0);
    expect(m.apply(nodeStep(1))).toBe('offline');
  });

  it('v5.5 try_offline_node keeps a node that still owns a memory block, then lets it go', () => {
    const m = machine({ profile: 'v5.5' });
    m.apply(addMem(G4, 128 * MiB, 1));
    m.apply(addMem(G4 + 128 * MiB, 128 * MiB, 1));
    expect(m.apply(removeMem(G4 + 128 * MiB, 128 * MiB))).toBe('ok');
    expect(m.apply(nodeStep(1))).toBe('online start_pfn=0 spanned=0 present=0');
    expect(m.apply(removeMem(G4, 128 * MiB))).toBe('ok');
    expect(m.apply(nodeStep(1))).toBe('offline');
    expect(m.observe().nodes.map((n) => [n.nid, n.online])).toEqual([
      [0, true],
      [1, false],
    ]);
  });
});

describe('optimized: seed 001, offline of the first of two Normal blocks', () => {
  function twoNormalBlocks(profile: string) {
    const m = machine({ profile });
    m.apply(addMem(G4, 128 * MiB));
    m.apply(addMem(G4 + 128 * MiB, 128 * MiB));
    m.apply(state(32, 'online'));
    m.apply(state(33, 'online'));
    expect(zoneOf(m.observe(), 'Normal')).toEqual(span(P32, 65536));
    return m;
  }

  it('v5.5 shrinks Normal and the node at offline, and poisons the block', () => {
    const m = twoNormalBlocks('v5.5');
    expect(m.apply(state(32, 'offline'))).toBe('ok');
    const o = m.observe();
    expect(zoneOf(o, 'Normal')).toEqual(span(P33, 32768));
    expect([o.nodes[0]?.startPfn, o.nodes[0]?.spanned, o.nodes[0]?.present]).toEqual([256, P34 - 256, BOOT_END - 256 + 32768]);
    expect(o.memmap.slice(-2)).toEqual([
      { startPfn: P32, endPfn: P33, state: 'uninit' },
      { startPfn: P33, endPfn: P34, state: 'Normal/0' },
    ]);
    // offlining the other one empties Normal; the node falls back to the boot hull
    expect(m.apply(state(33, 'offline'))).toBe('ok');
    expect(zoneOf(m.observe(), 'Normal')).toEqual(span(0, 0));
    expect(m.observe().nodes[0]?.spanned).toBe(BOOT_END - 256);
    expect(m.observe().uninitReads).toBe(0);
  });

  it('v5.5 offline of the last block shrinks the end', () => {
    const m = twoNormalBlocks('v5.5');
    expect(m.apply(state(33, 'offline'))).toBe('ok');
    expect(zoneOf(m.observe(), 'Normal')).toEqual(span(P32, 32768));
  });

  it('v5.3 keeps the span at offline and shrinks it per section at remove', () => {
    const m = twoNormalBlocks('v5.3');
    expect(m.apply(state(32, 'offline'))).toBe('ok');
    let o = m.observe();
    expect(zoneOf(o, 'Normal')).toEqual(span(P32, 65536, 32768));
    expect(o.memmap.slice(-1)).toEqual([{ startPfn: P32, endPfn: P34, state: 'Normal/0' }]);
    expect(m.apply(removeMem(G4, 128 * MiB))).toBe('ok');
    o = m.observe();
    expect(zoneOf(o, 'Normal')).toEqual(span(P33, 32768));
    // the node still ends with block 33 and starts at boot memory: unchanged
    expect([o.nodes[0]?.startPfn, o.nodes[0]?.spanned]).toEqual([256, P34 - 256]);
    expect(o.uninitReads).toBe(0);
  });

  it('v5.5 offline of a block strictly inside a zone leaves a hole', () => {
    const m = machine({ profile: 'v5.5' });
    m.apply(addMem(G4, 384 * MiB));
    for (const b of [32, 33, 34]) m.apply(state(b, 'online'));
    expect(m.apply(state(33, 'offline'))).toBe('ok');
    expect(zoneOf(m.observe(), 'Normal')).toEqual(span(P32, 3 * 32768, 2 * 32768));
  });

  it('v5.5 steps by sub-section: the next online page of Normal may sit inside a section', () => {
    // Normal boot memory: section 32 whole, section 33 from its second sub-section; a device fills sub-section 0 of 33
    const m = machine({
      profile: 'v5.5',
      boot: [
        { start: 0, size: 128 * MiB, nid: 0 },
        { start: G4, size: 128 * MiB, nid: 0 },
        { start: G4 + 130 * MiB, size: 126 * MiB, nid: 0 },
      ],
    });
    expect(zoneOf(m.observe(), 'Normal')).toEqual(span(P32, 65536, 65536 - 512));
    expect(m.apply(memremap(G4 + 128 * MiB, 2 * MiB))).toBe('ok');
    expect(m.apply(state(32, 'offline'))).toBe('ok');
    // pfn P33 is Device; the next sub-section is the first online Normal page
    const o = m.observe();
    expect(zoneOf(o, 'Normal')).toEqual(span(P33 + 512, 32256));
    expect(zoneOf(o, 'Device')).toEqual(span(P33, 512, 0));
    expect(o.uninitReads).toBe(0);
  });
});
