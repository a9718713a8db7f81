/**
 * The iomem resource tree (kernel/resource.c) and the conflict checks
 * register_memory_resource() makes with it, worked out by hand:
 * __request_region() refuses a request that overlaps a busy resource and
 * nests one inside a free parent that holds it whole. A legacy PMEM range
 * ("Persistent Memory (legacy)", e820 type 12) is such a parent for dax
 * kmem's add_memory_driver_managed() (drivers/dax/kmem.c, v5.8) and a
 * conflict for a plain add_memory(), whose range it claims for the nvdimm
 * stack (docs/blocks-and-zones.md, add_memory step 1; docs/oracle.md,
 * "Driver-managed memory (dax kmem)"). Overlap is of half-open ranges:
 * a range ending where PMEM starts, or starting where it ends, does not meet it.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../../model/config.ts';
import { presetGeometry } from '../../../../model/geometry.ts';
import type { Implementation, MachineSetup } from '../../../../model/implementation.ts';
import { IomemResources, type Resource } from '../../../../model/optimized/memory/resources.ts';
import { createOptimized } from '../../../../model/optimized/index.ts';
import { createReference } from '../../../../model/reference/index.ts';
import { findProfile } from '../../../../model/profiles/index.ts';
import type { Step } from '../../../../model/step.ts';

const MiB = 1024 * 1024;
const ram = (start: number, end: number): Resource => ({ start, end, kind: 'System RAM', boot: false, nid: 0 });

describe('optimized: IomemResources, pfn ranges [start, end)', () => {
  it('firmwareRanges() lists the PMEM ranges ascending, whatever order e820 gave them in', () => {
    const iomem = new IomemResources();
    iomem.insertFirmware({ start: 500, end: 600 });
    iomem.insertFirmware({ start: 100, end: 200 });
    iomem.insertFirmware({ start: 300, end: 400 });
    expect(iomem.firmwareRanges()).toEqual([
      { start: 100, end: 200 },
      { start: 300, end: 400 },
      { start: 500, end: 600 },
    ]);
  });

  it('overlapping() answers the resources a range meets, ascending, and none it only touches', () => {
    const iomem = new IomemResources();
    const [a, b, c] = [ram(40, 50), ram(0, 10), ram(20, 30)];
    for (const r of [a, b, c]) iomem.insert(r);
    expect(iomem.overlapping(5, 45)).toEqual([b, c, a]);
    expect(iomem.overlapping(10, 20)).toEqual([]);
    expect(iomem.overlapping(45, 100)).toEqual([a]);
    expect(iomem.overlapping(50, 60)).toEqual([]);
  });

  it('find() answers only the exact range', () => {
    const iomem = new IomemResources();
    const r = ram(20, 30);
    iomem.insert(ram(0, 10));
    iomem.insert(r);
    expect(iomem.find(20, 30)).toBe(r);
    expect(iomem.find(20, 25)).toBeUndefined();
    expect(iomem.find(25, 30)).toBeUndefined();
  });

  it('release() of a resource that is not recorded changes nothing', () => {
    const iomem = new IomemResources();
    const r = ram(0, 10);
    iomem.insert(r);
    iomem.release(ram(0, 10)); // equal, but not the recorded object
    expect(iomem.all()).toEqual([r]);
    iomem.release(r);
    expect(iomem.all()).toEqual([]);
  });

  describe('PMEM [100, 200)', () => {
    const pmem = (): IomemResources => {
      const iomem = new IomemResources();
      iomem.insertFirmware({ start: 100, end: 200 });
      return iomem;
    };
    // [start, end, conflicts() (plain add: any overlap), conflictsOutsideFirmware() (kmem: nested whole is fine)]
    const TABLE: Array<[string, number, number, boolean, boolean]> = [
      ['ends where PMEM starts', 50, 100, false, false],
      ['starts where PMEM ends', 200, 250, false, false],
      ['far below', 0, 10, false, false],
      ['far above', 300, 400, false, false],
      ['exactly PMEM', 100, 200, true, false],
      ['at its start, inside', 100, 150, true, false],
      ['at its end, inside', 150, 200, true, false],
      ['strictly inside', 120, 180, true, false],
      ['over its start', 50, 150, true, true],
      ['over its end', 150, 250, true, true],
      ['over all of it', 50, 250, true, true],
      ['one pfn over its start', 99, 200, true, true],
      ['one pfn over its end', 100, 201, true, true],
      ['empty, inside', 150, 150, false, false],
    ];
    for (const [what, start, end, plain, kmem] of TABLE) {
      it(`[${start}, ${end}) ${what}: conflicts ${plain}, outside firmware ${kmem}`, () => {
        expect(pmem().conflicts(start, end)).toBe(plain);
        expect(pmem().conflictsOutsideFirmware(start, end)).toBe(kmem);
      });
    }

    it('a recorded resource inside PMEM conflicts with both checks: a second kmem add of it is refused', () => {
      const iomem = pmem();
      iomem.insert(ram(120, 160));
      expect(iomem.conflictsOutsideFirmware(120, 160)).toBe(true);
      expect(iomem.conflictsOutsideFirmware(100, 200)).toBe(true);
      expect(iomem.conflictsOutsideFirmware(150, 170)).toBe(true);
      expect(iomem.conflictsOutsideFirmware(160, 200)).toBe(false);
      expect(iomem.conflicts(160, 200)).toBe(true);
    });

    it('an empty range meets nothing, not even a resource around it (the spec answers -EINVAL for size 0)', () => {
      const iomem = pmem();
      iomem.insert(ram(120, 160));
      expect(iomem.conflictsOutsideFirmware(140, 140)).toBe(false);
      expect(iomem.conflicts(140, 140)).toBe(false);
    });
  });
});

/**
 * Both implementations, x86_64 (128 MiB blocks), boot RAM 1 MiB .. 1 GiB - 128 KiB,
 * legacy PMEM at 0x48000000..0x58000000 (blocks 9 and 10), RAM hole below and above it.
 */
const PMEM = { start: 0x48000000, size: 256 * MiB };

function setupFor(profile: string, extra: Partial<MachineSetup> = {}): MachineSetup {
  const p = findProfile(profile);
  const g = presetGeometry('x86_64');
  if (p === undefined || g === undefined) throw new Error('bad test machine');
  return { profile: p, geometry: g, config: DEFAULT_CONFIG, boot: [{ start: 0x100000, size: 0x3fee0000, nid: 0 }], pmem: [PMEM], ...extra };
}

const IMPLS = [
  ['optimized', (s: MachineSetup): Implementation => createOptimized(s, new Set())],
  ['reference', (s: MachineSetup): Implementation => createReference(s, new Set())],
] as const;

const plain = (start: number, size: number): Step => ({ op: 'add_memory', start, size, nid: 0 });
const kmem = (start: number, size: number): Step => ({ op: 'add_memory_driver_managed', start, size, nid: 0 });

describe.each(IMPLS)('%s: register_memory_resource() against legacy PMEM 0x48000000..0x58000000 (v6.1)', (_name, create) => {
  const TABLE: Array<[string, Step, string]> = [
    ['add_memory inside PMEM', plain(0x48000000, 128 * MiB), '-EEXIST'],
    ['add_memory of all of PMEM', plain(0x48000000, 256 * MiB), '-EEXIST'],
    ['add_memory of the block below PMEM', plain(0x40000000, 128 * MiB), 'ok'],
    ['add_memory of the block above PMEM', plain(0x58000000, 128 * MiB), 'ok'],
    ['add_memory over the start of PMEM', plain(0x40000000, 256 * MiB), '-EEXIST'],
    ['add_memory over the end of PMEM', plain(0x50000000, 256 * MiB), '-EEXIST'],
    ['kmem at the start of PMEM', kmem(0x48000000, 128 * MiB), 'ok'],
    ['kmem at the end of PMEM', kmem(0x50000000, 128 * MiB), 'ok'],
    ['kmem of all of PMEM', kmem(0x48000000, 256 * MiB), 'ok'],
    ['kmem of the block below PMEM', kmem(0x40000000, 128 * MiB), 'ok'],
    ['kmem of the block above PMEM', kmem(0x58000000, 128 * MiB), 'ok'],
    ['kmem over the start of PMEM', kmem(0x40000000, 256 * MiB), '-EEXIST'],
    ['kmem over the end of PMEM', kmem(0x50000000, 256 * MiB), '-EEXIST'],
    ['kmem over all of PMEM', kmem(0x40000000, 512 * MiB), '-EEXIST'],
    ['kmem over boot RAM', kmem(0x38000000, 128 * MiB), '-EEXIST'],
  ];
  for (const [what, step, answer] of TABLE) {
    it(`${what}: ${answer}`, () => {
      expect(create(setupFor('v6.1')).apply(step)).toBe(answer);
    });
  }

  it('kmem of a range already added (its "System RAM (kmem)" is busy): -EEXIST, also for a part of it', () => {
    const m = create(setupFor('v6.1'));
    expect(m.apply(kmem(0x48000000, 256 * MiB))).toBe('ok');
    expect(m.apply(kmem(0x48000000, 256 * MiB))).toBe('-EEXIST');
    expect(m.apply(kmem(0x50000000, 128 * MiB))).toBe('-EEXIST');
  });

  it('kmem beside an earlier kmem add in the same PMEM: ok, two resources', () => {
    const m = create(setupFor('v6.1'));
    expect(m.apply(kmem(0x48000000, 128 * MiB))).toBe('ok');
    expect(m.apply(kmem(0x50000000, 128 * MiB))).toBe('ok');
    expect(m.observe().resources.filter((r) => r.kind === 'System RAM (kmem)')).toEqual([
      { start: 0x48000000, end: 0x50000000, kind: 'System RAM (kmem)' },
      { start: 0x50000000, end: 0x58000000, kind: 'System RAM (kmem)' },
    ]);
  });

  it('kmem of size 0 inside a kmem resource: -EINVAL (the spec checks size 0, not the resource; docs/blocks-and-zones.md)', () => {
    const m = create(setupFor('v6.1'));
    expect(m.apply(kmem(0x48000000, 256 * MiB))).toBe('ok');
    expect(m.apply(kmem(0x4c000000, 0))).toBe('-EINVAL');
  });
});

describe.each(IMPLS)('%s: the resource a kmem add leaves, by release', (_name, create) => {
  const kmemLines = (profile: string) => {
    const m = create(setupFor(profile));
    expect(m.apply(kmem(0x48000000, 256 * MiB))).toBe('ok');
    return m.observe().resources.filter((r) => r.start === 0x48000000);
  };

  it('v6.1: add_memory_driver_managed() (7b7b27214bba, v5.8) names it "System RAM (kmem)", inside the PMEM range', () => {
    expect(kmemLines('v6.1')).toEqual([
      { start: 0x48000000, end: 0x58000000, kind: 'Persistent Memory (legacy)' },
      { start: 0x48000000, end: 0x58000000, kind: 'System RAM (kmem)' },
    ]);
  });

  it('v5.5: before it kmem calls add_memory(): plain "System RAM", still inside the PMEM range', () => {
    expect(kmemLines('v5.5')).toEqual([
      { start: 0x48000000, end: 0x58000000, kind: 'Persistent Memory (legacy)' },
      { start: 0x48000000, end: 0x58000000, kind: 'System RAM' },
    ]);
  });
});
