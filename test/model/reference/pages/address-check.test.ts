import { describe, expect, it } from 'vitest';
import type { Profile } from '../../../../model/profile.ts';
import { findProfile } from '../../../../model/profiles/index.ts';
import { add, hotSection, M, machine, section } from '../../../helpers/machine.ts';

const LIMIT = 2 ** 46; // x86_64 MAX_PHYSMEM_BITS
const LAST_SECTION = 2 ** 19 - 1; // NR_MEM_SECTIONS - 1

describe('reference: address checks', () => {
  it('v5.5: an add at or beyond 2^46 is -E2BIG', () => {
    const m = machine('v5.5');
    const before = m.observe();
    expect(add(m, LIMIT, 2 * M)).toBe('-E2BIG');
    expect(add(m, LIMIT - 2 * M, 4 * M)).toBe('-E2BIG');
    expect(m.observe()).toEqual(before);
  });

  it('v5.5: add_pages 0 0 wraps to the last byte of 64 bits: -E2BIG', () => {
    const m = machine('v5.5');
    expect(add(m, 0, 0)).toBe('-E2BIG');
  });

  it('v5.5: the last 2M below 2^46 is addressable (last section, root 2047)', () => {
    const m = machine('v5.5');
    expect(add(m, LIMIT - 2 * M, 2 * M)).toBe('ok');
    expect(section(m, LAST_SECTION)).toEqual(hotSection(LAST_SECTION, '0x8000000000000000'));
    expect(m.observe().roots).toEqual([0, 2047]);
  });

  it('roots allocated out of order are listed ascending, and so are their sections', () => {
    const m = machine('v5.5');
    expect(add(m, LIMIT - 2 * M, 2 * M)).toBe('ok'); // root 2047
    expect(add(m, 256 * 128 * M, 2 * M)).toBe('ok'); // section 256: root 1
    expect(m.observe().roots).toEqual([0, 1, 2047]);
    expect(m.observe().sections.map((s) => s.nr)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 256, LAST_SECTION]);
  });

  it('v5.5: size 0 walks no chunk (pfn loop), even unaligned: ok', () => {
    const m = machine('v5.5');
    const before = m.observe();
    expect(add(m, 0x100200000, 0)).toBe('ok');
    expect(add(m, LIMIT, 0)).toBe('ok');
    expect(m.observe()).toEqual(before);
  });

  it('v5.3: an add beyond is a BUG and nothing changes, even the sections below the limit', () => {
    const m = machine('v5.3');
    const before = m.observe();
    expect(add(m, LIMIT, 2 * M)).toBe('BUG');
    expect(add(m, LIMIT - 2 * M, 4 * M)).toBe('BUG');
    expect(add(m, 0, 0)).toBe('BUG');
    expect(m.observe()).toEqual(before);
  });

  it('v5.3: size 0 at the limit visits no section (aligned); one sub-section past it is a BUG', () => {
    const m = machine('v5.3');
    expect(add(m, LIMIT, 0)).toBe('ok');
    expect(add(m, LIMIT + 2 * M, 0)).toBe('BUG');
  });

  it('v4.19: size 0 past the table walks no section: ok (the section loop runs from start to start + size)', () => {
    const m = machine('v4.19');
    expect(add(m, LIMIT + 128 * M, 0)).toBe('ok');
    expect(add(m, LIMIT + 128 * M, 128 * M)).toBe('BUG');
  });

  it('a patch profile: v5.5 without the address check walks no chunk for size 0 anywhere, unlike v5.3', () => {
    const v55 = findProfile('v5.5')!;
    const v53 = findProfile('v5.3')!;
    const patched: Profile = { ...v55, name: 'v5.5-no-address-check', sparse: { ...v55.sparse, addressCheck: v53.sparse.addressCheck } };
    const m = machine(patched);
    const before = m.observe();
    // v5.3 answers BUG for both: its section loop visits section(pfn - 1), past the table
    expect(add(m, 0, 0)).toBe('ok');
    expect(add(m, LIMIT + 2 * M, 0)).toBe('ok');
    // two sections past the table too: the pfn loop has no section(pfn - 1) to index
    expect(add(m, LIMIT + 256 * M, 0)).toBe('ok');
    // without the check, a walk past the last section indexes beyond mem_section[], as in v5.3
    expect(add(m, LIMIT, 2 * M)).toBe('BUG');
    expect(m.observe()).toEqual(before);
  });

  it('a patch profile: under section-granular hotplug the add loop rule changes nothing (size 0 unaligned adds section(pfn))', () => {
    const v419 = findProfile('v4.19')!;
    const v55 = findProfile('v5.5')!;
    const patched: Profile = { ...v419, name: 'v4.19-pfn-loop', sparse: { ...v419.sparse, addLoop: v55.sparse.addLoop } };
    const m = machine(patched);
    expect(add(m, 0x100200000, 0)).toBe('ok');
    expect(section(m, 32)).toEqual(hotSection(32, '0xffffffffffffffff'));
  });

  it('v5.3: check_pfn_span comes before the out-of-range walk; v5.5 checks the address first', () => {
    const m = machine('v5.3');
    expect(add(m, LIMIT, 4096)).toBe('-EINVAL');
    expect(add(m, LIMIT, 2 * 1024 * 1024)).toBe('BUG');
    const m55 = machine('v5.5');
    expect(add(m55, LIMIT, 4096)).toBe('-E2BIG');
  });
});
