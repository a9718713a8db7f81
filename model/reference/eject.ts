// mirrors acpi_scan_hot_remove() → acpi_bus_offline()/acpi_bus_online() + acpi_memory_remove_memory(), drivers/acpi/scan.c and acpi_memhotplug.c, v5.10
import type { Outcome } from '../outcome.ts';
import { blocksOfRange, onlineBlockZone } from './blocks.ts';
import { offlineBlock } from './offline.ts';
import { onlineBlock } from './online.ts';
import { removeMemory } from './remove-memory.ts';
import { exactResource } from './resources.ts';
import type { RefMachine } from './state.ts';
import type { OnlineType } from './zone-choice.ts';

/**
 * The unplug of a DIMM: the kernel offlines each online block itself; when
 * one refuses, it onlines again every block it took offline (in the zone type
 * each had) and the eject answers -EBUSY. Then the memory is removed.
 */
export function ejectMemory(m: RefMachine, start: number, size: number): Outcome {
  const g = m.geometry;
  const blockBytes = g.pagesPerBlock * g.pageSize;
  // Only a plugged DIMM can be ejected: one whole hot-added System RAM resource.
  if (size === 0 || start % blockBytes !== 0 || size % blockBytes !== 0) return '-EINVAL';
  if (exactResource(m, start, start + size, (r) => r.kind === 'System RAM' && !r.boot) === undefined) return '-EINVAL';
  const pfn = Math.floor(start / g.pageSize);
  const end = pfn + Math.floor(size / g.pageSize);
  const taken: Array<{ b: number; type: OnlineType }> = [];
  for (const b of blocksOfRange(g, pfn, end)) {
    const block = m.blocks.get(b);
    if (block === undefined || !block.online) continue;
    const type: OnlineType = onlineBlockZone(m, b) === 'Movable' ? 'online_movable' : 'online_kernel';
    if (offlineBlock(m, b, block) !== 'ok') {
      for (const t of taken) {
        const back = m.blocks.get(t.b);
        if (back !== undefined) onlineBlock(m, t.b, back, t.type);
      }
      return '-EBUSY';
    }
    taken.push({ b, type });
  }
  return removeMemory(m, start, size);
}
