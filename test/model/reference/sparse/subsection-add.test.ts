import { describe, expect, it } from 'vitest';
import { add, FULL64, hotSection, M, machine, remove, section, sectionNrs } from '../../../helpers/machine.ts';

describe('reference: v5.3 sub-section add and remove', () => {
  it('add_pages 0x100000000 2M activates sub-section 0 of section 32', () => {
    const m = machine('v5.3');
    expect(add(m, 0x100000000, 2 * M)).toBe('ok');
    expect(section(m, 32)).toEqual(hotSection(32, '0x1'));
    expect(m.observe().roots).toEqual([0]);
  });

  it('adding 4M over an active sub-section is -EEXIST and changes nothing', () => {
    const m = machine('v5.3');
    add(m, 0x100000000, 2 * M);
    const before = m.observe();
    expect(add(m, 0x100000000, 4 * M)).toBe('-EEXIST');
    expect(m.observe()).toEqual(before);
  });

  it('size 0 at a sub-section of section 32 (not section aligned) is one empty chunk: -EINVAL', () => {
    const m = machine('v5.3');
    add(m, 0x100000000, 2 * M);
    const before = m.observe();
    expect(add(m, 0x100200000, 0)).toBe('-EINVAL');
    expect(m.observe()).toEqual(before);
  });

  it('size 0 on a fresh section: the usage allocated for the chunk is freed again', () => {
    const m = machine('v5.3');
    const before = m.observe();
    expect(add(m, 0x100200000, 0)).toBe('-EINVAL');
    expect(m.observe()).toEqual(before);
  });

  it('size 0 at a section-aligned address visits no section: ok', () => {
    const m = machine('v5.3');
    const before = m.observe();
    expect(add(m, 0x100000000, 0)).toBe('ok');
    expect(m.observe()).toEqual(before);
  });

  it('a misaligned add (1M) fails check_pfn_span with -EINVAL', () => {
    const m = machine('v5.3');
    const before = m.observe();
    expect(add(m, 0x100000000, 1 * M)).toBe('-EINVAL');
    expect(add(m, 0x100100000, 2 * M)).toBe('-EINVAL');
    expect(m.observe()).toEqual(before);
  });

  it('removing 4M when only 2M is active WARNs and changes nothing; removing the 2M empties the section', () => {
    const m = machine('v5.3');
    add(m, 0x100000000, 2 * M);
    const before = m.observe();
    expect(remove(m, 0x100000000, 4 * M)).toBe('WARN');
    expect(m.observe()).toEqual(before);
    expect(remove(m, 0x100000000, 2 * M)).toBe('ok');
    expect(section(m, 32)).toBeUndefined();
    expect(sectionNrs(m)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    // Roots are never freed.
    expect(m.observe().roots).toEqual([0]);
  });

  it('an add crossing a section boundary is cut into one chunk per section', () => {
    // 0x107e00000 is sub-section 63 of section 32; 4M reaches sub-section 0 of section 33.
    const m = machine('v5.3');
    expect(add(m, 0x107e00000, 4 * M)).toBe('ok');
    expect(section(m, 32)).toEqual(hotSection(32, '0x8000000000000000'));
    expect(section(m, 33)).toEqual(hotSection(33, '0x1'));
  });

  it('a multi-section add stops at the colliding section; the first stays added', () => {
    const m = machine('v5.3');
    expect(add(m, 0x108000000, 2 * M)).toBe('ok');
    expect(add(m, 0x100000000, 256 * M)).toBe('-EEXIST');
    expect(section(m, 32)).toEqual(hotSection(32, FULL64));
    expect(section(m, 33)).toEqual(hotSection(33, '0x1'));
  });

  it('removing the middle sub-section of a hot-added section frees exactly its memmap', () => {
    const m = machine('v5.3');
    add(m, 0x100000000, 6 * M);
    expect(remove(m, 0x100200000, 2 * M)).toBe('ok');
    expect(section(m, 32)).toEqual(hotSection(32, '0x5'));
  });

  it('remove over a valid and a never-added section: the first goes, the second WARNs', () => {
    const m = machine('v5.3');
    add(m, 0x100000000, 128 * M);
    expect(remove(m, 0x100000000, 256 * M)).toBe('WARN');
    expect(section(m, 32)).toBeUndefined();
    expect(section(m, 33)).toBeUndefined();
  });

  it('remove with a misaligned span WARNs (check_pfn_span) and changes nothing', () => {
    const m = machine('v5.3');
    add(m, 0x100000000, 2 * M);
    const before = m.observe();
    expect(remove(m, 0x100000000, 1 * M)).toBe('WARN');
    expect(m.observe()).toEqual(before);
  });

  it('remove of size 0 does nothing and answers ok', () => {
    const m = machine('v5.3');
    const before = m.observe();
    expect(remove(m, 0x100200000, 0)).toBe('ok');
    expect(m.observe()).toEqual(before);
  });

  it('a second add on another node moves the section nid (set_section_nid)', () => {
    const m = machine('v5.3');
    add(m, 0x100000000, 2 * M, 0);
    expect(add(m, 0x100200000, 2 * M, 3)).toBe('ok');
    expect(section(m, 32)).toEqual({ ...hotSection(32, '0x3'), nid: 3 });
  });

  it('adding then removing everything leaves a section that is absent again', () => {
    const m = machine('v5.3');
    const before = m.observe();
    add(m, 0x100000000, 128 * M);
    expect(remove(m, 0x100000000, 128 * M)).toBe('ok');
    // the one trace: v5.3 frees the section's usage while it still reads valid (B-31)
    expect(m.observe()).toEqual({ ...before, usageRaces: 1 });
  });
});
