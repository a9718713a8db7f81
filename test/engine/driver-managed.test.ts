/**
 * add_memory_driver_managed (dax kmem) in both implementations. Expected
 * values worked out by hand for the 1 GiB guest with 512 MiB of legacy PMEM
 * carved out at 0x10000000 (sections/blocks 2..5 of 128 MiB): kmem's range
 * 0x18000000..0x2fffffff is blocks 3, 4 and 5 (pfns 0x18000..0x2ffff), inside
 * DMA32's boot span (pfn 0x1000 .. 0x3ffe0).
 */
import { describe, expect, it } from 'vitest';
import { machineFor } from '../../engine/machine.ts';
import { IMPLEMENTATIONS } from '../../engine/implementations.ts';
import type { Implementation } from '../../model/implementation.ts';
import { parseScenario } from '../../scenario/index.ts';
import { driverManagedResource } from '../../checks/invariants/driver-managed.ts';

const guest = (profile: string): string =>
  [`profile ${profile}`, 'config pmem 0x10000000 0x20000000', 'boot 0x1000 0x9e000', 'boot 0x100000 0xff00000', 'boot 0x30000000 0xffe0000', 'dump'].join('\n');

const KMEM = { op: 'add_memory_driver_managed', start: 0x18000000, size: 0x18000000, nid: 0 } as const;

function machine(kind: 'reference' | 'optimized', profile = 'v6.12', bugs: ReadonlySet<never> = new Set()): Implementation {
  return IMPLEMENTATIONS[kind](machineFor(parseScenario(guest(profile), 't.scn')), bugs);
}

const ramAbove256M = (m: Implementation) => m.observe().resources.filter((r) => r.start >= 0x10000000 && r.start < 0x40000000);

describe('add_memory_driver_managed in both implementations', () => {
  for (const kind of ['reference', 'optimized'] as const) {
    it(`${kind}: the range becomes "System RAM (kmem)" inside the PMEM range, blocks 3..5 offline, DMA32 or Movable`, () => {
      const m = machine(kind);
      expect(m.apply(KMEM)).toBe('ok');
      expect(ramAbove256M(m)).toEqual([
        { start: 0x10000000, end: 0x30000000, kind: 'Persistent Memory (legacy)' },
        { start: 0x18000000, end: 0x30000000, kind: 'System RAM (kmem)' },
        { start: 0x30000000, end: 0x3ffe0000, kind: 'System RAM' },
      ]);
      expect(m.observe().blocks.filter((b) => b.id >= 3 && b.id <= 5).map((b) => `${b.id} ${b.state}`)).toEqual(['3 offline', '4 offline', '5 offline']);
      expect(m.apply({ op: 'valid_zones', block: 4 })).toBe('DMA32 Movable');
      expect(m.apply({ op: 'state', block: 4, word: 'online_kernel' })).toBe('ok');
      expect(m.apply({ op: 'block', block: 4 })).toBe('online DMA32');
    });

    it(`${kind}: overlapping boot RAM, sticking out of the PMEM range or added twice is -EEXIST; unaligned is -EINVAL`, () => {
      const m = machine(kind);
      expect(m.apply({ ...KMEM, start: 0x8000000, size: 0x10000000 })).toBe('-EEXIST');
      expect(m.apply({ ...KMEM, start: 0x28000000, size: 0x10000000 })).toBe('-EEXIST');
      expect(m.apply({ ...KMEM, start: 0x18100000, size: 0x8000000 })).toBe('-EINVAL');
      expect(m.apply(KMEM)).toBe('ok');
      expect(m.apply(KMEM)).toBe('-EEXIST');
    });

    it(`${kind}: remove_memory is -EBUSY while a block is online and takes resource and blocks once all are offline`, () => {
      const m = machine(kind);
      expect(m.apply(KMEM)).toBe('ok');
      expect(m.apply({ op: 'state', block: 5, word: 'online_movable' })).toBe('ok');
      expect(m.apply({ op: 'remove_memory', start: KMEM.start, size: KMEM.size })).toBe('-EBUSY');
      expect(m.apply({ op: 'state', block: 5, word: 'offline' })).toBe('ok');
      expect(m.apply({ op: 'remove_memory', start: KMEM.start, size: KMEM.size })).toBe('ok');
      expect(ramAbove256M(m).map((r) => r.kind)).toEqual(['Persistent Memory (legacy)', 'System RAM']);
      expect(m.observe().blocks.some((b) => b.id >= 3 && b.id <= 5)).toBe(false);
    });

    it(`${kind}: before 7b7b27214bba (v5.5) the driver's add_memory() is plain "System RAM", still nested in the PMEM range`, () => {
      const m = machine(kind, 'v5.5');
      expect(m.apply(KMEM)).toBe('ok');
      expect(ramAbove256M(m).filter((r) => r.start === 0x18000000)).toEqual([{ start: 0x18000000, end: 0x30000000, kind: 'System RAM' }]);
    });
  }

  it('the driver-managed-resource invariant fails on the kmem-plain-system-ram switch and holds without it', () => {
    const setup = machineFor(parseScenario(guest('v6.12'), 't.scn'));
    for (const [bugs, fails] of [[new Set<never>(), false], [new Set(['kmem-plain-system-ram'] as never[]), true]] as const) {
      const m = IMPLEMENTATIONS.optimized(setup, bugs);
      const before = m.observe();
      const outcome = m.apply(KMEM);
      const verdict = driverManagedResource.check({ setup, step: KMEM, outcome, before, after: m.observe() });
      expect(verdict !== undefined).toBe(fails);
    }
  });
});
