/**
 * The optimized implementation's entry (model/optimized/index.ts): what a
 * step hands to the kernel functions, the virtio-mem device it makes or
 * not, the hotplug lock around each step, and the heldSectionLimit default
 * (model/optimized/context.ts). Values written out by hand.
 */
import { describe, expect, it } from 'vitest';
import { observationKey } from '../../../checks/observation-key.ts';
import { CapacityError } from '../../../model/capacity.ts';
import { DEFAULT_CONFIG, type Config } from '../../../model/config.ts';
import { presetGeometry } from '../../../model/geometry.ts';
import type { Implementation, MachineSetup } from '../../../model/implementation.ts';
import { createOptimized } from '../../../model/optimized/index.ts';
import { findProfile } from '../../../model/profiles/index.ts';
import type { Step, VirtioMemDevice } from '../../../model/step.ts';
import type { Observation } from '../../../model/observation.ts';
import { GiB, MiB, X86_BOOT, add } from '../../helpers/optimized.ts';

function setup(profile: string, extra: Partial<MachineSetup> = {}, config: Partial<Config> = {}): MachineSetup {
  return {
    profile: findProfile(profile)!,
    geometry: presetGeometry('x86_64')!,
    config: { ...DEFAULT_CONFIG, ...config },
    boot: X86_BOOT,
    ...extra,
  };
}

const DEVICE: VirtioMemDevice = { start: 4 * GiB, size: 2 * GiB, block: 128 * MiB };
const AUTO_ONLINE: Partial<Config> = { autoOnlineBlocks: 'online' };

describe('optimized: virtio_mem_resize without a driver', () => {
  it('answers -ENODEV and changes nothing on a machine without a virtio-mem device', () => {
    const m = createOptimized(setup('v6.1'), new Set());
    const before = observationKey(m.observe());
    expect(m.apply({ op: 'virtio_mem_resize', size: 256 * MiB })).toBe('-ENODEV');
    expect(observationKey(m.observe())).toBe(before);
  });

  it('answers -ENODEV where the profile has no virtio-mem driver (v5.3: the device is configured, nothing drives it)', () => {
    const m = createOptimized(setup('v5.3', { virtioMem: DEVICE }, AUTO_ONLINE), new Set());
    expect(m.apply({ op: 'virtio_mem_resize', size: 256 * MiB })).toBe('-ENODEV');
    const o = m.observe();
    expect(o.virtioMem).toBeUndefined();
    expect(o.blocks.map((b) => b.id)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('drives the device where the profile has the driver (v6.1: 256M plugs blocks 32 and 33)', () => {
    const m = createOptimized(setup('v6.1', { virtioMem: DEVICE }, AUTO_ONLINE), new Set());
    expect(m.apply({ op: 'virtio_mem_resize', size: 256 * MiB })).toBe('ok');
    const o = m.observe();
    expect(o.virtioMem?.plugged).toBe(256 * MiB);
    expect(o.blocks.filter((b) => b.id >= 32).map((b) => `${b.id}:${b.state}`)).toEqual(['32:online', '33:online']);
  });
});

describe('optimized: add_memory_driver_managed', () => {
  it('never hosts its memmap on the memory it adds, even with memmap_on_memory=Y (the step is the add of dax kmem, which passes no MHP_MEMMAP_ON_MEMORY)', () => {
    const m = createOptimized(setup('latest', {}, { ...AUTO_ONLINE, memmapOnMemory: 'Y' }), new Set());
    expect(m.apply({ op: 'add_memory_driver_managed', start: 4 * GiB, size: 128 * MiB, nid: 0 })).toBe('ok');
    const o = m.observe();
    expect(o.altmaps ?? []).toEqual([]);
    // the whole block is initialised for its zone: no self-hosted memmap pages at its start
    expect(o.memmap.filter((r) => r.startPfn >= 1048576)).toEqual([{ startPfn: 1048576, endPfn: 1048576 + 32768, state: 'Normal/0' }]);
    // the same add through add_memory with memmap_on_memory does host it: the test above can tell the two apart
    const self = createOptimized(setup('latest', {}, { ...AUTO_ONLINE, memmapOnMemory: 'Y' }), new Set());
    expect(self.apply({ op: 'add_memory', start: 4 * GiB, size: 128 * MiB, nid: 0, memmapOnMemory: true })).toBe('ok');
    expect(self.observe().altmaps?.length).toBe(1);
  });
});

describe('optimized: the hotplug lock', () => {
  // every zone and span write outside mem_hotplug_begin()/done() counts as an ordering hazard (model/optimized/observe/ordering.ts)
  const hazards = (m: Implementation): number | undefined => m.observe().orderingHazards;

  it('add_memory_driver_managed onlines its block inside the lock', () => {
    const m = createOptimized(setup('v6.1', {}, AUTO_ONLINE), new Set());
    expect(m.apply({ op: 'add_memory_driver_managed', start: 4 * GiB, size: 256 * MiB, nid: 0 })).toBe('ok');
    expect(m.observe().blocks.filter((b) => b.id >= 32).map((b) => `${b.id}:${b.state}`)).toEqual(['32:online', '33:online']);
    expect(hazards(m)).toBe(0);
  });

  it('virtio_mem_resize plugs, onlines and unplugs inside the lock', () => {
    const m = createOptimized(setup('v6.1', { virtioMem: DEVICE }, AUTO_ONLINE), new Set());
    expect(m.apply({ op: 'virtio_mem_resize', size: 512 * MiB })).toBe('ok');
    expect(m.apply({ op: 'virtio_mem_resize', size: 128 * MiB })).toBe('ok');
    expect(m.observe().virtioMem?.plugged).toBe(128 * MiB);
    expect(hazards(m)).toBe(0);
  });
});

describe('optimized: heldSectionLimit (model/capacity.ts)', () => {
  it('a given limit is the one enforced: a fifth section past a limit of 4 is refused', () => {
    const m = createOptimized(setup('v6.1', { boot: [{ start: 0x100000, size: 0x7f00000, nid: 0 }], heldSectionLimit: 4 }), new Set());
    expect(m.apply(add(0x8000000, 3 * 128 * MiB))).toBe('ok'); // sections 1-3: four held
    expect(() => m.apply(add(0x20000000, 128 * MiB))).toThrow(CapacityError);
  });

  it('without one, maxHeldSections() of the geometry is: 8,192 sections on x86_64', () => {
    const m = createOptimized(setup('v6.1', { boot: [{ start: 0x100000, size: 0x7f00000, nid: 0 }] }), new Set());
    // section 0 is held by boot: 8,192 more from 1 TiB would make 8,193
    expect(() => m.apply(add(1024 * GiB, 8192 * 128 * MiB))).toThrow(CapacityError);
    expect(m.apply(add(1024 * GiB, 8191 * 128 * MiB))).toBe('ok');
  });
});

describe('optimized: which steps trust the dirty bits (SETS_DIRTY_BITS)', () => {
  // With `hwpoison-count-unmarked` memory_failure() leaves block 32's count unmarked: an observation
  // built on the dirty bits keeps the old count, a full one shows it. So the observation after the
  // next step tells whether that step let observe() trust the bits (incremental) or not (full).
  const steps: readonly Step[] = [
    { op: 'add_pages', start: 8 * GiB, size: 2 * MiB, nid: 0 },
    { op: 'remove_pages', start: 12 * GiB, size: 2 * MiB },
    { op: 'fail', alloc: 'usage', errno: 'ENOMEM' },
    { op: 'query', query: 'pfn_valid', addr: 4 * GiB },
    { op: 'dump' },
    { op: 'add_memory', start: 0x100000, size: 128 * MiB, nid: 0 },
    { op: 'remove_memory', start: 12 * GiB, size: 128 * MiB },
    { op: 'eject_memory', start: 12 * GiB, size: 128 * MiB },
    { op: 'memremap_pages', start: 0x100000, size: 2 * MiB, nid: 0 },
    { op: 'memunmap_pages', start: 12 * GiB, size: 2 * MiB },
    { op: 'state', block: 40, word: 'online' },
    { op: 'online', block: 40, word: '1' },
    { op: 'pin', addr: 4 * GiB + 8 * MiB },
    { op: 'unpin', addr: 4 * GiB + 8 * MiB },
    { op: 'poison', addr: 12 * GiB },
    { op: 'veto', event: 'MEM_GOING_OFFLINE', errno: 'EBUSY' },
    { op: 'valid_zones', block: 32 },
    { op: 'block', block: 32 },
    { op: 'zone', zone: 'Movable', nid: 0 },
    { op: 'node', nid: 0 },
  ];
  const poisoned = (): Implementation => {
    const m = createOptimized(setup('latest'), new Set(['hwpoison-count-unmarked']));
    m.apply({ op: 'add_memory', start: 4 * GiB, size: 128 * MiB, nid: 0 });
    m.apply({ op: 'state', block: 32, word: 'online_movable' });
    m.observe();
    expect(m.apply({ op: 'poison', addr: 4 * GiB })).toBe('ok');
    return m;
  };
  const count = (o: Observation): number | undefined => o.blocks.find((b) => b.id === 32)?.poisoned;

  it.each(steps.map((s) => [s.op, s] as const))('%s: the next observation is built on the dirty bits', (_op, step) => {
    const m = poisoned();
    m.apply(step);
    expect(count(m.observe())).toBeUndefined();
    expect(count(m.observeFull())).toBe(1);
  });

  it.each([
    ['add_memory_driver_managed', { op: 'add_memory_driver_managed', start: 8 * GiB, size: 128 * MiB, nid: 0 }],
    ['virtio_mem_resize', { op: 'virtio_mem_resize', size: 0 }],
  ] as const)('%s, not listed: the next observation is a full one', (_op, step) => {
    const m = poisoned();
    m.apply(step);
    expect(count(m.observe())).toBe(1);
    // and the one after it trusts the bits again
    expect(m.apply({ op: 'poison', addr: 4 * GiB + 4096 })).toBe('ok');
    expect(count(m.observe())).toBe(1);
    expect(count(m.observeFull())).toBe(2);
  });
});
