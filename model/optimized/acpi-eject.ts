/**
 * The unplug of a DIMM through ACPI: acpi_scan_hot_remove() offlines the
 * device's memory blocks (acpi_bus_offline()), puts back online the ones it
 * took offline when one refuses (acpi_bus_online()), and otherwise removes
 * the memory (acpi_memory_remove_memory() → __remove_memory()).
 */
import type { Outcome } from '../outcome.ts';
import { EBUSY, EINVAL, errToOutcome } from './errno.ts';
import type { HotplugContext } from './hotplug-context.ts';
import type { MemoryBlock } from './memory-block.ts';
import { memoryBlockOffline } from './offline-pages.ts';
import { memoryBlockOnline } from './online-pages.ts';
import { removeMemory } from './remove-memory.ts';
import { onlineBlockZone } from './sysfs-show.ts';
import type { OnlineType } from './zone-select.ts';

interface Offlined {
  readonly mem: MemoryBlock;
  /** mem->online_type as memory_subsys_online() reuses it: the zone the block was in. */
  readonly onlineType: OnlineType;
}

// mirrors acpi_scan_hot_remove(), drivers/acpi/scan.c, v5.10 (with acpi_bus_offline()/acpi_bus_online())
export function ejectMemory(ctx: HotplugContext, start: number, size: number): Outcome {
  const g = ctx.geometry;
  const blockSize = g.pagesPerBlock * g.pageSize;
  if (size === 0 || start % blockSize !== 0 || size % blockSize !== 0) return errToOutcome(EINVAL);
  const pfn = Math.floor(start / g.pageSize);
  const nrPages = Math.floor(size / g.pageSize);
  // no DIMM but one whole hot-added System RAM resource
  const res = ctx.iomem.find(pfn, pfn + nrPages);
  if (res === undefined || res.kind !== 'System RAM' || res.boot) return errToOutcome(EINVAL);

  const offlined: Offlined[] = [];
  const first = pfn / g.pagesPerBlock;
  const last = (pfn + nrPages) / g.pagesPerBlock;
  for (let id = first; id < last; id++) {
    const mem = ctx.blocks.get(id);
    if (mem === undefined || mem.state !== 'online') continue;
    const onlineType: OnlineType = onlineBlockZone(ctx, mem) === 'Movable' ? 'online_movable' : 'online_kernel';
    if (memoryBlockOffline(ctx, mem) !== 0) {
      for (const o of offlined) memoryBlockOnline(ctx, o.mem, o.onlineType);
      return errToOutcome(EBUSY);
    }
    offlined.push({ mem, onlineType });
  }
  return removeMemory(ctx, start, size);
}
