/**
 * Namespace modes on the guest: which `config pmem` ranges become fsdax or
 * devdax namespaces, what the guest cannot have (more memmap= ranges than
 * the decompressor's KASLR avoids, arch/x86/boot/compressed/kaslr.c; a pfn
 * namespace outside the RAM QEMU backs; kmem over fsdax), and the answer
 * classes of a failed pfn probe on 5.10 and of kmem's unbind while a block
 * is online. Expected values written by hand.
 */
import { describe, expect, it } from 'vitest';
import { KMEM_REMOVE_FAILED } from '../../oracle/dax-kmem.ts';
import { devdaxRanges, fsdaxRanges, inexpressible, kernelCmdline } from '../../oracle/expressible.ts';
import { latitudeFor } from '../../oracle/nondeterminism.ts';
import { parseScenario } from '../../scenario/index.ts';
import type { Step } from '../../model/step.ts';

const BOOT = ['boot 0x1000 0x9e000', 'boot 0x100000 0xff00000', 'boot 0x30000000 0xffe0000'];
const scenario = (pmem: readonly string[], steps: readonly string[], boot = BOOT) => parseScenario([...pmem, ...boot, ...steps].join('\n'), 't.scn');

describe('fsdax and devdax namespaces on the guest', () => {
  it('mode=devdax ranges are devdax with or without kmem steps; mode=fsdax ranges are fsdax; no mode is raw unless kmem is in it', () => {
    const s = scenario(['config pmem 0x10000000 128M mode=fsdax', 'config pmem 0x18200000 126M mode=devdax', 'config pmem 0x20200000 0xfe00000'], ['dump'], [
      ...BOOT,
      'boot 0x18000000 0x200000',
      'boot 0x20000000 0x200000',
    ]);
    expect(fsdaxRanges(s)).toEqual([{ start: 0x10000000, size: 0x8000000, mode: 'fsdax' }]);
    expect(devdaxRanges(s)).toEqual([{ start: 0x18200000, size: 0x7e00000, mode: 'devdax' }]);
    expect(inexpressible(s)).toEqual([]);
  });
  it('a pfn namespace above 4 GiB is refused: its info block needs memory QEMU backs', () => {
    const s = parseScenario('config pmem 0x100000000 64M mode=fsdax\nmemremap_pages 0x100000000 64M', 't.scn');
    expect(inexpressible(s)).toEqual([
      "config pmem 0x100000000 0x4000000: a namespace in fsdax mode must be carved out of the guest's RAM (its info block is written to memory QEMU backs)",
    ]);
  });
  it('dax kmem over a namespace in fsdax mode is refused', () => {
    const s = scenario(['config pmem 0x10000000 0x20000000 mode=fsdax'], ['add_memory_driver_managed 0x18000000 0x18000000']);
    expect(inexpressible(s)).toEqual(['line 5: add_memory_driver_managed 0x18000000 0x18000000 lies in a config pmem range in fsdax mode; dax kmem needs devdax']);
  });
  it('more than four memmap= ranges are refused: the decompressor may land on the fifth', () => {
    const pmem = [0x10000000, 0x10400000, 0x10800000, 0x10c00000, 0x11000000].map((start) => ({ start, size: 0x200000 }));
    const boot = [
      { start: 0x1000, size: 0x9e000, nid: 0 },
      { start: 0x100000, size: 0xff00000, nid: 0 },
      ...[0x10200000, 0x10600000, 0x10a00000, 0x10e00000].map((start) => ({ start, size: 0x200000, nid: 0 })),
      { start: 0x11200000, size: 0x3ffe0000 - 0x11200000, nid: 0 },
    ];
    expect(kernelCmdline([], boot, pmem)).toBe(
      "5 memmap= ranges (holes in the boot lines and config pmem): the decompressor's KASLR avoids at most 4, and the kernel may land on the rest",
    );
    // the fifth range given back to RAM: four memmap= words
    expect(kernelCmdline([], [...boot, { start: 0x11000000, size: 0x200000, nid: 0 }], pmem.slice(0, 4))).toEqual([
      'memhp_default_state=offline',
      'memmap=0x200000!0x10000000',
      'memmap=0x200000!0x10400000',
      'memmap=0x200000!0x10800000',
      'memmap=0x200000!0x10c00000',
    ]);
  });
});

describe('answer classes of the namespace modes and of kmem', () => {
  const map: Step = { op: 'memremap_pages', start: 0x1ae00000, size: 0x4000000, nid: 0 };
  const remove: Step = { op: 'remove_memory', start: 0x18000000, size: 0x18000000 };
  it('pfn-probe-failed: 5.10\'s -ENODEV for a probe the model refuses with -ENXIO, nothing else', () => {
    expect(latitudeFor(map, '-ENXIO', '-ENODEV', undefined)?.id).toBe('pfn-probe-failed');
    expect(latitudeFor(map, 'ok', '-ENODEV', undefined)).toBeUndefined();
    expect(latitudeFor(map, '-EINVAL', '-ENODEV', undefined)).toBeUndefined();
    expect(latitudeFor({ op: 'memunmap_pages', start: 0x1ae00000, size: 0x4000000 }, '-ENXIO', '-ENODEV', undefined)).toBeUndefined();
  });
  it('kmem-remove-failed: kmem\'s unbind that left the memory, against the model\'s -EBUSY only', () => {
    expect(latitudeFor(remove, '-EBUSY', KMEM_REMOVE_FAILED, undefined)?.id).toBe('kmem-remove-failed');
    expect(latitudeFor(remove, 'ok', KMEM_REMOVE_FAILED, undefined)).toBeUndefined();
    expect(latitudeFor(remove, '-EINVAL', KMEM_REMOVE_FAILED, undefined)).toBeUndefined();
    expect(latitudeFor(remove, '-EBUSY', '-EBUSY', undefined)).toBeUndefined();
  });
});
