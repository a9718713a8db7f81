/**
 * The one place where the oracle says which kernel answers may differ from
 * the model's without being a disagreement, and why. Each entry is compared
 * as "either of these": the model's answer, or the kernel's alternative.
 * When the kernel took the alternative, the model is brought to the kernel's
 * outcome by replaying the scenario with the step replaced by one of
 * `resync`'s alternatives (the first whose result matches the state the
 * kernel reports, else the last): nothing for an alternative that changes
 * nothing, and for a refused eject the eject again with one kernel-zone block
 * pinned — the kernel does not say which block refused, and the blocks it had
 * offlined before that one come back online, possibly in another zone (a left
 * online type, fa2be40fe7c0) — or, last, with every kernel-zone block pinned.
 */
import type { Step } from '../model/step.ts';
import type { GuestState } from './guest-state.ts';
import { GUEST_REFUSED, LIBNVDIMM_REFUSED, QEMU_REFUSED } from './kernel-machine.ts';
import { KMEM_REMOVE_FAILED } from './dax-kmem.ts';

export interface Latitude {
  readonly id: string;
  readonly reason: string;
  /**
   * The kernel chooses by its own allocations at that moment, not by its
   * version: two kernels (or two runs) may each take either outcome, and what
   * follows in the same run may differ for that reason alone.
   */
  readonly dependsOnAllocations?: boolean;
  /**
   * Not a choice of the kernel's but another layer's words for the model's
   * answer (libnvdimm, the driver core) at a refusal that changes nothing:
   * the steps after it are as deterministic as before (oracle/kernel-diff-predict.ts).
   */
  readonly answerClass?: true;
  /** True when this kernel answer is accepted in place of the model's. */
  accepts(step: Step, model: string, kernel: string, before: GuestState | undefined): boolean;
  /** Alternative step lists the model performs instead of this one to reach the kernel's outcome, most specific first. */
  resync(step: Step, before: GuestState | undefined): Step[][];
}

/** The guest's memory block size (x86_64 with 1 GiB of boot RAM). */
const BLOCK_BYTES = 128 * 2 ** 20;
const KERNEL_ZONES = new Set(['DMA', 'DMA32', 'Normal', 'none']);
const OFFLINE_WORDS: Readonly<Record<'state' | 'online', readonly string[]>> = {
  state: ['offline'],
  online: ['0', 'n', 'N', 'off'],
};

const isFailure = (a: string): boolean => a.startsWith('-');

/** The guest's state before the step shows "System RAM (kmem)" over part of [start, start + size). */
function kmemRamIn(before: GuestState | undefined, start: number, size: number): boolean {
  return (before?.iomem ?? []).some((line) => {
    const m = /^0x([0-9a-f]+)-0x([0-9a-f]+) System RAM \(kmem\)$/.exec(line);
    return m !== null && parseInt(m[1] as string, 16) < start + size && parseInt(m[2] as string, 16) >= start;
  });
}

function onlineInKernelZone(before: GuestState | undefined, block: number): boolean {
  const b = before?.blocks[String(block)];
  return b !== undefined && b.state === 'online' && KERNEL_ZONES.has(b.validZones);
}

export const LATITUDES: readonly Latitude[] = [
  {
    id: 'offline-kernel-zone-busy',
    dependsOnAllocations: true,
    reason:
      'offlining a block of a kernel zone (DMA, DMA32, Normal) fails with -EBUSY when the kernel has placed unmovable ' +
      'allocations there (page tables, slab, the memmap of later DIMMs); the model has no allocations but pins',
    accepts: (step, model, kernel, before) =>
      (step.op === 'state' || step.op === 'online') &&
      OFFLINE_WORDS[step.op].includes(step.word) &&
      model === 'ok' &&
      kernel === '-EBUSY' &&
      onlineInKernelZone(before, step.block),
    resync: () => [[]],
  },
  {
    id: 'eject-kernel-zone-busy',
    dependsOnAllocations: true,
    reason:
      'the eject of a DIMM with a block online in a kernel zone is refused (-EBUSY, the blocks it offlined are onlined again) ' +
      'when that block holds unmovable allocations',
    accepts: (step, model, kernel, before) => {
      if (step.op !== 'eject_memory' || model !== 'ok' || kernel !== '-EBUSY' || before === undefined) return false;
      for (let b = Math.floor(step.start / BLOCK_BYTES); b * BLOCK_BYTES < step.start + step.size; b++) {
        if (onlineInKernelZone(before, b)) return true;
      }
      return false;
    },
    resync: (step, before) => {
      if (step.op !== 'eject_memory') return [[]];
      const pins: Step[] = [];
      for (let b = Math.floor(step.start / BLOCK_BYTES); b * BLOCK_BYTES < step.start + step.size; b++) {
        // the block's last page: its first ones may hold a self-hosted memmap, which is never online memory
        if (onlineInKernelZone(before, b)) pins.push({ op: 'pin', addr: (b + 1) * BLOCK_BYTES - 4096 });
      }
      const pinned = (ps: readonly Step[]): Step[] => [...ps, step, ...ps.map((p): Step => ({ op: 'unpin', addr: p.op === 'pin' ? p.addr : 0 }))];
      return [...pins.map((p) => pinned([p])), pinned(pins)];
    },
  },
  {
    id: 'qemu-refused',
    reason:
      'QEMU turns down a DIMM that overlaps another one or boot memory, or lies outside its hotplug window, and an eject ' +
      'where no DIMM is: the kernel is not asked and nothing changes, which agrees with any failure of the model',
    accepts: (_step, model, kernel) => kernel === QEMU_REFUSED && isFailure(model),
    resync: () => [[]],
  },
  {
    id: 'guest-refused-hot-add',
    reason:
      'a hot-add the guest fails reports only an ACPI _OST failure, no errno: it agrees with any failure of the model',
    accepts: (_step, model, kernel) => kernel === GUEST_REFUSED && isFailure(model),
    resync: () => [[]],
  },
  {
    id: 'libnvdimm-refused',
    answerClass: true,
    reason:
      'libnvdimm refuses to probe a namespace off the 2 MiB grid before memremap_pages() runs ("misaligned, unable to map", ' +
      'nvdimm_namespace_common_probe(), drivers/nvdimm/namespace_devs.c): nothing changes, which agrees with any failure of the model',
    accepts: (step, model, kernel) => step.op === 'memremap_pages' && kernel === LIBNVDIMM_REFUSED && isFailure(model),
    resync: () => [[]],
  },
  {
    id: 'namespace-already-bound',
    answerClass: true,
    reason:
      'a second bind of a namespace is refused by the driver core before nd_pmem runs: -EBUSY from v5.14, where ' +
      'driver_probe_device() (drivers/base/dd.c) refuses a device that has a driver; -ENODEV before, from bind_store() ' +
      '(drivers/base/bus.c, v5.10), which skips a bound device. The model refuses the second memremap_pages() of the same ' +
      'range (-EEXIST): all change nothing',
    accepts: (step, model, kernel) => step.op === 'memremap_pages' && (kernel === '-EBUSY' || kernel === '-ENODEV') && model === '-EEXIST',
    resync: () => [[]],
  },
  {
    id: 'namespace-not-bound',
    answerClass: true,
    reason:
      'an unbind of a namespace nd_pmem does not hold is refused by the driver core (unbind_store(), drivers/base/bus.c, -ENODEV) ' +
      'before any release runs; the model refuses memunmap_pages() of a range it has not mapped (-EINVAL): both change nothing',
    accepts: (step, model, kernel) => step.op === 'memunmap_pages' && kernel === '-ENODEV' && model === '-EINVAL',
    resync: () => [[]],
  },
  {
    id: 'dax-already-bound',
    answerClass: true,
    reason:
      'add_memory_driver_managed on the guest is a kmem bind of the dax device; while kmem or device_dax holds it the driver core ' +
      'refuses before dev_dax_kmem_probe() runs (-EBUSY from v5.14, -ENODEV on 5.10, as namespace-already-bound). The model ' +
      'refuses the add over memory already added or mapped (-EEXIST): all change nothing',
    accepts: (step, model, kernel) => step.op === 'add_memory_driver_managed' && (kernel === '-EBUSY' || kernel === '-ENODEV') && model === '-EEXIST',
    resync: () => [[]],
  },
  {
    id: 'devdax-held-by-kmem',
    answerClass: true,
    reason:
      'memremap_pages of a devdax namespace on the guest is device_dax\'s bind of its dax device; while kmem holds the device ' +
      '(after add_memory_driver_managed) the driver core refuses before dev_dax_probe() runs (-EBUSY from v5.14, -ENODEV on ' +
      '5.10, as namespace-already-bound). The model\'s memremap_pages() over the "System RAM (kmem)" it added is -ENXIO ' +
      '(region_intersects() in memremap_pages(), kernel/memremap.c): both change nothing',
    accepts: (step, model, kernel, before) =>
      step.op === 'memremap_pages' && model === '-ENXIO' && (kernel === '-EBUSY' || (kernel === '-ENODEV' && kmemRamIn(before, step.start, step.size))),
    resync: () => [[]],
  },
  {
    id: 'dax-not-bound',
    answerClass: true,
    reason:
      'remove_memory on the guest is kmem\'s unbind of the dax device; when kmem does not hold it the driver core refuses ' +
      '(unbind_store(), drivers/base/bus.c, -ENODEV) before dev_dax_kmem_remove() runs; the model\'s remove_memory() of a ' +
      'range with no hot-added resource is -EINVAL: both change nothing',
    accepts: (step, model, kernel) => step.op === 'remove_memory' && kernel === '-ENODEV' && model === '-EINVAL',
    resync: () => [[]],
  },
  {
    id: 'pfn-probe-failed',
    answerClass: true,
    reason:
      'a pfn or dax seed whose probe fails (nd_pfn_init(), drivers/nvdimm/pfn_devs.c: no room for the data after the info ' +
      'block at the alignment, -ENXIO) answers the bind with -ENODEV on 5.10, whose bind_store() (drivers/base/bus.c) ' +
      'reports any probe failure so (the probe\'s own errno from v5.14); nothing is mapped, as the model\'s -ENXIO leaves it',
    // 5.10 answers a map kmem's RAM refuses with the same -ENODEV: that is devdax-held-by-kmem
    accepts: (step, model, kernel, before) => step.op === 'memremap_pages' && kernel === '-ENODEV' && model === '-ENXIO' && !kmemRamIn(before, step.start, step.size),
    resync: () => [[]],
  },
  {
    id: 'kmem-remove-failed',
    answerClass: true,
    reason:
      'remove_memory on the guest is kmem\'s unbind, which the driver core completes whatever dev_dax_kmem_remove() ' +
      '(drivers/dax/kmem.c) meets: with a block still online its remove_memory() fails (-EBUSY, "cannot be hotremoved until ' +
      'the next reboot") and the blocks and "System RAM (kmem)" stay, as the model\'s refused remove_memory() leaves them. ' +
      'kmem is no longer bound, so a later remove of that range is the driver core\'s -ENODEV, not the model\'s answer',
    accepts: (step, model, kernel) => step.op === 'remove_memory' && kernel === KMEM_REMOVE_FAILED && model === '-EBUSY',
    resync: () => [[]],
  },
];

export function latitudeFor(step: Step, model: string, kernel: string, before: GuestState | undefined): Latitude | undefined {
  if (model === kernel) return undefined;
  return LATITUDES.find((l) => l.accepts(step, model, kernel, before));
}
