/**
 * Shrinking zone and node spans, mm/memory_hotplug.c: the v5.5 form run at
 * offline (sub-section steps, node span recomputed from the zones) and the
 * pre-v5.5 form run per section at hot-remove (section steps, node span
 * shrunk on its own).
 */
import type { HotplugContext } from '../hotplug-context.ts';
import { findBiggestSectionPfn, findSmallestSectionPfn } from './section-scan.ts';
import { ZONE_DEVICE, ZONE_MOVABLE, pgdatEndPfn, zoneEndPfn, type PgData, type Zone } from './zone.ts';

/** The stride of the v5.5 walk; the `shrink-by-section` switch brings back the section stride. */
function subsectionStride(ctx: HotplugContext): number {
  return ctx.bugs.has('shrink-by-section') ? ctx.geometry.pagesPerSection : ctx.geometry.pagesPerSubsection;
}

function emptyZone(ctx: HotplugContext, zone: Zone): void {
  // the `empty-zone-keeps-start` switch forgets that an empty zone starts at 0
  if (!ctx.bugs.has('empty-zone-keeps-start')) zone.zoneStartPfn = 0;
  zone.spannedPages = 0;
}

/** shrink_zone_span() with a given stride: v5.5 passes a sub-section, v4.19 a section. */
function shrinkZoneSpanBy(ctx: HotplugContext, zone: Zone, startPfn: number, endPfn: number, step: number): void {
  const nid = zone.pgdat.nodeId;
  const zoneEnd = zoneEndPfn(zone);
  if (zone.zoneStartPfn === startPfn) {
    // the range was the zone's head: the zone now starts at its next online page
    const pfn = findSmallestSectionPfn(ctx, nid, zone.idx, endPfn, zoneEnd, step);
    if (pfn === undefined) emptyZone(ctx, zone);
    else {
      zone.spannedPages = zoneEnd - pfn;
      zone.zoneStartPfn = pfn;
    }
  } else if (zoneEnd === endPfn) {
    // the range was the tail: the zone now ends after its last online page
    const pfn = findBiggestSectionPfn(ctx, nid, zone.idx, zone.zoneStartPfn, startPfn, step);
    if (pfn === undefined) emptyZone(ctx, zone);
    else zone.spannedPages = pfn - zone.zoneStartPfn + 1;
  }
  // a range strictly inside leaves a hole: spans are hulls
}

// mirrors shrink_zone_span(), mm/memory_hotplug.c, v5.5
export function shrinkZoneSpan(ctx: HotplugContext, zone: Zone, startPfn: number, endPfn: number): void {
  shrinkZoneSpanBy(ctx, zone, startPfn, endPfn, subsectionStride(ctx));
}

// mirrors update_pgdat_span(), mm/memory_hotplug.c, v5.5
export function updatePgdatSpan(ctx: HotplugContext, pgdat: PgData): void {
  let nodeStartPfn = 0;
  let nodeEndPfn = 0;
  // the `node-start-zero` switch is the loop before 656d57119326: no skip of empty zones, no
  // first-zone start, so the minimum start never drops below the initial 0
  if (ctx.bugs.has('node-start-zero')) {
    for (const zone of pgdat.nodeZones) {
      nodeEndPfn = Math.max(nodeEndPfn, zoneEndPfn(zone));
      nodeStartPfn = Math.min(nodeStartPfn, zone.zoneStartPfn);
    }
    pgdat.nodeStartPfn = nodeStartPfn;
    pgdat.nodeSpannedPages = nodeEndPfn - nodeStartPfn;
    return;
  }
  for (const zone of pgdat.nodeZones) {
    if (zone.spannedPages === 0) continue;
    if (zone.idx === ZONE_MOVABLE && ctx.bugs.has('node-span-not-hull')) continue;
    const zoneEnd = zoneEndPfn(zone);
    if (nodeEndPfn === 0) {
      nodeStartPfn = zone.zoneStartPfn;
      nodeEndPfn = zoneEnd;
      continue;
    }
    if (zoneEnd > nodeEndPfn) nodeEndPfn = zoneEnd;
    if (zone.zoneStartPfn < nodeStartPfn) nodeStartPfn = zone.zoneStartPfn;
  }
  pgdat.nodeStartPfn = nodeStartPfn;
  pgdat.nodeSpannedPages = nodeEndPfn - nodeStartPfn;
}

// mirrors remove_pfn_range_from_zone(), mm/memory_hotplug.c, v5.5
export function removePfnRangeFromZone(ctx: HotplugContext, zone: Zone, startPfn: number, nrPages: number): void {
  ctx.ordering.zoneWrite();
  // the struct pages stop describing this zone: poison them again
  ctx.memmap.poisonRange(startPfn, nrPages);
  // device memory keeps its span until the pgmap goes
  if (zone.idx === ZONE_DEVICE) return;
  shrinkZoneSpan(ctx, zone, startPfn, startPfn + nrPages);
  updatePgdatSpan(ctx, zone.pgdat);
}

// mirrors shrink_zone_span(), mm/memory_hotplug.c, v4.19 (the per-section remove-time form)
function shrinkZoneSpanAtRemove(ctx: HotplugContext, zone: Zone, startPfn: number, endPfn: number): void {
  shrinkZoneSpanBy(ctx, zone, startPfn, endPfn, ctx.geometry.pagesPerSection);
}

// mirrors shrink_pgdat_span(), mm/memory_hotplug.c, v4.19
function shrinkPgdatSpan(ctx: HotplugContext, pgdat: PgData, startPfn: number, endPfn: number): void {
  const step = ctx.geometry.pagesPerSection;
  const nid = pgdat.nodeId;
  const pgdatEnd = pgdatEndPfn(pgdat);
  if (pgdat.nodeStartPfn === startPfn) {
    const pfn = findSmallestSectionPfn(ctx, nid, undefined, endPfn, pgdatEnd, step);
    if (pfn === undefined) {
      pgdat.nodeStartPfn = 0;
      pgdat.nodeSpannedPages = 0;
    } else {
      pgdat.nodeSpannedPages = pgdatEnd - pfn;
      pgdat.nodeStartPfn = pfn;
    }
  } else if (pgdatEnd === endPfn) {
    const pfn = findBiggestSectionPfn(ctx, nid, undefined, pgdat.nodeStartPfn, startPfn, step);
    if (pfn === undefined) {
      pgdat.nodeStartPfn = 0;
      pgdat.nodeSpannedPages = 0;
    } else pgdat.nodeSpannedPages = pfn - pgdat.nodeStartPfn + 1;
  }
}

// mirrors __remove_zone(), mm/memory_hotplug.c, v4.19
export function removeZoneSection(ctx: HotplugContext, zone: Zone, startPfn: number): void {
  ctx.ordering.zoneWrite();
  const nrPages = ctx.geometry.pagesPerSection;
  shrinkZoneSpanAtRemove(ctx, zone, startPfn, startPfn + nrPages);
  shrinkPgdatSpan(ctx, zone.pgdat, startPfn, startPfn + nrPages);
}
