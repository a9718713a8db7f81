/** Sub-section hotplug (v5.3) on x86_64: PPS 32768, PPSS 512, 64 sub-sections, 256 sections per root. */
import { describe, expect, it } from 'vitest';
import { canonicalObservation } from '../../../../model/observation.ts';
import {
  FULL64,
  MiB,
  X86_BOOT,
  add,
  bootSec,
  hotSec,
  machine,
  nrs,
  remove,
  sec,
  sectionOf,
} from '../../../helpers/optimized.ts';

const S32 = 0x100000000; // section 32 (4 GiB), root 0

describe('optimized: boot (x86_64)', () => {
  it('start 0x100000 size 0x3fee0000 makes sections 0..7 early with full maps', () => {
    const o = machine().observe();
    expect(o.roots).toEqual([0]);
    // 0x100000 lies in sub-section 0 of section 0 and 0x3ffdffff in sub-section 63 of section 7: rounded out, all 64
    expect(o.sections).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((nr) => bootSec(nr, FULL64)));
  });

  it('a range that stops inside a section leaves the rest of its map clear but its memmap whole', () => {
    const o = machine({ boot: [{ start: 0, size: 48 * MiB, nid: 0 }] }).observe();
    // 48 MiB = sub-sections 0..23
    expect(o.sections).toEqual([bootSec(0, '0xffffff')]);
  });

  it('rounds a partly covered sub-section out and ORs two ranges in one section', () => {
    const o = machine({
      boot: [
        { start: 0x1000, size: 0x1000, nid: 1 }, // one page in sub-section 0
        { start: 6 * MiB + 0x1000, size: 3 * MiB, nid: 1 }, // 6M+4K .. 9M+4K: sub-sections 3 and 4
      ],
    }).observe();
    expect(o.sections).toEqual([bootSec(0, '0x19', FULL64, 1)]);
  });

  it('places nodes per section', () => {
    const o = machine({
      boot: [
        { start: 0, size: 128 * MiB, nid: 0 },
        { start: 0x200000000, size: 2 * MiB, nid: 3 }, // section 64
      ],
    }).observe();
    expect(o.sections).toEqual([bootSec(0, FULL64), bootSec(64, '0x1', FULL64, 3)]);
  });
});

describe('optimized: v5.3 add_pages', () => {
  it('2 MiB at 4 GiB activates one sub-section; 4 MiB over it is -EEXIST and changes nothing', () => {
    const m = machine();
    expect(m.apply(add(S32, 2 * MiB))).toBe('ok');
    const after = m.observe();
    expect(after.roots).toEqual([0]);
    expect(sectionOf(after, 32)).toEqual(hotSec(32, '0x1'));
    expect(m.apply(add(S32, 4 * MiB))).toBe('-EEXIST');
    expect(canonicalObservation(m.observe())).toBe(canonicalObservation(after));
  });

  it('a disjoint sub-section in the same section joins the map', () => {
    const m = machine();
    m.apply(add(S32, 2 * MiB));
    expect(m.apply(add(S32 + 4 * MiB, 4 * MiB, 0))).toBe('ok');
    // sub-sections 0, 2, 3
    expect(sectionOf(m.observe(), 32)).toEqual(hotSec(32, '0xd'));
  });

  it('size 0 at 0x100200000 is -EINVAL and leaves no usage behind', () => {
    const m = machine();
    const before = canonicalObservation(m.observe());
    // sections 32..section(pfn-1)=32: one chunk of 0 pages, empty mask
    expect(m.apply(add(S32 + 2 * MiB, 0))).toBe('-EINVAL');
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('size 0 at a section boundary visits no section (ok); size 0 at 0 wraps to BUG', () => {
    const m = machine();
    const before = canonicalObservation(m.observe());
    expect(m.apply(add(S32, 0))).toBe('ok');
    expect(m.apply(add(0, 0))).toBe('BUG');
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('misaligned to a sub-section is -EINVAL', () => {
    const m = machine();
    const before = canonicalObservation(m.observe());
    expect(m.apply(add(S32, 0x1000))).toBe('-EINVAL');
    expect(m.apply(add(S32 + 0x1000, 2 * MiB))).toBe('-EINVAL');
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('beyond 2^46 is BUG with nothing changed; a misaligned range is -EINVAL first', () => {
    const m = machine();
    const before = canonicalObservation(m.observe());
    expect(m.apply(add(0x400000000000, 2 * MiB))).toBe('BUG');
    // the last sub-section of the address space plus one more: section 2^19 is visited
    expect(m.apply(add(0x3fffffe00000, 4 * MiB))).toBe('BUG');
    // check_pfn_span runs before the walk reaches the out-of-range section
    expect(m.apply(add(0x400000000000, 0x1000))).toBe('-EINVAL');
    expect(canonicalObservation(m.observe())).toBe(before);
    // the very last sub-section is fine: section 524287 in root 2047
    expect(m.apply(add(0x3fffffe00000, 2 * MiB))).toBe('ok');
    expect(m.observe().roots).toEqual([0, 2047]);
    expect(sectionOf(m.observe(), 524287)).toEqual(hotSec(524287, '0x8000000000000000'));
  });

  it('multi-section add with a collision in the second section keeps the first', () => {
    const m = machine();
    expect(m.apply(add(S32 + 128 * MiB, 2 * MiB))).toBe('ok'); // section 33, sub-section 0
    expect(m.apply(add(S32, 384 * MiB))).toBe('-EEXIST'); // 32 whole, 33 collides, 34 never reached
    const o = m.observe();
    expect(nrs(o)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 32, 33]);
    expect(sectionOf(o, 32)).toEqual(hotSec(32, FULL64));
    expect(sectionOf(o, 33)).toEqual(hotSec(33, '0x1'));
  });

  it('fills a hole of an early section from the boot memmap', () => {
    const m = machine({ boot: [{ start: 0, size: 48 * MiB, nid: 0 }] });
    expect(m.apply(add(48 * MiB, 2 * MiB, 5))).toBe('ok');
    // bit 24 joins, nothing populated, nid follows the add
    expect(sectionOf(m.observe(), 0)).toEqual(bootSec(0, '0x1ffffff', FULL64, 5));
    expect(m.apply(add(46 * MiB, 4 * MiB))).toBe('-EEXIST');
  });

  it('an add spanning sections cuts chunks at the boundaries', () => {
    const m = machine();
    // 4 GiB + 124 MiB .. 4 GiB + 132 MiB: sub-sections 62,63 of 32 and 0,1 of 33
    expect(m.apply(add(S32 + 124 * MiB, 8 * MiB))).toBe('ok');
    const o = m.observe();
    expect(sectionOf(o, 32)).toEqual(hotSec(32, '0xc000000000000000'));
    expect(sectionOf(o, 33)).toEqual(hotSec(33, '0x3'));
  });
});

describe('optimized: v5.3 remove_pages', () => {
  it('removing 4 MiB of which only 2 MiB is active WARNs and changes nothing', () => {
    const m = machine();
    m.apply(add(S32, 2 * MiB));
    const before = canonicalObservation(m.observe());
    expect(m.apply(remove(S32, 4 * MiB))).toBe('WARN');
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('removing the last active sub-section empties the section completely; the root stays', () => {
    const m = machine();
    m.apply(add(S32, 2 * MiB));
    m.apply(add(S32 + 2 * MiB, 2 * MiB));
    expect(m.apply(remove(S32, 2 * MiB))).toBe('ok');
    expect(sectionOf(m.observe(), 32)).toEqual(hotSec(32, '0x2'));
    expect(m.apply(remove(S32 + 2 * MiB, 2 * MiB))).toBe('ok');
    const o = m.observe();
    expect(sectionOf(o, 32)).toBeUndefined();
    expect(o.roots).toEqual([0]);
    // v5.3 frees the usage before the section stops reading valid (B-31): the one trace left
    expect(o.usageRaces).toBe(1);
    expect(canonicalObservation({ ...o, usageRaces: 0 })).toBe(canonicalObservation(machine().observe()));
  });

  it('a range with a WARN chunk and a good chunk: WARN, the good chunk goes', () => {
    const m = machine();
    m.apply(add(S32, 2 * MiB));
    m.apply(add(S32 + 128 * MiB, 2 * MiB));
    // chunk 1: all of section 32 (only bit 0 active) → WARN; chunk 2: bit 0 of 33 → removed
    expect(m.apply(remove(S32, 130 * MiB))).toBe('WARN');
    const o = m.observe();
    expect(sectionOf(o, 32)).toEqual(hotSec(32, '0x1'));
    expect(sectionOf(o, 33)).toBeUndefined();
  });

  it('an invalid section in the middle WARNs and the walk goes on', () => {
    const m = machine();
    m.apply(add(S32, 128 * MiB));
    m.apply(add(S32 + 256 * MiB, 128 * MiB));
    expect(m.apply(remove(S32, 384 * MiB))).toBe('WARN');
    expect(nrs(m.observe())).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('misaligned ranges WARN; size 0 is ok', () => {
    const m = machine();
    const before = canonicalObservation(m.observe());
    expect(m.apply(remove(0x1000, 2 * MiB))).toBe('WARN');
    expect(m.apply(remove(0, 0x1000))).toBe('WARN');
    expect(m.apply(remove(0, 0))).toBe('ok');
    expect(canonicalObservation(m.observe())).toBe(before);
  });

  it('part of an early section: the map shrinks, the boot memmap stays whole', () => {
    const m = machine({ boot: [{ start: 0, size: 48 * MiB, nid: 0 }] });
    expect(m.apply(remove(0, 2 * MiB))).toBe('ok');
    expect(sectionOf(m.observe(), 0)).toEqual(bootSec(0, '0xfffffe'));
  });

  it('an early section emptied: flags and memmap go, the boot usage stays; a re-add reuses it', () => {
    const m = machine({ boot: [{ start: 0, size: 48 * MiB, nid: 0 }] });
    expect(m.apply(remove(0, 48 * MiB))).toBe('ok');
    expect(m.observe().sections).toEqual([sec(0, { usage: 'boot' })]);
    expect(m.apply(add(0, 128 * MiB, 2))).toBe('ok');
    // the section is no longer early: a full hotplug memmap, and the usage is still the boot one
    expect(m.observe().sections).toEqual([
      sec(0, {
        nid: 2,
        present: true,
        hasMemMap: true,
        usage: 'boot',
        subsectionMap: FULL64,
        memmapHotplug: FULL64,
        pfnValid: FULL64,
      }),
    ]);
    expect(m.apply(remove(0, 128 * MiB))).toBe('ok');
    expect(m.observe().sections).toEqual([sec(0, { usage: 'boot' })]);
  });

  it('the whole boot range of x86 at once', () => {
    const m = machine({ boot: X86_BOOT });
    expect(m.apply(remove(0, 1024 * MiB))).toBe('ok');
    expect(m.observe().sections).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((nr) => sec(nr, { usage: 'boot' })));
  });
});

describe('optimized: dump and fail answer ok and change nothing visible', () => {
  it('dump', () => {
    const m = machine();
    const before = canonicalObservation(m.observe());
    expect(m.apply({ op: 'dump' })).toBe('ok');
    expect(m.apply({ op: 'fail', alloc: 'memmap', errno: 'ENOMEM' })).toBe('ok');
    expect(canonicalObservation(m.observe())).toBe(before);
  });
});
