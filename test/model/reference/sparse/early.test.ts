import { describe, expect, it } from 'vitest';
import { add, bootSection, expected, FULL64, M, machine, remove, section, X86_BOOT } from '../../../helpers/machine.ts';

// Boot memory plus sub-section 0 of section 32: section 32 is early and partially populated.
const BOOT_WITH_PARTIAL = [...X86_BOOT, { start: 0x100000000, size: 2 * M, nid: 0 }];

describe('reference: early (boot) sections under sub-section hotplug', () => {
  it('hot-add into a hole of a partial boot section reuses the boot memmap', () => {
    const m = machine('v5.3', BOOT_WITH_PARTIAL);
    expect(section(m, 32)).toEqual(bootSection(32, '0x1'));
    expect(add(m, 0x100200000, 2 * M)).toBe('ok');
    expect(section(m, 32)).toEqual(bootSection(32, '0x3'));
  });

  it('removing the hot-added part keeps the boot memmap whole', () => {
    const m = machine('v5.3', BOOT_WITH_PARTIAL);
    add(m, 0x100200000, 2 * M);
    expect(remove(m, 0x100200000, 2 * M)).toBe('ok');
    expect(section(m, 32)).toEqual(bootSection(32, '0x1'));
  });

  it('removing part of a full boot section frees nothing and pfn_valid stays true throughout', () => {
    // Section 7 starts at 0x38000000.
    const m = machine('v5.3');
    expect(remove(m, 0x38000000, 2 * M)).toBe('ok');
    expect(section(m, 7)).toEqual(bootSection(7, '0xfffffffffffffffe'));
  });

  it('removing every sub-section of an early section zeroes the section but keeps the boot usage', () => {
    const m = machine('v5.3');
    expect(remove(m, 0x38000000, 128 * M)).toBe('ok');
    expect(section(m, 7)).toEqual(expected(7, { usage: 'boot' }));
  });

  it('the same, sub-section by sub-section in two steps', () => {
    const m = machine('v5.3', BOOT_WITH_PARTIAL);
    add(m, 0x100200000, 2 * M);
    expect(remove(m, 0x100000000, 2 * M)).toBe('ok');
    expect(section(m, 32)).toEqual(bootSection(32, '0x2'));
    expect(remove(m, 0x100200000, 2 * M)).toBe('ok');
    expect(section(m, 32)).toEqual(expected(32, { usage: 'boot' }));
  });

  it('re-adding into an emptied boot section reuses the boot usage and populates a hotplug memmap', () => {
    const m = machine('v5.3');
    remove(m, 0x38000000, 128 * M);
    expect(add(m, 0x38000000, 2 * M)).toBe('ok');
    expect(section(m, 7)).toEqual(
      expected(7, {
        nid: 0,
        present: true,
        hasMemMap: true,
        usage: 'boot',
        subsectionMap: '0x1',
        memmapHotplug: '0x1',
        pfnValid: '0x1',
      }),
    );
    expect(remove(m, 0x38000000, 2 * M)).toBe('ok');
    expect(section(m, 7)).toEqual(expected(7, { usage: 'boot' }));
  });

  it('a memmap failure in an emptied boot section leaves it exactly as before (usage boot kept)', () => {
    const m = machine('v5.3');
    remove(m, 0x38000000, 128 * M);
    const before = m.observe();
    m.apply({ op: 'fail', alloc: 'memmap', errno: 'ENOMEM' });
    expect(add(m, 0x38000000, 2 * M)).toBe('-ENOMEM');
    expect(m.observe()).toEqual(before);
  });

  it('a whole-section add over a boot section collides: -EEXIST', () => {
    const m = machine('v5.3', BOOT_WITH_PARTIAL);
    const before = m.observe();
    expect(add(m, 0x100000000, 128 * M)).toBe('-EEXIST');
    expect(m.observe()).toEqual(before);
  });

  it('removing a hole of a boot section WARNs: the range is not fully active', () => {
    const m = machine('v5.3', BOOT_WITH_PARTIAL);
    const before = m.observe();
    expect(remove(m, 0x100200000, 2 * M)).toBe('WARN');
    expect(m.observe()).toEqual(before);
  });

  it('a full boot section keeps memmapBoot full after a partial remove', () => {
    const m = machine('v5.3');
    remove(m, 0x38200000, 4 * M);
    expect(section(m, 7)?.memmapBoot).toBe(FULL64);
    expect(section(m, 7)?.subsectionMap).toBe('0xfffffffffffffff9');
  });
});
