/** The sparse-layer predicates; pfn = floor(addr / PAGE_SIZE). */
import { describe, expect, it } from 'vitest';
import { MiB, add, machine, query } from '../../../helpers/optimized.ts';

const S32 = 0x100000000;

describe('optimized: queries (v5.3, x86_64)', () => {
  const m = machine({ boot: [{ start: 0, size: 48 * MiB, nid: 0 }] });
  m.apply(add(S32, 2 * MiB));

  it('pfn_valid follows the sub-section map of a hot-added section', () => {
    expect(m.apply(query('pfn_valid', S32))).toBe('true');
    expect(m.apply(query('pfn_valid', S32 + 2 * MiB - 1))).toBe('true'); // floored into sub-section 0
    expect(m.apply(query('pfn_valid', S32 + 2 * MiB))).toBe('false');
  });

  it('pfn_valid is true across an early section, holes included', () => {
    expect(m.apply(query('pfn_valid', 0))).toBe('true');
    expect(m.apply(query('pfn_valid', 100 * MiB))).toBe('true');
  });

  it('pfn_valid is false under a missing root and past NR_MEM_SECTIONS', () => {
    expect(m.apply(query('pfn_valid', 0x800000000))).toBe('false');
    expect(m.apply(query('pfn_valid', 0x400000000000))).toBe('false');
    expect(m.apply(query('pfn_valid', 2 ** 60))).toBe('false');
  });

  it('valid / present / online section', () => {
    expect(m.apply(query('valid_section', S32 + 64 * MiB))).toBe('true');
    expect(m.apply(query('present_section', S32 + 64 * MiB))).toBe('true');
    expect(m.apply(query('online_section', S32))).toBe('false');
    expect(m.apply(query('online_section', 0x1000))).toBe('true');
    expect(m.apply(query('valid_section', S32 + 128 * MiB))).toBe('false');
    expect(m.apply(query('present_section', 0x400000000000))).toBe('false');
  });

  it('pfn_to_online_page answers page for online sections only', () => {
    expect(m.apply(query('pfn_to_online_page', 0x1000))).toBe('page');
    expect(m.apply(query('pfn_to_online_page', 100 * MiB))).toBe('page'); // hole in an online section
    expect(m.apply(query('pfn_to_online_page', S32))).toBe('NULL');
    expect(m.apply(query('pfn_to_online_page', 0x400000000000))).toBe('NULL');
  });
});

describe('optimized: queries (v4.19)', () => {
  it('pfn_valid is valid_section', () => {
    const m = machine({ profile: 'v4.19' });
    m.apply(add(S32, 2 * MiB));
    expect(m.apply(query('pfn_valid', S32 + 100 * MiB))).toBe('true');
    expect(m.apply(query('pfn_valid', S32 + 128 * MiB))).toBe('false');
  });
});
