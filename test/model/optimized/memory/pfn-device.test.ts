/**
 * The pfn device's checks in front of memremap_pages() for an fsdax or
 * devdax namespace, on x86_64 (4 KiB pages, 2 MiB sub-sections), with the
 * values worked out by hand from nd_pfn_init() (drivers/nvdimm/pfn_devs.c,
 * v6.1): npfns = (size - 8 KiB) / 4 KiB, the data starts at
 * start + 8 KiB + 64 × npfns rounded up to max(align, 2 MiB), and must start
 * before the namespace ends. Both implementations answer the same table.
 */
import { describe, expect, it } from 'vitest';
import { presetGeometry } from '../../../../model/geometry.ts';
import type { BugName } from '../../../../model/bugs.ts';
import { nvdimmSetupPfn } from '../../../../model/optimized/memory/pfn-device.ts';
import { pfnDeviceRefusal } from '../../../../model/reference/memory/pfn-device.ts';
import type { PmemRange } from '../../../../model/step.ts';

const g = presetGeometry('x86_64')!;
const K = 1024;
const M = 1024 * K;
const ns = (start: number, size: number, align?: number): PmemRange => ({ start, size, mode: 'fsdax', ...(align !== undefined ? { align } : {}) });

const TABLE: Array<[string, PmemRange, string | undefined]> = [
  ['4 KiB align, 64 MiB: data at 2 MiB', ns(256 * M, 64 * M, 4 * K), undefined],
  ['2 MiB align (the default), 64 MiB', ns(256 * M, 64 * M), undefined],
  ['2 MiB align given, 64 MiB', ns(256 * M, 64 * M, 2 * M), undefined],
  ['an align of 12345: align_store() refuses it', ns(256 * M, 64 * M, 12345), '-EINVAL'],
  ['an align of 8 KiB: not a page-table size', ns(256 * M, 64 * M, 8 * K), '-EINVAL'],
  ['exactly 16 MiB: large enough', ns(256 * M, 16 * M), undefined],
  ['14 MiB: below the 16 MiB minimum', ns(256 * M, 14 * M), '-ENXIO'],
  // 256 MiB + 8 KiB + 64 × 16383 rounds up to 1 GiB: the data would start 768 MiB in
  ['1 GiB align over 64 MiB at 256 MiB: no room', ns(256 * M, 64 * M, 1024 * M), '-ENXIO'],
  // at 960 MiB the data starts at the 1 GiB boundary: 64 MiB in, exactly the size
  ['1 GiB align, 64 MiB at 960 MiB: data at its very end', ns(960 * M, 64 * M, 1024 * M), '-ENXIO'],
  ['1 GiB align, 66 MiB at 960 MiB: data 64 MiB in, 2 MiB of room', ns(960 * M, 66 * M, 1024 * M), undefined],
  // 1023 MiB + 8 KiB + 64 × 16383 = 1 GiB + 8128 bytes: the struct pages push the data to 2 GiB
  ['1 GiB align, 64 MiB at 1023 MiB: the struct pages cross 1 GiB', ns(1023 * M, 64 * M, 1024 * M), '-ENXIO'],
  // 258 pages below 1 GiB, + 8 KiB + 64 × 16383 ends 64 bytes short of 1 GiB (4 more struct pages would cross it)
  ['1 GiB align, 64 MiB 258 pages below 1 GiB: the data at 1 GiB, inside', ns(1024 * M - 258 * 4 * K, 64 * M, 1024 * M), undefined],
];

describe.each([
  ['optimized', (r: PmemRange, bugs: ReadonlySet<BugName> = new Set()) => nvdimmSetupPfn(g, bugs, r)],
  ['reference', (r: PmemRange) => pfnDeviceRefusal(g, r)],
] as const)('%s: the pfn device before memremap_pages()', (_name, refusal) => {
  for (const [what, range, answer] of TABLE) {
    it(`${what}: ${answer ?? 'mapped'}`, () => {
      expect(refusal(range)).toBe(answer);
    });
  }
});

describe('optimized: the pfn-size-unchecked switch skips only the 16 MiB minimum', () => {
  const unchecked = new Set<BugName>(['pfn-size-unchecked']);
  it('8 MiB: 8 KiB + 64 × 2046 rounds up to 2 MiB, inside: mapped', () => {
    expect(nvdimmSetupPfn(g, unchecked, ns(256 * M, 8 * M))).toBeUndefined();
  });
  it('2 MiB at 4 KiB align: the data rounds up to the 2 MiB sub-section, its very end: -ENXIO', () => {
    expect(nvdimmSetupPfn(g, unchecked, ns(256 * M, 2 * M, 4 * K))).toBe('-ENXIO');
  });
  it('512 KiB: 8 KiB + 64 × 126 = 16256 bytes, rounded up to 2 MiB, past the end: -ENXIO', () => {
    expect(nvdimmSetupPfn(g, unchecked, ns(256 * M, 512 * K, 4 * K))).toBe('-ENXIO');
  });
  it('the align check still holds', () => {
    expect(nvdimmSetupPfn(g, unchecked, ns(256 * M, 8 * M, 12345))).toBe('-EINVAL');
  });
});
