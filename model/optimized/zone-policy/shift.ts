/**
 * Zone shifting, the hotplug zone rules of kernels v4.10–v4.12 (profile v4.10):
 * zone_for_memory() and __add_zone() at hot-add, zone_can_shift() and
 * move_pfn_range_left/right() at online (mm/memory_hotplug.c, v4.11).
 */
import type { HotplugContext } from '../hotplug-context.ts';
import { nodeData } from '../hotplug-context.ts';
import { ZONE_MOVABLE, ZONE_NORMAL, zoneEndPfn, zoneIsEmpty, type PgData, type Zone } from '../zones/zone.ts';
import type { OnlineType } from '../../online-type.ts';

// mirrors zone_for_memory(), mm/memory_hotplug.c, v4.11 (x86_64's default zone is ZONE_NORMAL)
function zoneForMemory(pgdat: PgData, startPfn: number): number {
  const movable = pgdat.zone(ZONE_MOVABLE);
  if (!zoneIsEmpty(movable) && startPfn >= movable.zoneStartPfn) return ZONE_MOVABLE;
  return ZONE_NORMAL;
}

// mirrors grow_zone_span() / grow_pgdat_span(), mm/memory_hotplug.c, v4.11
function growSpan(span: { start: number; spanned: number }, startPfn: number, endPfn: number): { start: number; spanned: number } {
  if (span.spanned === 0) return { start: startPfn, spanned: endPfn - startPfn };
  const start = Math.min(span.start, startPfn);
  return { start, spanned: Math.max(span.start + span.spanned, endPfn) - start };
}

// mirrors ensure_zone_is_initialized() → init_currently_empty_zone(), mm/memory_hotplug.c, v4.11 (nr_zones as after 8f416836c0d5)
function ensureZoneIsInitialized(zone: Zone): void {
  zone.initialized = true;
  if (zone.idx + 1 > zone.pgdat.nrZones) zone.pgdat.nrZones = zone.idx + 1;
}

// mirrors __add_zone(), mm/memory_hotplug.c, v4.11 (ensure_zone_is_initialized(), spans, memmap_init_zone())
export function addZoneAtHotAdd(ctx: HotplugContext, nid: number, startPfn: number, nrPages: number): void {
  const pgdat = nodeData(ctx, nid);
  const zone = pgdat.zone(zoneForMemory(pgdat, startPfn));
  ensureZoneIsInitialized(zone);
  const z = growSpan({ start: zone.zoneStartPfn, spanned: zone.spannedPages }, startPfn, startPfn + nrPages);
  zone.zoneStartPfn = z.start;
  zone.spannedPages = z.spanned;
  const n = growSpan({ start: pgdat.nodeStartPfn, spanned: pgdat.nodeSpannedPages }, startPfn, startPfn + nrPages);
  pgdat.nodeStartPfn = n.start;
  pgdat.nodeSpannedPages = n.spanned;
  ctx.memmap.initRange(startPfn, nrPages, zone.idx, nid);
}

/** zone_can_shift()'s answer: whether the move is allowed, and by how many zone indices. */
export interface ZoneShift {
  readonly allowed: boolean;
  readonly shift: number;
}

// mirrors zone_can_shift(), mm/memory_hotplug.c, v4.11 (bool form; the `zone-can-shift-int` switch is the v4.9 int form, B-1)
export function zoneCanShift(ctx: HotplugContext, zone: Zone, pfn: number, nrPages: number, target: number): ZoneShift {
  const idx = zone.idx;
  const refused: ZoneShift = { allowed: ctx.bugs.has('zone-can-shift-int'), shift: 0 };
  const between = (lo: number, hi: number): boolean => {
    for (let i = lo + 1; i < hi; i++) if (zone.pgdat.zone(i).initialized) return true;
    return false;
  };
  // the `shift-any-block` switch forgets that only a block at the zone edge may move
  const edge = !ctx.bugs.has('shift-any-block');
  if (idx < target) {
    // only the last pages of a zone may move up, and only into the next initialised zone
    if (edge && zoneEndPfn(zone) !== pfn + nrPages) return refused;
    if (between(idx, target)) return refused;
  }
  if (target < idx) {
    if (edge && zone.zoneStartPfn !== pfn) return refused;
    if (between(target, idx)) return refused;
  }
  return { allowed: true, shift: target - idx };
}

function setZoneSpan(zone: Zone, start: number, end: number): void {
  if (end <= start) {
    zone.zoneStartPfn = 0;
    zone.spannedPages = 0;
  } else {
    zone.zoneStartPfn = start;
    zone.spannedPages = end - start;
  }
}

// mirrors move_pfn_range_right(), mm/memory_hotplug.c, v4.11
function movePfnRangeRight(ctx: HotplugContext, z1: Zone, z2: Zone, startPfn: number, endPfn: number): boolean {
  const edge = !ctx.bugs.has('shift-any-block');
  if (z1.zoneStartPfn > startPfn || (edge && zoneEndPfn(z1) > endPfn) || startPfn >= zoneEndPfn(z1)) return false;
  ensureZoneIsInitialized(z2);
  const z2End = zoneIsEmpty(z2) ? endPfn : zoneEndPfn(z2);
  // the `shift-keeps-old-span` switch forgets to cut the range out of the lower zone
  if (!ctx.bugs.has('shift-keeps-old-span')) setZoneSpan(z1, z1.zoneStartPfn, startPfn);
  setZoneSpan(z2, startPfn, z2End);
  ctx.memmap.initRange(startPfn, endPfn - startPfn, z2.idx, z2.pgdat.nodeId);
  return true;
}

// mirrors move_pfn_range_left(), mm/memory_hotplug.c, v4.11
function movePfnRangeLeft(ctx: HotplugContext, z1: Zone, z2: Zone, startPfn: number, endPfn: number): boolean {
  const edge = !ctx.bugs.has('shift-any-block');
  if (endPfn > zoneEndPfn(z2) || (edge && startPfn > z2.zoneStartPfn) || endPfn <= z2.zoneStartPfn) return false;
  ensureZoneIsInitialized(z1);
  const z1Start = zoneIsEmpty(z1) ? startPfn : z1.zoneStartPfn;
  const z2End = zoneEndPfn(z2);
  setZoneSpan(z1, z1Start, endPfn);
  if (!ctx.bugs.has('shift-keeps-old-span')) setZoneSpan(z2, endPfn, z2End);
  ctx.memmap.initRange(startPfn, endPfn - startPfn, z1.idx, z1.pgdat.nodeId);
  return true;
}

/**
 * The zone step of online_pages() with zone shifting: the zone the range is
 * onlined into, or undefined for -EINVAL (nothing changed).
 */
// mirrors online_pages() up to move_pfn_range(), mm/memory_hotplug.c, v4.11
export function shiftZoneForOnline(ctx: HotplugContext, nid: number, pfn: number, nrPages: number, type: OnlineType): Zone | undefined {
  const links = ctx.memmap.readPage(pfn);
  if (links === undefined) return undefined;
  const zone = nodeData(ctx, nid).zone(links.zone);
  if (type === 'online') return zone;
  const target = type === 'online_kernel' ? ZONE_NORMAL : ZONE_MOVABLE;
  const { allowed, shift } = zoneCanShift(ctx, zone, pfn, nrPages, target);
  if (!allowed) return undefined;
  if (shift === 0) return zone;
  const other = zone.pgdat.zone(zone.idx + shift);
  const moved = shift > 0 ? movePfnRangeRight(ctx, zone, other, pfn, pfn + nrPages) : movePfnRangeLeft(ctx, other, zone, pfn, pfn + nrPages);
  return moved ? other : undefined;
}
