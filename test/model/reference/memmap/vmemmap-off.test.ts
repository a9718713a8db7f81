import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../../model/config.ts';
import { add, FULL64, hotSection, M, machine, remove, section } from '../../../helpers/machine.ts';

const NO_VMEMMAP = { ...DEFAULT_CONFIG, vmemmap: false };

describe('reference: CONFIG_SPARSEMEM_VMEMMAP=n', () => {
  it('a 2M add fails check_pfn_span: -EINVAL', () => {
    const m = machine('v5.3', undefined, NO_VMEMMAP);
    const before = m.observe();
    expect(add(m, 0x100000000, 2 * M)).toBe('-EINVAL');
    expect(m.observe()).toEqual(before);
  });

  it('a 128M add populates the whole section memmap', () => {
    const m = machine('v5.3', undefined, NO_VMEMMAP);
    expect(add(m, 0x100000000, 128 * M)).toBe('ok');
    expect(section(m, 32)).toEqual(hotSection(32, FULL64));
  });

  it('2M remove WARNs, 128M remove empties the section', () => {
    const m = machine('v5.5', undefined, NO_VMEMMAP);
    add(m, 0x100000000, 128 * M);
    const before = m.observe();
    expect(remove(m, 0x100000000, 2 * M)).toBe('WARN');
    expect(m.observe()).toEqual(before);
    expect(remove(m, 0x100000000, 128 * M)).toBe('ok');
    expect(section(m, 32)).toBeUndefined();
  });

  it('a memmap failure of a whole-section add leaves nothing', () => {
    const m = machine('v5.3', undefined, NO_VMEMMAP);
    const before = m.observe();
    m.apply({ op: 'fail', alloc: 'memmap', errno: 'ENOMEM' });
    expect(add(m, 0x100000000, 128 * M)).toBe('-ENOMEM');
    expect(m.observe()).toEqual(before);
  });
});
