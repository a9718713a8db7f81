/**
 * The unplug of a DIMM through ACPI: acpi_scan_try_to_offline() offlines the
 * device's memory blocks in two passes (acpi_bus_offline(): the first skips
 * refusals, the second retries them and stops at the first that still refuses), and when a block still refuses puts
 * every block it offlined back online (acpi_bus_online() → device_online():
 * memory_subsys_online() uses mem->online_type, which was cleared when the
 * block was last onlined unless a `state` write found it online since, and
 * else the default). Otherwise the
 * memory is removed (acpi_memory_remove_memory() → __remove_memory()).
 */
import type { Outcome } from '../../outcome.ts';
import { EBUSY, EINVAL, errToOutcome } from '../errno.ts';
import type { HotplugContext } from '../hotplug-context.ts';
import type { MemoryBlock } from '../sysfs/memory-block.ts';
import { memoryBlockOffline } from '../online-offline/offline-pages.ts';
import { deviceOnline } from '../sysfs/store.ts';
import { hotAddedRamRange, removeMemory } from './remove-memory.ts';

/** struct acpi_device_physical_node's put_online, per memory block of the DIMM. */
interface PhysicalNode {
  readonly mem: MemoryBlock;
  putOnline: boolean;
}

// mirrors acpi_bus_offline(), drivers/acpi/scan.c, v5.10
function busOffline(ctx: HotplugContext, nodes: PhysicalNode[], secondPass: boolean): boolean {
  let failed = false;
  for (const pn of nodes) {
    if (secondPass && pn.putOnline) continue;
    if (!secondPass) pn.putOnline = false;
    if (pn.mem.state === 'offline') continue; // device_offline() answers 1: nothing to put back
    if (memoryBlockOffline(ctx, pn.mem) === 0) pn.putOnline = true;
    else {
      failed = true;
      // the second pass stops at the first block that still refuses
      if (secondPass) break;
    }
  }
  return failed;
}

// mirrors acpi_scan_hot_remove(), drivers/acpi/scan.c, v5.10
export function ejectMemory(ctx: HotplugContext, start: number, size: number): Outcome {
  const g = ctx.geometry;
  // no DIMM but one whole hot-added System RAM resource
  const range = hotAddedRamRange(ctx, start, size);
  if (range === undefined) return errToOutcome(EINVAL);
  const { pfn, nrPages } = range;

  const nodes: PhysicalNode[] = [];
  for (let id = pfn / g.pagesPerBlock; id < (pfn + nrPages) / g.pagesPerBlock; id++) {
    const mem = ctx.blocks.get(id);
    if (mem !== undefined) nodes.push({ mem, putOnline: false });
  }
  if (busOffline(ctx, nodes, false) && busOffline(ctx, nodes, true)) {
    // acpi_bus_online(): device_online(), with whatever mem->online_type holds
    for (const pn of nodes) if (pn.putOnline) deviceOnline(ctx, pn.mem);
    return errToOutcome(EBUSY);
  }
  return removeMemory(ctx, start, size);
}
