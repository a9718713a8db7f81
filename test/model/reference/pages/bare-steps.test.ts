/**
 * Bare add_pages / remove_pages under memory blocks: the spec says nothing
 * special, so the general rules apply (every pfn of a present section has a
 * memmap state; reads of uninitialised or freed struct pages are counted per pfn).
 */
import { describe, expect, it } from 'vitest';
import { addBlock, block, state, validZones } from '../../../helpers/hotplug.ts';
import { add, M, machine, remove } from '../../../helpers/machine.ts';

describe('reference: bare sparse steps under memory blocks', () => {
  it('re-adding a boot sub-section poisons it: the block shows none and offline reads 512 uninit pfns', () => {
    const m = machine('v5.3');
    // Block 3 = section 3, pfns 0x18000..0x20000; sub-section 0 holds 512 RAM pages.
    expect(remove(m, 0x18000000, 2 * M)).toBe('ok');
    // The boot memmap stays (early section): still DMA32/0.
    expect(block(m, 3)).toBe('online DMA32');
    expect(add(m, 0x18000000, 2 * M)).toBe('ok');
    expect(m.observe().memmap[2]).toEqual({ startPfn: 0x18000, endPfn: 0x18200, state: 'uninit' });
    expect(block(m, 3)).toBe('online none');
    expect(validZones(m, 3)).toBe('none');
    expect(m.apply({ op: 'online', block: 3, word: '0' })).toBe('-EINVAL');
    expect(m.observe().uninitReads).toBe(512);
  });

  it('an online block whose section a bare remove_pages took away: zone none, offline -EINVAL reading freed pages', () => {
    const m = machine('v5.5');
    addBlock(m, 32);
    expect(state(m, 32, 'online')).toBe('ok');
    expect(remove(m, 0x100000000, 128 * M)).toBe('ok');
    expect(block(m, 32)).toBe('online none');
    expect(state(m, 32, 'offline')).toBe('-EINVAL');
    expect(m.observe().uninitReads).toBe(32768);
  });

  it('v4.19: memunmap of a range that is not whole sections is a BUG and changes nothing', () => {
    const m = machine('v4.19');
    expect(m.apply({ op: 'memremap_pages', start: 0x100000000, size: 2 * M, nid: 0 })).toBe('ok');
    // Section-granular __add_pages added all of section 32.
    expect(m.observe().sections.find((s) => s.nr === 32)?.subsectionMap).toBe('0xffffffffffffffff');
    const before = m.observe();
    expect(m.apply({ op: 'memunmap_pages', start: 0x100000000, size: 2 * M })).toBe('BUG');
    expect(m.observe()).toEqual(before);
  });
});
