// mirrors acpi_scan_try_to_offline() + acpi_memory_remove_memory(), drivers/acpi/scan.c and acpi_memhotplug.c, v5.10
import type { Outcome } from '../../outcome.ts';
import { blocksOfRange } from '../sysfs/memory-blocks.ts';
import { offlineBlock } from '../online-offline/offline-pages.ts';
import { removeMemory } from './remove-memory.ts';
import { exactResource } from './resources.ts';
import { onlineWithType } from '../sysfs/store.ts';
import type { RefMachine } from '../state.ts';

/**
 * The unplug of a DIMM: the kernel tries to offline every online block of
 * it (a block that refuses does not stop the others), then tries the
 * refusers once more, in order, up to the first that refuses again (a
 * one-shot notifier veto refuses only once). When one still refused, every
 * block it took offline is onlined again, in block order,
 * through device_online(), which names no online type: the block gets the
 * one a failed `state` write left on it while it was online, else the
 * default (its own earlier type is forgotten) — and the eject answers
 * -EBUSY. Otherwise the memory is removed.
 */
export function ejectMemory(m: RefMachine, start: number, size: number): Outcome {
  const g = m.geometry;
  const blockBytes = g.pagesPerBlock * g.pageSize;
  // Only a plugged DIMM can be ejected: one whole hot-added System RAM resource.
  if (size === 0 || start % blockBytes !== 0 || size % blockBytes !== 0) return '-EINVAL';
  if (exactResource(m, start, start + size, (r) => r.kind === 'System RAM' && !r.boot) === undefined) return '-EINVAL';
  const pfn = Math.floor(start / g.pageSize);
  const end = pfn + Math.floor(size / g.pageSize);
  const taken = new Set<number>();
  const refusers: number[] = [];
  for (const b of blocksOfRange(g, pfn, end)) {
    const block = m.blocks.get(b);
    if (block === undefined || !block.online) continue;
    if (offlineBlock(m, b, block) === 'ok') taken.add(b);
    else refusers.push(b);
  }
  let refused = false;
  for (const b of refusers) {
    const block = m.blocks.get(b);
    if (block === undefined || !block.online) continue;
    if (offlineBlock(m, b, block) === 'ok') taken.add(b);
    else {
      refused = true;
      break;
    }
  }
  if (refused) {
    for (const b of [...taken].sort((x, y) => x - y)) {
      const back = m.blocks.get(b);
      if (back !== undefined) onlineWithType(m, b, back, undefined);
    }
    return '-EBUSY';
  }
  return removeMemory(m, start, size);
}
