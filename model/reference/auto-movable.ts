/**
 * online_policy=auto-movable (v5.15): whether an `online` goes to ZONE_MOVABLE,
 * from plain sums over blocks and zones: MOVABLE present pages may grow to
 * auto_movable_ratio percent of the kernel zones' early (boot) pages.
 */
import type { ZoneName } from '../step.ts';
import { onlineBlockZone, ramPagesOfBlock } from './blocks.ts';
import { sectionOfPfn } from './arith.ts';
import { peekSection, type RefMachine } from './state.ts';
import { defaultKernelZone } from './zone-choice.ts';

/** Whether the section of `pfn` is early: what adjust_present_page_count() asks of the first pfn it is given. */
export function startsInEarlySection(m: RefMachine, pfn: number): boolean {
  return peekSection(m, sectionOfPfn(m.geometry, pfn))?.early === true;
}

/** zone->present_early_pages of the populated kernel zones, summed. */
function kernelEarlyPages(m: RefMachine, nid: number | undefined): number {
  let sum = 0;
  for (const [id, node] of m.nodes) {
    if (nid !== undefined && id !== nid) continue;
    for (const name of ['DMA', 'DMA32', 'Normal'] as const) {
      if (node.zones[name].present > 0) sum += node.zones[name].presentEarly;
    }
  }
  return sum;
}

function movablePresent(m: RefMachine, nid: number | undefined): number {
  let sum = 0;
  for (const [id, node] of m.nodes) if (nid === undefined || id === nid) sum += node.zones.Movable.present;
  return sum;
}

// mirrors auto_movable_can_online_movable(), mm/memory_hotplug.c, v5.15 (static groups only: no dynamic-group correction)
function canOnlineMovable(m: RefMachine, nid: number | undefined, pages: number): boolean {
  const early = kernelEarlyPages(m, nid);
  return movablePresent(m, nid) + pages <= Math.floor((m.config.autoMovableRatio * early) / 100);
}

// mirrors auto_movable_zone_for_pfn(), mm/memory_hotplug.c, v5.15
export function autoMovableZone(m: RefMachine, nid: number, b: number, pfn: number, nr: number): ZoneName {
  const kernel = defaultKernelZone(m, nid, pfn, nr);
  if (m.config.autoMovableRatio === 0) return kernel;
  const group = m.blocks.get(b)?.group;
  let need = nr;
  if (group !== undefined) {
    // A DIMM goes all one way: kernel if any of it is kernel, else room for all of what is left.
    let online = 0;
    for (const [id, block] of m.blocks) {
      if (block.group !== group || !block.online) continue;
      if (onlineBlockZone(m, id) !== 'Movable') return kernel;
      // Under seed 003's rule a self-hosted memmap made kernel pages of this group.
      if (m.rules.vmemmapZone === 'normal' && block.vmemmap > 0) return kernel;
      online += ramPagesOfBlock(m, id);
    }
    need = (m.groups.get(group)?.maxPages ?? nr) - online;
  }
  if (!canOnlineMovable(m, undefined, need)) return kernel;
  if (m.config.autoMovableNumaAware && !canOnlineMovable(m, nid, need)) return kernel;
  return 'Movable';
}
