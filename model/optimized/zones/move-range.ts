/**
 * Growing zone and node spans when a range joins a zone at online (or at
 * memremap for ZONE_DEVICE), mm/memory_hotplug.c.
 */
import type { HotplugContext } from '../hotplug-context.ts';
import { taintZoneDeviceEnds } from '../sparse/online-page.ts';
import { validSection } from '../sparse/queries.ts';
import { pgdatEndPfn, ZONE_DEVICE, zoneEndPfn, zoneIsEmpty, type PgData, type Zone } from './zone.ts';

// mirrors resize_zone_range(), mm/memory_hotplug.c, v5.5
function resizeZoneRange(zone: Zone, startPfn: number, nrPages: number, growDown: boolean): void {
  const oldEndPfn = zoneEndPfn(zone);
  if (zoneIsEmpty(zone)) {
    // an empty zone's start means nothing: the range defines it
    zone.zoneStartPfn = startPfn;
    zone.spannedPages = nrPages;
    return;
  }
  if (growDown && startPfn < zone.zoneStartPfn) zone.zoneStartPfn = startPfn;
  zone.spannedPages = Math.max(startPfn + nrPages, oldEndPfn) - zone.zoneStartPfn;
}

// mirrors resize_pgdat_range(), mm/memory_hotplug.c, v5.5
function resizePgdatRange(pgdat: PgData, startPfn: number, nrPages: number): void {
  const oldEndPfn = pgdatEndPfn(pgdat);
  if (pgdat.nodeSpannedPages === 0) {
    pgdat.nodeStartPfn = startPfn;
    pgdat.nodeSpannedPages = nrPages;
    return;
  }
  if (startPfn < pgdat.nodeStartPfn) pgdat.nodeStartPfn = startPfn;
  pgdat.nodeSpannedPages = Math.max(startPfn + nrPages, oldEndPfn) - pgdat.nodeStartPfn;
}

// mirrors init_currently_empty_zone(), mm/page_alloc.c, v5.5 (the nr_zones part)
function initCurrentlyEmptyZone(ctx: HotplugContext, zone: Zone): void {
  const pgdat = zone.pgdat;
  // the `nr-zones-last` switch is the assignment before 8f416836c0d5: the last zone initialised wins
  if (ctx.bugs.has('nr-zones-last')) pgdat.nrZones = zone.idx + 1;
  else if (zone.idx + 1 > pgdat.nrZones) pgdat.nrZones = zone.idx + 1;
}

// memmap_init_zone(MEMMAP_HOTPLUG) and memmap_init_zone_device() give every struct page of the range
// page_count() 1 and PageReserved, and an online frees only System RAM: a valid section of the range
// with a non-RAM pfn now holds such a page
function holdSectionHoles(ctx: HotplugContext, pfn: number, nrPages: number): void {
  const pps = ctx.geometry.pagesPerSection;
  for (let nr = Math.floor(pfn / pps); nr * pps < pfn + nrPages; nr++) {
    if (validSection(ctx.table.nrToSection(nr)) && ctx.ram.pagesIn(nr * pps, pps) < pps) ctx.memmap.holdHoles(nr);
  }
}

// mirrors move_pfn_range_to_zone(), mm/memory_hotplug.c, v5.5
export function movePfnRangeToZone(ctx: HotplugContext, zone: Zone, startPfn: number, nrPages: number): void {
  const pgdat = zone.pgdat;
  ctx.ordering.zoneWrite();
  if (zoneIsEmpty(zone)) initCurrentlyEmptyZone(ctx, zone);
  // the `span-grows-up-only` switch only ever moves the zone end
  resizeZoneRange(zone, startPfn, nrPages, !ctx.bugs.has('span-grows-up-only'));
  resizePgdatRange(pgdat, startPfn, nrPages);
  // the struct pages learn their zone and node only now (not at hot-add)
  ctx.memmap.initRange(startPfn, nrPages, zone.idx, pgdat.nodeId);
  holdSectionHoles(ctx, startPfn, nrPages);
  if (zone.idx === ZONE_DEVICE) taintZoneDeviceEnds(ctx, startPfn, nrPages);
}
