/** CONFIG_SPARSEMEM_VMEMMAP=n and CONFIG_SPARSEMEM_EXTREME=n (v5.3). */
import { describe, expect, it } from 'vitest';
import { canonicalObservation } from '../../../../model/observation.ts';
import { FULL64, GiB, MiB, add, bootSec, fail, hotSec, machine, query, remove, sectionOf } from '../../../helpers/optimized.ts';

const S32 = 0x100000000;

describe('optimized: vmemmap off', () => {
  const novm = { config: { vmemmap: false } } as const;

  it('only whole sections can be added or removed', () => {
    const m = machine(novm);
    const before = canonicalObservation(m.observe());
    expect(m.apply(add(S32, 2 * MiB))).toBe('-EINVAL');
    expect(canonicalObservation(m.observe())).toBe(before);
    expect(m.apply(add(S32, 128 * MiB))).toBe('ok');
    expect(sectionOf(m.observe(), 32)).toEqual(hotSec(32, FULL64));
    expect(m.apply(remove(S32, 2 * MiB))).toBe('WARN');
    expect(sectionOf(m.observe(), 32)).toEqual(hotSec(32, FULL64));
    expect(m.apply(remove(S32, 128 * MiB))).toBe('ok');
    expect(sectionOf(m.observe(), 32)).toBeUndefined();
  });

  it('an early hole cannot be filled at sub-section size', () => {
    const m = machine({ ...novm, boot: [{ start: 0, size: 48 * MiB, nid: 0 }] });
    expect(m.apply(add(48 * MiB, 2 * MiB))).toBe('-EINVAL');
    expect(m.observe().sections).toEqual([bootSec(0, '0xffffff')]);
  });

  it('a memmap fault undoes the section', () => {
    const m = machine(novm);
    const before = canonicalObservation(m.observe());
    m.apply(fail('memmap'));
    expect(m.apply(add(S32, 128 * MiB))).toBe('-ENOMEM');
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('pfn_valid needs no sub-section bit', () => {
    const m = machine({ ...novm, profile: 'v5.5' });
    m.apply(add(S32, 128 * MiB));
    expect(m.apply(query('pfn_valid', S32 + 127 * MiB))).toBe('true');
  });
});

describe('optimized: sparsemem_extreme off', () => {
  it('never reports a root, whatever is added', () => {
    const m = machine({ config: { sparsememExtreme: false } });
    expect(m.observe().roots).toEqual([]);
    expect(m.apply(add(40 * GiB, 128 * MiB))).toBe('ok'); // section 320
    const o = m.observe();
    expect(o.roots).toEqual([]);
    expect(sectionOf(o, 320)).toEqual(hotSec(320, FULL64));
    expect(sectionOf(o, 0)).toEqual(bootSec(0, FULL64));
  });
});
