import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../../model/config.ts';
import { add, ask, M, machine } from '../../../helpers/machine.ts';

describe('reference: queries', () => {
  const m = machine('v5.3');
  add(m, 0x100000000, 2 * M);

  it('boot memory: valid, present, online, page; holes of early sections are valid too', () => {
    expect(ask(m, 'pfn_valid', 0x200000)).toBe('true');
    expect(ask(m, 'pfn_valid', 0)).toBe('true'); // below 0x100000, in section 0's hole
    expect(ask(m, 'valid_section', 0x200000)).toBe('true');
    expect(ask(m, 'present_section', 0x200000)).toBe('true');
    expect(ask(m, 'online_section', 0x200000)).toBe('true');
    expect(ask(m, 'pfn_to_online_page', 0x200000)).toBe('page');
  });

  it('hot-added sub-section: valid and present but not online', () => {
    expect(ask(m, 'pfn_valid', 0x100000000)).toBe('true');
    expect(ask(m, 'pfn_valid', 0x1001fffff)).toBe('true'); // last byte, floored to its pfn
    expect(ask(m, 'valid_section', 0x100000000)).toBe('true');
    expect(ask(m, 'present_section', 0x100000000)).toBe('true');
    expect(ask(m, 'online_section', 0x100000000)).toBe('false');
    expect(ask(m, 'pfn_to_online_page', 0x100000000)).toBe('NULL');
  });

  it('an inactive sub-section of a hot-added section: pfn_valid false, valid_section true', () => {
    expect(ask(m, 'pfn_valid', 0x100200000)).toBe('false');
    expect(ask(m, 'valid_section', 0x100200000)).toBe('true');
  });

  it('an absent section answers false / NULL', () => {
    for (const q of ['pfn_valid', 'valid_section', 'present_section', 'online_section'] as const) {
      expect(ask(m, q, 0x200000000)).toBe('false');
    }
    expect(ask(m, 'pfn_to_online_page', 0x200000000)).toBe('NULL');
  });

  it('a pfn whose section is >= NR_MEM_SECTIONS answers false / NULL', () => {
    for (const addr of [2 ** 46, 2 ** 52 - 4096]) {
      for (const q of ['pfn_valid', 'valid_section', 'present_section', 'online_section'] as const) {
        expect(ask(m, q, addr)).toBe('false');
      }
      expect(ask(m, 'pfn_to_online_page', addr)).toBe('NULL');
    }
  });

  it('v4.19: pfn_valid is per section', () => {
    const old = machine('v4.19');
    add(old, 0x100000000, 2 * M);
    expect(ask(old, 'pfn_valid', 0x100200000)).toBe('true');
  });

  it('without VMEMMAP pfn_valid is per section even under sub-section hotplug', () => {
    const nv = machine('v5.3', undefined, { ...DEFAULT_CONFIG, vmemmap: false });
    add(nv, 0x100000000, 128 * M);
    expect(ask(nv, 'pfn_valid', 0x107e00000)).toBe('true');
  });

  it('queries change nothing', () => {
    const before = m.observe();
    ask(m, 'pfn_valid', 0x100000000);
    ask(m, 'pfn_to_online_page', 0x200000);
    expect(m.observe()).toEqual(before);
  });
});
