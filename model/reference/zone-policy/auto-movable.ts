/**
 * online_policy=auto-movable (v5.15): whether an `online` goes to ZONE_MOVABLE,
 * from plain sums over blocks and zones: MOVABLE present pages may grow to
 * auto_movable_ratio percent of the kernel zones' early (boot) pages.
 */
import type { ZoneName } from '../../step.ts';
import { onlineBlockZone, ramPagesOfBlock } from '../sysfs/memory-blocks.ts';
import { sectionOfPfn } from '../sparse/pfn.ts';
import { peekSection, type RefMachine } from '../state.ts';
import { isOnlinePage } from '../sparse/queries.ts';
import { readMemmap } from '../memmap/memmap.ts';
import { defaultKernelZone } from '../zones/zone.ts';

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

/** A group's present pages as adjust_present_page_count() counts them: by the zone each part went to. */
function groupPages(m: RefMachine, group: number): { kernel: number; movable: number } {
  let kernel = 0;
  let movable = 0;
  for (const [id, block] of m.blocks) {
    if (block.group !== group || !block.online) continue;
    const pages = ramPagesOfBlock(m, id);
    // Under seed 003's rule the self-hosted memmap pages are Normal's whatever the block's zone (docs/seeds.md).
    const inNormal = m.rules.vmemmapZone === 'normal' ? block.vmemmap : 0;
    if (onlineBlockZone(m, id) === 'Movable') {
      movable += pages - inNormal;
      kernel += inNormal;
    } else kernel += pages;
  }
  return { kernel, movable };
}

// mirrors auto_movable_can_online_movable(), mm/memory_hotplug.c, v5.15
function canOnlineMovable(m: RefMachine, nid: number | undefined, group: number | undefined, pages: number): boolean {
  const ratio = m.config.autoMovableRatio;
  let early = kernelEarlyPages(m, nid);
  let movable = movablePresent(m, nid);
  // Each other dynamic group (on the node, when asked per node) keeps the early kernel pages its own
  // MOVABLE needs beyond its kernel pages, and its MOVABLE is its own business.
  let needed = 0;
  let theirs = 0;
  for (const [id, x] of m.groups) {
    if (x.unitPages === undefined || id === group || (nid !== undefined && x.nid !== nid)) continue;
    const { kernel, movable: mov } = groupPages(m, id);
    needed += Math.max(0, Math.floor((mov * 100) / ratio) - kernel);
    theirs += mov;
  }
  if (early <= needed) return false;
  early -= needed;
  movable -= theirs;
  // The kernel pages of the asking dynamic group allow more MOVABLE in it.
  if (group !== undefined && m.groups.get(group)?.unitPages !== undefined) early += groupPages(m, group).kernel;
  return movable + pages <= Math.floor((ratio * early) / 100);
}

/** The zone of the first online section of the unit around `pfn` that is not Movable, if any, and the Movable pages online there. */
function unitSections(m: RefMachine, pfn: number, unitPages: number): { kernelAt?: number; movable: number } {
  const g = m.geometry;
  const first = Math.floor(pfn / unitPages) * unitPages;
  let movable = 0;
  for (let p = first; p < first + unitPages; p += g.pagesPerSection) {
    if (!isOnlinePage(m, p)) continue;
    const state = readMemmap(m, p);
    if (state === 'uninit' || state.zone !== 'Movable') return { kernelAt: p, movable };
    movable += g.pagesPerSection;
  }
  return { movable };
}

// mirrors auto_movable_zone_for_pfn(), mm/memory_hotplug.c, v5.15; where it gives up, the kernel zone is
// looked up for the pfn and page count it has reached by then, as the kernel does
export function autoMovableZone(m: RefMachine, nid: number, b: number, pfn: number, nr: number): ZoneName {
  if (m.config.autoMovableRatio === 0) return defaultKernelZone(m, nid, pfn, nr);
  const group = m.blocks.get(b)?.group;
  const info = group === undefined ? undefined : m.groups.get(group);
  let max = nr;
  let online = 0;
  let at = pfn;
  if (group !== undefined && info !== undefined && info.unitPages === undefined) {
    // A DIMM goes all one way: kernel if any of it is kernel, else room for all of what is left.
    const pages = groupPages(m, group);
    if (pages.kernel > 0) return defaultKernelZone(m, nid, pfn, nr);
    max = info.maxPages;
    online = pages.movable;
  } else if (info?.unitPages !== undefined && info.unitPages !== nr) {
    // A unit of a virtio-mem device goes one way too, judged by its online sections.
    const unit = unitSections(m, pfn, info.unitPages);
    if (unit.kernelAt !== undefined) return defaultKernelZone(m, nid, unit.kernelAt, nr);
    max = info.unitPages;
    online = unit.movable;
    at = Math.floor(pfn / info.unitPages) * info.unitPages + info.unitPages;
  }
  const need = max - online;
  if (!canOnlineMovable(m, undefined, group, need)) return defaultKernelZone(m, nid, at, need);
  if (m.config.autoMovableNumaAware && !canOnlineMovable(m, nid, group, need)) return defaultKernelZone(m, nid, at, need);
  return 'Movable';
}
