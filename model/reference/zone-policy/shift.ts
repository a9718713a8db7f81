/**
 * The zone rules of kernels v4.10–v4.12 (profile v4.10, docs/historical-profiles.md §2):
 * the zone is chosen at hot-add, and an online may only move a block that sits at
 * the edge of its zone into the neighbouring one. Written from the spec as plain
 * arithmetic on the zone records; the memmap is the record of which zone a pfn is in.
 */
import type { Outcome } from '../../outcome.ts';
import { ZONE_NAMES, type ZoneName } from '../../step.ts';
import { firstPfnOfBlock } from '../sysfs/memory-blocks.ts';
import { peekMemmap, setMemmap, subsectionsOfRange } from '../memmap/memmap.ts';
import type { RefMachine, RefZone } from '../state.ts';
import type { OnlineType } from '../../online-type.ts';
import { growNode, growZone, nodeOf, notePopulated, zoneEnd } from '../zones/zone.ts';

const key = (nid: number, zone: ZoneName): string => `${nid}/${zone}`;

/** ensure_zone_is_initialized(): the zone counts as set up, and for nr_zones. */
function markInitialized(m: RefMachine, nid: number, zone: ZoneName): void {
  m.initializedZones.add(key(nid, zone));
  m.touched.part('nodes');
  notePopulated(nodeOf(m, nid), zone);
}

// mirrors zone_for_memory(), mm/memory_hotplug.c, v4.11 (x86_64 passes ZONE_NORMAL as the default)
export function zoneForMemory(m: RefMachine, nid: number, pfn: number): ZoneName {
  const movable = nodeOf(m, nid).zones.Movable;
  if (movable.spanned > 0 && pfn >= movable.start) return 'Movable';
  return 'Normal';
}

/** [zoneAtAdd=zone-for-memory]: the range joins its zone at hot-add (__add_zone()), memmap included. */
// mirrors __add_section() + __add_zone(), mm/memory_hotplug.c, v4.11
export function addRangeToZoneAtHotAdd(m: RefMachine, nid: number, pfn: number, nr: number): void {
  const zone = zoneForMemory(m, nid, pfn);
  const node = nodeOf(m, nid);
  markInitialized(m, nid, zone);
  growZone(node.zones[zone], pfn, nr);
  growNode(node, pfn, nr);
  setMemmap(m, pfn, pfn + nr, { zone, nid });
}

/** The one zone every pfn of the block with a memmap is in (observation: nothing counted), or undefined. */
export function blockZoneByMemmap(m: RefMachine, b: number): ZoneName | undefined {
  const g = m.geometry;
  const pfn = firstPfnOfBlock(g, b);
  let zone: ZoneName | undefined;
  let nid: number | undefined;
  for (const ss of subsectionsOfRange(g, pfn, pfn + g.pagesPerBlock)) {
    const state = peekMemmap(m, ss);
    if (state === undefined) continue;
    if (state === 'uninit') return undefined;
    if (zone === undefined) {
      zone = state.zone;
      nid = state.nid;
    } else if (zone !== state.zone || nid !== state.nid) return undefined; // another node's zone of that name
  }
  return zone;
}

const index = (z: ZoneName): number => ZONE_NAMES.indexOf(z);

/**
 * zone_can_shift(): the zone a block in `from` may move to for `target`, or
 * undefined when refused. Upwards the block must hold the last pfns of its zone,
 * downwards the first, and no zone strictly between may be initialised.
 */
// mirrors zone_can_shift(), mm/memory_hotplug.c, v4.11 (bool form)
export function canShift(m: RefMachine, nid: number, pfn: number, nr: number, from: ZoneName, target: ZoneName): boolean {
  const lo = Math.min(index(from), index(target));
  const hi = Math.max(index(from), index(target));
  if (lo === hi) return true;
  for (let i = lo + 1; i < hi; i++) {
    const between = ZONE_NAMES[i];
    if (between !== undefined && m.initializedZones.has(key(nid, between))) return false;
  }
  const z = nodeOf(m, nid).zones[from];
  return index(from) < index(target) ? pfn + nr === zoneEnd(z) : pfn === z.start;
}

function setSpan(z: RefZone, start: number, end: number): void {
  if (end <= start) {
    z.start = 0;
    z.spanned = 0;
    return;
  }
  z.start = start;
  z.spanned = end - start;
}

/**
 * Moves [pfn, pfn+nr) from zone `from` to `to` (move_pfn_range_left/right): the
 * lower zone ends where the higher one starts, the block's memmap names the new
 * zone. The node span, present and managed do not change. Answers false when the
 * block is not at the edge (the moves' own checks; zone_can_shift() said yes first).
 */
// mirrors move_pfn_range_left() / move_pfn_range_right(), mm/memory_hotplug.c, v4.11
export function shiftRange(m: RefMachine, nid: number, pfn: number, nr: number, from: ZoneName, to: ZoneName): boolean {
  const node = nodeOf(m, nid);
  const src = node.zones[from];
  const dst = node.zones[to];
  const end = pfn + nr;
  if (index(from) < index(to)) {
    if (src.start > pfn || zoneEnd(src) > end || pfn >= zoneEnd(src)) return false;
    markInitialized(m, nid, to);
    const dstEnd = dst.spanned > 0 ? zoneEnd(dst) : end;
    setSpan(src, src.start, pfn);
    setSpan(dst, pfn, dstEnd);
  } else {
    if (end > zoneEnd(src) || pfn > src.start || end <= src.start) return false;
    markInitialized(m, nid, to);
    const dstStart = dst.spanned > 0 ? dst.start : pfn;
    const srcEnd = zoneEnd(src);
    setSpan(dst, dstStart, end);
    setSpan(src, end, srcEnd);
  }
  setMemmap(m, pfn, end, { zone: to, nid });
  return true;
}

/** The zone each online type asks zone_can_shift() for; `online` keeps the current zone. */
export function shiftTarget(type: OnlineType, current: ZoneName): ZoneName {
  if (type === 'online_kernel') return 'Normal';
  if (type === 'online_movable') return 'Movable';
  return current;
}

/**
 * The zone step of online_pages() under [onlineZone=shift]: the zone the block
 * ends up in, or -EINVAL with nothing changed.
 */
// mirrors online_pages() up to move_pfn_range(), mm/memory_hotplug.c, v4.11
export function shiftForOnline(m: RefMachine, nid: number, pfn: number, nr: number, type: OnlineType, current: ZoneName): ZoneName | Outcome {
  const target = shiftTarget(type, current);
  if (target === current) return current;
  if (!canShift(m, nid, pfn, nr, current, target)) return '-EINVAL';
  if (!shiftRange(m, nid, pfn, nr, current, target)) return '-EINVAL';
  return target;
}

/** valid_zones under [onlineZone=shift], online or offline: current zone, then the kernel and movable targets. */
// mirrors show_valid_zones(), drivers/base/memory.c, v4.11
export function validZonesShift(m: RefMachine, b: number, nid: number): string {
  const current = blockZoneByMemmap(m, b);
  if (current === undefined) return 'none';
  const g = m.geometry;
  const pfn = firstPfnOfBlock(g, b);
  const names: string[] = [current];
  for (const target of ['Normal', 'Movable'] as const) {
    if (target !== current && canShift(m, nid, pfn, g.pagesPerBlock, current, target)) names.push(target);
  }
  return names.join(' ');
}
