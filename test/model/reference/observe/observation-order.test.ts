/**
 * model/observation.ts promises its lists in ascending order (nodes by nid,
 * altmaps by pfn, early pages by node). The canonical form sorts again before
 * comparing, so the differential cannot see an implementation that breaks
 * the promise: these tests do, by making things in the wrong order.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../../model/config.ts';
import { G, M, machine } from '../../../helpers/machine.ts';

// Node 1's boot RAM lies below node 0's, so boot meets node 1 first; then
// node 3 is hot-added above node 2, before it.
const BOOT = [
  { start: 0, size: G, nid: 1 },
  { start: G, size: G, nid: 0 },
];

function outOfOrder() {
  const m = machine('v6.1', BOOT, { ...DEFAULT_CONFIG, memmapOnMemory: 'Y' });
  expect(m.apply({ op: 'add_memory', start: 6 * G, size: 128 * M, nid: 3, memmapOnMemory: true })).toBe('ok');
  expect(m.apply({ op: 'add_memory', start: 4 * G, size: 128 * M, nid: 2, memmapOnMemory: true })).toBe('ok');
  return m.observe();
}

describe('observation order, whatever order things were made in', () => {
  it('nodes ascend by nid', () => {
    expect(outOfOrder().nodes.map((n) => n.nid)).toEqual([0, 1, 2, 3]);
  });

  it('altmaps ascend by pfn: the 4 GiB DIMM first, each with its 512-page memmap', () => {
    expect(outOfOrder().altmaps).toEqual([
      { basePfn: 0x100000, endPfn: 0x108000, pages: 512 },
      { basePfn: 0x180000, endPfn: 0x188000, pages: 512 },
    ]);
  });

  it("early pages ascend by node: node 0's DMA32 before node 1's DMA and DMA32", () => {
    // node 1: 0..16M is DMA (4096 pages), 16M..1G DMA32; node 0: 1G..2G, all DMA32
    expect(outOfOrder().earlyPages).toEqual([
      { nid: 0, zone: 'DMA32', pages: 262144 },
      { nid: 1, zone: 'DMA', pages: 4096 },
      { nid: 1, zone: 'DMA32', pages: 258048 },
    ]);
  });
});
