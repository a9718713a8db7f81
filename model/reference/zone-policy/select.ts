/** Which zone an online request goes to, and what valid_zones shows (v4.14+ rules). */
import type { ZoneName } from '../../step.ts';
import { firstPfnOfBlock, onlineBlockZone } from '../sysfs/memory-blocks.ts';
import type { RefMachine } from '../state.ts';
import { validZonesAllow } from './allow.ts';
import { validZonesShift } from './shift.ts';
import { autoMovableZone } from './auto-movable.ts';
import { defaultKernelZone, nodeOf, zoneIntersects } from '../zones/zone.ts';
import type { OnlineType } from '../../online-type.ts';

// mirrors zone_for_pfn_range() + default_zone_for_pfn(), mm/memory_hotplug.c, v5.5
// (v5.15: `online` under online_policy=auto-movable asks auto_movable_zone_for_pfn() about block `b`)
export function zoneForPfnRange(m: RefMachine, type: OnlineType, nid: number, pfn: number, nr: number, b?: number): ZoneName {
  const kernel = defaultKernelZone(m, nid, pfn, nr);
  if (type === 'online_kernel') return kernel;
  if (type === 'online_movable') return 'Movable';
  if (m.rules.onlinePolicy === 'policies' && m.config.onlinePolicy === 'auto-movable' && b !== undefined) {
    return autoMovableZone(m, nid, b, pfn, nr);
  }
  const inKernel = zoneIntersects(nodeOf(m, nid).zones[kernel], pfn, nr);
  const inMovable = zoneIntersects(nodeOf(m, nid).zones.Movable, pfn, nr);
  if (inKernel && !inMovable) return kernel;
  if (inMovable && !inKernel) return 'Movable';
  return m.config.movableNode ? 'Movable' : kernel;
}

/**
 * Whether validZonesText() of block `b` reads only the block itself, its
 * memmap and the RAM resources (an online block outside the shift and
 * allow_online_pfn_range rules shows its zone), not the zones of the machine.
 */
export function validZonesReadsOwnMemmap(m: RefMachine, b: number): boolean {
  return m.rules.onlineZone !== 'shift' && m.rules.onlineZone !== 'allow-online-pfn-range' && m.blocks.get(b)?.online === true;
}

// mirrors valid_zones_show(), drivers/base/memory.c, v5.5
export function validZonesText(m: RefMachine, b: number): string {
  const block = m.blocks.get(b);
  if (block === undefined) throw new Error(`reference: no block ${b}`);
  if (m.rules.onlineZone === 'shift') return validZonesShift(m, b, block.nid);
  if (m.rules.onlineZone === 'allow-online-pfn-range') return validZonesAllow(m, b, block);
  if (block.online) return onlineBlockZone(m, b);
  const g = m.geometry;
  const pfn = firstPfnOfBlock(g, b);
  const nr = g.pagesPerBlock;
  const def = zoneForPfnRange(m, 'online', block.nid, pfn, nr, b);
  const names: string[] = [def];
  const kernel = zoneForPfnRange(m, 'online_kernel', block.nid, pfn, nr);
  if (kernel !== def) names.push(kernel);
  if (def !== 'Movable') names.push('Movable');
  return names.join(' ');
}
