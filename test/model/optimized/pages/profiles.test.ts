/** The section-granular v4.19 profile and the v5.5 differences (pfn loop, -E2BIG). */
import { describe, expect, it } from 'vitest';
import { canonicalObservation } from '../../../../model/observation.ts';
import { FULL64, MiB, add, bootSec, hotSec, machine, nrs, query, remove, sectionOf } from '../../../helpers/optimized.ts';

const S32 = 0x100000000;

describe('optimized: v4.19 whole-section hotplug', () => {
  it('a 2 MiB add populates the whole section; a second add is -EEXIST swallowed as ok', () => {
    const m = machine({ profile: 'v4.19' });
    expect(m.apply(add(S32, 2 * MiB))).toBe('ok');
    const after = m.observe();
    expect(sectionOf(after, 32)).toEqual(hotSec(32, FULL64));
    expect(m.apply(add(S32, 4 * MiB))).toBe('ok');
    expect(canonicalObservation(m.observe())).toBe(canonicalObservation(after));
    expect(m.apply(query('pfn_valid', S32 + 100 * MiB))).toBe('true');
  });

  it('an add over a present middle section adds the others and answers ok', () => {
    const m = machine({ profile: 'v4.19' });
    m.apply(add(S32 + 128 * MiB, 128 * MiB));
    expect(m.apply(add(S32, 384 * MiB, 1))).toBe('ok');
    const o = m.observe();
    expect(sectionOf(o, 32)).toEqual(hotSec(32, FULL64, 1));
    expect(sectionOf(o, 33)).toEqual(hotSec(33, FULL64, 0));
    expect(sectionOf(o, 34)).toEqual(hotSec(34, FULL64, 1));
  });

  it('size 0: at a section boundary nothing, unaligned the whole section, at 0 BUG', () => {
    const m = machine({ profile: 'v4.19' });
    expect(m.apply(add(S32, 0))).toBe('ok');
    expect(sectionOf(m.observe(), 32)).toBeUndefined();
    expect(m.apply(add(S32 + 2 * MiB, 0))).toBe('ok');
    expect(sectionOf(m.observe(), 32)).toEqual(hotSec(32, FULL64));
    const before = canonicalObservation(m.observe());
    expect(m.apply(add(0, 0))).toBe('BUG');
    expect(m.apply(add(0x400000000000, 128 * MiB))).toBe('BUG');
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('an unaligned remove is a BUG and changes nothing', () => {
    const m = machine({ profile: 'v4.19' });
    m.apply(add(S32, 128 * MiB));
    const before = canonicalObservation(m.observe());
    expect(m.apply(remove(S32, 2 * MiB))).toBe('BUG');
    expect(m.apply(remove(S32 + 2 * MiB, 128 * MiB))).toBe('BUG');
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('a whole-section remove clears everything; removing it again is -EINVAL', () => {
    const m = machine({ profile: 'v4.19' });
    m.apply(add(S32, 128 * MiB));
    expect(m.apply(remove(S32, 128 * MiB))).toBe('ok');
    expect(sectionOf(m.observe(), 32)).toBeUndefined();
    expect(m.apply(remove(S32, 128 * MiB))).toBe('-EINVAL');
    expect(m.apply(remove(S32, 0))).toBe('ok');
  });

  it('removing a boot section forgets its usage too; the walk stops at the first invalid section', () => {
    const m = machine({ profile: 'v4.19' });
    expect(m.apply(remove(7 * 128 * MiB, 128 * MiB))).toBe('ok');
    // v4.19 drops the usemap pointer even for a bootmem usemap: nothing is left to observe
    expect(sectionOf(m.observe(), 7)).toBeUndefined();
    // sections 6 (removed) then 7 (invalid: stop), 8 never reached
    expect(m.apply(remove(6 * 128 * MiB, 384 * MiB))).toBe('-EINVAL');
    expect(nrs(m.observe())).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sectionOf(m.observe(), 5)).toEqual(bootSec(5, FULL64));
  });

  it('re-adding a removed boot section gives it a hotplug usage and no early flag', () => {
    const m = machine({ profile: 'v4.19' });
    m.apply(remove(7 * 128 * MiB, 128 * MiB));
    expect(m.apply(add(7 * 128 * MiB, 128 * MiB, 2))).toBe('ok');
    expect(sectionOf(m.observe(), 7)).toEqual(hotSec(7, FULL64, 2));
  });
});

describe('optimized: v5.5', () => {
  it('-E2BIG past 2^46 before any alignment check; the last sub-section is fine', () => {
    const m = machine({ profile: 'v5.5' });
    const before = canonicalObservation(m.observe());
    expect(m.apply(add(0x3fffffe00000, 4 * MiB))).toBe('-E2BIG');
    expect(m.apply(add(0x400000000000, 0x1000))).toBe('-E2BIG');
    expect(m.apply(add(0, 0))).toBe('-E2BIG'); // last byte wraps to 2^64 - 1
    expect(canonicalObservation(m.observe())).toBe(before);
    expect(m.apply(add(0x3fffffe00000, 2 * MiB))).toBe('ok');
    expect(m.observe().roots).toEqual([0, 2047]);
  });

  it('size 0 at an unaligned pfn does nothing (the pfn loop has no chunk)', () => {
    const m = machine({ profile: 'v5.5' });
    const before = canonicalObservation(m.observe());
    expect(m.apply(add(S32 + 2 * MiB, 0))).toBe('ok');
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('otherwise behaves like v5.3: collisions are returned', () => {
    const m = machine({ profile: 'v5.5' });
    expect(m.apply(add(S32 + 128 * MiB, 2 * MiB))).toBe('ok');
    expect(m.apply(add(S32, 384 * MiB))).toBe('-EEXIST');
    expect(sectionOf(m.observe(), 32)).toEqual(hotSec(32, FULL64));
    expect(sectionOf(m.observe(), 34)).toBeUndefined();
  });
});
