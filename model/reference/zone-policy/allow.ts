/**
 * The zone rules of kernel v4.13 (profile v4.12, docs/historical-profiles.md §3):
 * no zone at hot-add; an online type is allowed only if Normal stays below
 * Movable (allow_online_pfn_range()).
 */
import type { ZoneName } from '../../step.ts';
import { firstPfnOfBlock, onlineBlockZone } from '../sysfs/memory-blocks.ts';
import type { RefBlock, RefMachine } from '../state.ts';
import type { OnlineType } from '../../online-type.ts';
import { defaultKernelZone, nodeOf, zoneEnd } from '../zones/zone.ts';

// mirrors allow_online_pfn_range(), mm/memory_hotplug.c, v4.13
export function allowOnline(m: RefMachine, nid: number, pfn: number, nr: number, type: OnlineType): boolean {
  const node = nodeOf(m, nid);
  if (type === 'online_kernel') {
    const movable = node.zones.Movable;
    return movable.spanned === 0 || movable.start >= pfn + nr;
  }
  if (type === 'online_movable') {
    // An empty zone ends at 0 here (start 0 + spanned 0).
    return zoneEnd(node.zones[defaultKernelZone(m, nid, pfn, nr)]) <= pfn;
  }
  return true;
}

// mirrors move_pfn_range(), mm/memory_hotplug.c, v4.13 (the zone part, before movable_node support)
export function allowedZoneFor(m: RefMachine, nid: number, pfn: number, nr: number, type: OnlineType): ZoneName {
  if (type === 'online_movable') return 'Movable';
  if (type === 'online') return allowOnline(m, nid, pfn, nr, 'online_kernel') ? defaultKernelZone(m, nid, pfn, nr) : 'Movable';
  return defaultKernelZone(m, nid, pfn, nr);
}

// mirrors show_valid_zones(), drivers/base/memory.c, v4.13 (kernel zone if allowed, then Movable if allowed)
export function validZonesAllow(m: RefMachine, b: number, block: RefBlock): string {
  if (block.online) return onlineBlockZone(m, b);
  const g = m.geometry;
  const pfn = firstPfnOfBlock(g, b);
  const nr = g.pagesPerBlock;
  const names: string[] = [];
  if (allowOnline(m, block.nid, pfn, nr, 'online_kernel')) names.push(defaultKernelZone(m, block.nid, pfn, nr));
  if (allowOnline(m, block.nid, pfn, nr, 'online_movable')) names.push('Movable');
  return names.join(' ');
}
