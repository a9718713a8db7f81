import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../../model/config.ts';
import { bootSection, FULL64, M, machine, sectionNrs, section } from '../../../helpers/machine.ts';

describe('reference: boot', () => {
  it('0x100000 + 0x3fee0000 makes sections 0..7 early with full maps', () => {
    const m = machine('v5.3');
    const o = m.observe();
    expect(o.roots).toEqual([0]);
    expect(o.sections).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((nr) => bootSection(nr, FULL64)));
  });

  it('section 7 (pfns 0x38000..0x3ffdf) has bits 0..63 and pfn_valid everywhere', () => {
    const s = section(machine('v5.3'), 7);
    expect(s?.subsectionMap).toBe(FULL64);
    expect(s?.pfnValid).toBe(FULL64);
  });

  it('a partial section sets only the sub-sections touched, rounded out, and keeps its memmap whole', () => {
    // 0x100001000 + 0x1000: inside sub-section 0 of section 32.
    // 0x1081ff000 + 0x2000: straddles sub-sections 0 and 1 of section 33.
    const m = machine('v5.3', [
      { start: 0x100001000, size: 0x1000, nid: 1 },
      { start: 0x1081ff000, size: 0x2000, nid: 1 },
    ]);
    const s32 = bootSection(32, '0x1');
    const s33 = bootSection(33, '0x3');
    expect(m.observe().sections).toEqual([
      { ...s32, nid: 1 },
      { ...s33, nid: 1 },
    ]);
  });

  it('two ranges in one section OR their maps; a range spanning sections covers each', () => {
    // Section 32: sub-section 0 and sub-section 5 (0x100a00000). Then 0x10fe00000 + 4M:
    // last sub-section (63) of section 33 and sub-section 0 of section 34.
    const m = machine('v4.19', [
      { start: 0x100000000, size: 0x200000, nid: 0 },
      { start: 0x100a00000, size: 0x200000, nid: 0 },
      { start: 0x10fe00000, size: 0x400000, nid: 0 },
    ]);
    expect(sectionNrs(m)).toEqual([32, 33, 34]);
    expect(section(m, 32)?.subsectionMap).toBe('0x21');
    expect(section(m, 33)?.subsectionMap).toBe('0x8000000000000000');
    expect(section(m, 34)?.subsectionMap).toBe('0x1');
  });

  it('roots follow SECTIONS_PER_ROOT = 256 on x86_64, and none exist without SPARSEMEM_EXTREME', () => {
    // Section 256 = 0x800000000 is the first of root 1.
    const boot = [
      { start: 0x100000, size: 0x3fee0000, nid: 0 },
      { start: 0x800000000, size: 0x8000000, nid: 0 },
    ];
    expect(machine('v5.3', boot).observe().roots).toEqual([0, 1]);
    expect(machine('v5.3', boot, { ...DEFAULT_CONFIG, sparsememExtreme: false }).observe().roots).toEqual([]);
  });

  it('dump changes nothing and answers ok', () => {
    const m = machine('v5.5');
    const before = m.observe();
    expect(m.apply({ op: 'dump' })).toBe('ok');
    expect(m.observe()).toEqual(before);
  });
  it('boot memory in the third mem_section root (64G: section 512) is set up like any boot memory', () => {
    const m = machine('v5.5', [{ start: 512 * 128 * M, size: 128 * M, nid: 0 }]);
    const o = m.observe();
    expect(o.sections).toEqual([bootSection(512, FULL64)]);
    expect(o.blocks.map((b) => [b.id, b.state])).toEqual([[512, 'online']]);
  });
});
