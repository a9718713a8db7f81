/** Other geometries and far-away addresses. */
import { describe, expect, it } from 'vitest';
import { formatMask } from '../../../model/observation.ts';
import { GiB, MiB, TiB, add, bootSec, hotSec, machine, nrs, query, remove, sec, sectionOf } from '../../helpers/optimized.ts';

describe('optimized: ppc64 (64K pages, 16 MiB sections, 8 sub-sections)', () => {
  const boot = [{ start: 0, size: 38 * MiB, nid: 0 }]; // sections 0, 1 whole; section 2 sub-sections 0..2

  it('boots with 8-bit maps', () => {
    const o = machine({ geometry: 'ppc64', boot }).observe();
    expect(o.roots).toEqual([0]);
    expect(o.sections).toEqual([bootSec(0, '0xff', '0xff'), bootSec(1, '0xff', '0xff'), bootSec(2, '0x7', '0xff')]);
  });

  it('hole reuse, whole-section and sub-section adds, and 64K alignment', () => {
    const m = machine({ geometry: 'ppc64', boot });
    expect(m.apply(add(38 * MiB, 2 * MiB))).toBe('ok');
    expect(sectionOf(m.observe(), 2)).toEqual(bootSec(2, '0xf', '0xff'));
    expect(m.apply(add(256 * MiB, 16 * MiB))).toBe('ok'); // section 16
    expect(m.apply(add(272 * MiB, 2 * MiB))).toBe('ok'); // section 17, sub-section 0
    expect(sectionOf(m.observe(), 16)).toEqual(hotSec(16, '0xff'));
    expect(sectionOf(m.observe(), 17)).toEqual(hotSec(17, '0x1'));
    expect(m.apply(add(274 * MiB, 64 * 1024))).toBe('-EINVAL');
    expect(m.apply(remove(256 * MiB, 18 * MiB))).toBe('ok');
    expect(nrs(m.observe())).toEqual([0, 1, 2]);
  });

  it('roots hold 4096 sections: 64 GiB is still root 0, 64 GiB beyond that root 1', () => {
    const m = machine({ geometry: 'ppc64', boot });
    expect(m.apply(add(64 * GiB - 16 * MiB, 32 * MiB))).toBe('ok'); // sections 4095, 4096
    expect(m.observe().roots).toEqual([0, 1]);
  });
});

describe('optimized: s390 (256 MiB sections, 128 sub-sections in 4 words)', () => {
  const FULL128 = `0x${'f'.repeat(32)}`;

  it('boots with 128-bit maps', () => {
    const o = machine({ geometry: 's390', boot: [{ start: 0, size: 258 * MiB, nid: 0 }] }).observe();
    expect(o.sections).toEqual([bootSec(0, FULL128, FULL128), bootSec(1, '0x1', FULL128)]);
  });

  it('masks that cross 32-bit words and reach the last bit', () => {
    const m = machine({ geometry: 's390', boot: [{ start: 0, size: 256 * MiB, nid: 0 }] });
    const S2 = 512 * MiB;
    expect(m.apply(add(S2 + 60 * MiB, 8 * MiB))).toBe('ok'); // sub-sections 30..33
    expect(sectionOf(m.observe(), 2)).toEqual(hotSec(2, '0x3c0000000'));
    expect(m.apply(remove(S2 + 62 * MiB, 2 * MiB))).toBe('ok'); // drop 31
    expect(sectionOf(m.observe(), 2)).toEqual(hotSec(2, '0x340000000'));
    expect(m.apply(add(S2 + 62 * MiB, 4 * MiB))).toBe('-EEXIST'); // 31 free, 32 not
    expect(m.apply(add(S2 + 254 * MiB, 2 * MiB))).toBe('ok'); // sub-section 127
    expect(sectionOf(m.observe(), 2)).toEqual(hotSec(2, `0x8${'0'.repeat(22)}340000000`));
    expect(sectionOf(m.observe(), 2)?.subsectionMap).toBe(formatMask([30, 32, 33, 127]));
    expect(m.apply(query('pfn_valid', S2 + 64 * MiB))).toBe('true');
    expect(m.apply(query('pfn_valid', S2 + 62 * MiB))).toBe('false');
    expect(m.apply(remove(S2 + 60 * MiB, 8 * MiB))).toBe('WARN');
  });
});

describe('optimized: far out in the address space', () => {
  it('1 GiB at 0x3f0000000000 (63 TiB) on x86_64: root 2016, sections 516096..516103', () => {
    const m = machine();
    expect(m.apply(add(0x3f0000000000, GiB, 1))).toBe('ok');
    const o = m.observe();
    expect(o.roots).toEqual([0, 2016]);
    const far = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => 516096 + i);
    expect(nrs(o)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, ...far]);
    for (const nr of far) expect(sectionOf(o, nr)).toEqual(hotSec(nr, '0xffffffffffffffff', 1));
    expect(m.apply(query('pfn_valid', 0x3f0000000000 + GiB - 1))).toBe('true');
    expect(m.apply(query('pfn_valid', 0x3f0000000000 + GiB))).toBe('false');
    expect(m.apply(remove(0x3f0000000000, GiB))).toBe('ok');
    expect(m.observe().roots).toEqual([0, 2016]);
    expect(nrs(m.observe())).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('a remove over all 64 TiB WARNs for absent sections and empties only what is there', () => {
    const m = machine();
    m.apply(add(0x3f0000000000, 2 * MiB));
    expect(m.apply(remove(0, 64 * TiB))).toBe('WARN'); // every absent section WARNs
    // boot sections fully active: emptied, boot usage kept; section 516096 only partly active: WARN, unchanged
    const o = m.observe();
    expect(o.sections.slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7].map((nr) => sec(nr, { usage: 'boot' })));
    expect(sectionOf(o, 516096)).toEqual(hotSec(516096, '0x1'));
  });

  it('arm64-64k: a 4 PiB remove and an add in the last section (2^23 - 1)', () => {
    const m = machine({ geometry: 'arm64-64k', profile: 'v5.5', boot: [{ start: 0, size: 512 * MiB, nid: 0 }] });
    const last = 2 ** 52 - 512 * MiB;
    expect(m.apply(add(last, 2 * MiB))).toBe('ok');
    expect(m.apply(add(last, 1024 * MiB))).toBe('-E2BIG');
    // 2^23 sections / 4096 per root: the last root is 2047
    expect(m.observe().roots).toEqual([0, 2047]);
    expect(sectionOf(m.observe(), 2 ** 23 - 1)).toEqual(hotSec(2 ** 23 - 1, formatMask([0])));
    expect(m.apply(remove(0, 2 ** 52))).toBe('WARN');
    expect(m.observe().sections).toEqual([sec(0, { usage: 'boot' }), hotSec(2 ** 23 - 1, '0x1')]);
  });
});
