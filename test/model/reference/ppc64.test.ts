import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../model/config.ts';
import { ask, expected, M, machine } from '../../helpers/machine.ts';

// ppc64: 64K pages, 16M sections of 256 pfns, 2M sub-sections of 32 pfns: 8 per section.
const boot = [{ start: 0, size: 20 * M, nid: 0 }];

describe('reference: ppc64 geometry', () => {
  const m = machine('v5.3', boot, DEFAULT_CONFIG, 'ppc64');

  it('boot of 20M: section 0 full, section 1 sub-sections 0..1, 8-bit masks', () => {
    const bootFields = { nid: 0, present: true, hasMemMap: true, online: true, early: true, usage: 'boot' } as const;
    const { roots, sections } = m.observe();
    expect({ roots, sections }).toEqual({
      roots: [0],
      sections: [
        expected(0, { ...bootFields, subsectionMap: '0xff', memmapBoot: '0xff', pfnValid: '0xff' }),
        expected(1, { ...bootFields, subsectionMap: '0x3', memmapBoot: '0xff', pfnValid: '0xff' }),
      ],
    });
  });

  it('sub-section add, hole reuse, and a partial remove', () => {
    // Section 2 starts at 32M; sub-section 3 of section 1 is 16M + 6M.
    expect(m.apply({ op: 'add_pages', start: 32 * M, size: 2 * M, nid: 0 })).toBe('ok');
    expect(m.apply({ op: 'add_pages', start: 22 * M, size: 2 * M, nid: 0 })).toBe('ok');
    const o = m.observe();
    expect(o.sections.find((s) => s.nr === 1)?.subsectionMap).toBe('0xb');
    expect(o.sections.find((s) => s.nr === 1)?.memmapHotplug).toBe('0x0');
    expect(o.sections.find((s) => s.nr === 2)).toEqual(
      expected(2, {
        nid: 0,
        present: true,
        hasMemMap: true,
        usage: 'hotplug',
        subsectionMap: '0x1',
        memmapHotplug: '0x1',
        pfnValid: '0x1',
      }),
    );
    expect(ask(m, 'pfn_valid', 34 * M)).toBe('false');
    // The whole of section 1 is not active (sub-sections 2, 4..7 are holes): WARN.
    expect(m.apply({ op: 'remove_pages', start: 16 * M, size: 16 * M })).toBe('WARN');
    expect(m.apply({ op: 'remove_pages', start: 22 * M, size: 2 * M })).toBe('ok');
    expect(m.observe().sections.find((s) => s.nr === 1)?.subsectionMap).toBe('0x3');
  });

  it('a 1M add is below the 2M sub-section: -EINVAL', () => {
    expect(m.apply({ op: 'add_pages', start: 48 * M, size: 1 * M, nid: 0 })).toBe('-EINVAL');
  });
  it('a 256M block holding boot memory of nodes 0 and 1 belongs to node 1, the last node to register it', () => {
    // node 0 at 0..32M (sections 0, 1), node 1 at 32M..64M (sections 2, 3): all in block 0
    const two = machine('v5.5', [
      { start: 0, size: 32 * M, nid: 0 },
      { start: 32 * M, size: 32 * M, nid: 1 },
    ], DEFAULT_CONFIG, 'ppc64');
    expect(two.observe().blocks.map((b) => [b.id, b.nid])).toEqual([[0, 1]]);
    // nodes register in ascending order whatever their addresses: node 1 below node 0 still wins
    const reversed = machine('v5.5', [
      { start: 0, size: 32 * M, nid: 1 },
      { start: 32 * M, size: 32 * M, nid: 0 },
    ], DEFAULT_CONFIG, 'ppc64');
    expect(reversed.observe().blocks.map((b) => [b.id, b.nid])).toEqual([[0, 1]]);
  });

  // Zones are per node: node 0's Normal and node 1's Normal are two zones, so test_pages_in_a_zone()
  // fails for the block (v4.11..v5.14) and mem->zone is NULL (v5.15+): valid_zones reads `none` and
  // offline is -EINVAL. v5.5 is the profile where offline gets that far without the v5.6 holes check,
  // so the block is filled with RAM to make every profile reach it.
  it.each(['v4.10', 'v4.13', 'v5.5', 'v5.10', 'v6.1', 'v7.3'])('%s: a boot block of two nodes spans two zones: valid_zones none, offline -EINVAL', (profile) => {
    const two = machine(profile, [
      { start: 0, size: 128 * M, nid: 0 },
      { start: 128 * M, size: 128 * M, nid: 1 },
    ], DEFAULT_CONFIG, 'ppc64');
    expect(two.apply({ op: 'valid_zones', block: 0 })).toBe('none');
    expect(two.apply({ op: 'state', block: 0, word: 'offline' })).toBe('-EINVAL');
    expect(two.observe().blocks).toEqual([{ id: 0, nid: 1, state: 'online', zone: 'none', validZones: 'none' }]);
    // the same block all on node 0 is one zone (v4.10 also names the zone a shift could take it to:
    // it holds the last pfns of Normal)
    const one = machine(profile, [{ start: 0, size: 256 * M, nid: 0 }], DEFAULT_CONFIG, 'ppc64');
    expect(one.apply({ op: 'valid_zones', block: 0 })).toBe(profile === 'v4.10' ? 'Normal Movable' : 'Normal');
    expect(one.apply({ op: 'state', block: 0, word: 'offline' })).toBe('ok');
  });
  // move_pfn_range_to_zone() over a boot block with holes writes only the struct pages that
  // exist: a section hot-added afterwards has no initialised memmap beyond what its add poisoned.
  it('v5.5: a boot block with holes onlined again initialises only its present sections', () => {
    const p = machine('v5.5', [{ start: 0, size: 16 * M, nid: 0 }], DEFAULT_CONFIG, 'ppc64');
    expect(p.apply({ op: 'state', block: 0, word: 'offline' })).toBe('ok');
    expect(p.apply({ op: 'state', block: 0, word: 'online' })).toBe('ok');
    expect(p.apply({ op: 'add_pages', start: 16 * M, size: 2 * M, nid: 0 })).toBe('ok');
    expect(p.observe().memmap).toEqual([
      { startPfn: 0, endPfn: 256, state: 'Normal/0' },
      { startPfn: 256, endPfn: 512, state: 'uninit' },
    ]);
  });
});
