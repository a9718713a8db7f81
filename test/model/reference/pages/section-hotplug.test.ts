import { describe, expect, it } from 'vitest';
import { add, bootSection, FULL64, hotSection, M, machine, remove, section, sectionNrs } from '../../../helpers/machine.ts';

describe('reference: v4.19 section-granular hotplug', () => {
  it('an unaligned 2M add inside a new section adds the whole section', () => {
    const m = machine('v4.19');
    expect(add(m, 0x100200000, 2 * M)).toBe('ok');
    expect(section(m, 32)).toEqual(hotSection(32, FULL64));
  });

  it('adding it again answers ok and changes nothing (-EEXIST swallowed)', () => {
    const m = machine('v4.19');
    add(m, 0x100200000, 2 * M);
    const before = m.observe();
    expect(add(m, 0x100200000, 2 * M)).toBe('ok');
    expect(add(m, 0x100000000, 128 * M)).toBe('ok');
    expect(m.observe()).toEqual(before);
  });

  it('a walk over a valid and a new section adds the new one', () => {
    const m = machine('v4.19');
    add(m, 0x100000000, 2 * M);
    expect(add(m, 0x100000000, 256 * M)).toBe('ok');
    expect(sectionNrs(m)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 32, 33]);
    expect(section(m, 33)).toEqual(hotSection(33, FULL64));
  });

  it('size 0 at an unaligned address visits section(pfn) and adds it; at an aligned one nothing', () => {
    const m = machine('v4.19');
    expect(add(m, 0x100000000, 0)).toBe('ok');
    expect(section(m, 32)).toBeUndefined();
    expect(add(m, 0x100200000, 0)).toBe('ok');
    expect(section(m, 32)).toEqual(hotSection(32, FULL64));
  });

  it('remove_pages with an unaligned range is a BUG and changes nothing', () => {
    const m = machine('v4.19');
    add(m, 0x100000000, 128 * M);
    const before = m.observe();
    expect(remove(m, 0x100000000, 2 * M)).toBe('BUG');
    expect(remove(m, 0x100200000, 128 * M)).toBe('BUG');
    expect(m.observe()).toEqual(before);
  });

  it('removing a range whose second section is not valid: -EINVAL, the first stays removed', () => {
    const m = machine('v4.19');
    add(m, 0x100000000, 128 * M);
    add(m, 0x110000000, 128 * M);
    expect(remove(m, 0x100000000, 384 * M)).toBe('-EINVAL');
    expect(section(m, 32)).toBeUndefined();
    // Section 34 comes after the failure and is not reached.
    expect(section(m, 34)).toEqual(hotSection(34, FULL64));
  });

  it('removing a boot section clears everything, the usemap pointer too', () => {
    const m = machine('v4.19');
    expect(remove(m, 0x38000000, 128 * M)).toBe('ok');
    expect(section(m, 7)).toBeUndefined();
    expect(section(m, 6)).toEqual(bootSection(6, FULL64));
  });

  it('a removed boot section is re-added with a hotplug usage', () => {
    const m = machine('v4.19');
    remove(m, 0x38000000, 128 * M);
    expect(add(m, 0x38000000, 128 * M)).toBe('ok');
    expect(section(m, 7)).toEqual(hotSection(7, FULL64));
  });

  it('pfn_valid is valid_section: a partial boot section and a whole added one answer true anywhere', () => {
    const m = machine('v4.19', [{ start: 0x100000000, size: 2 * M, nid: 0 }]);
    expect(m.apply({ op: 'query', query: 'pfn_valid', addr: 0x107e00000 })).toBe('true');
    add(m, 0x108000000, 2 * M);
    expect(m.apply({ op: 'query', query: 'pfn_valid', addr: 0x10fe00000 })).toBe('true');
  });

  it('add beyond MAX_PHYSMEM_BITS is a BUG; so is the wrapping add 0 0', () => {
    const m = machine('v4.19');
    const before = m.observe();
    expect(add(m, 2 ** 46, 128 * M)).toBe('BUG');
    expect(add(m, 0, 0)).toBe('BUG');
    expect(m.observe()).toEqual(before);
  });
});
