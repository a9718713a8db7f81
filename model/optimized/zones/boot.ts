/**
 * Boot above the sparse layer: free_area_init_node() spans and counts per
 * node and zone, memmap_init() of every early section (holes included),
 * the boot memory block devices (memory_dev_init()) and the firmware's
 * System RAM resources.
 */
import type { BootRange } from '../../step.ts';
import type { HotplugContext } from '../hotplug-context.ts';
import { nodeData } from '../hotplug-context.ts';
import { earlySection } from '../sparse/queries.ts';
import { ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, zoneEndPfn, type PgData } from './zone.ts';

/** The boot zones by address: [index, first pfn, end pfn). */
function bootZoneRanges(ctx: HotplugContext): Array<readonly [number, number, number]> {
  const g = ctx.geometry;
  const out: Array<readonly [number, number, number]> = [];
  let low = 0;
  if (g.dmaLimitShift !== undefined) {
    const end = 2 ** (g.dmaLimitShift - g.pageShift);
    out.push([ZONE_DMA, low, end]);
    low = end;
  }
  if (g.dma32LimitShift !== undefined) {
    const end = 2 ** (g.dma32LimitShift - g.pageShift);
    out.push([ZONE_DMA32, low, end]);
    low = end;
  }
  out.push([ZONE_NORMAL, low, Number.POSITIVE_INFINITY]);
  return out;
}

// mirrors calculate_node_totalpages(), mm/page_alloc.c, v5.5 (node span = hull of the zones it holds)
function calculateNodeTotalpages(pgdat: PgData): void {
  let start = 0;
  let end = 0;
  let present = 0;
  for (const z of pgdat.nodeZones) {
    present += z.presentPages;
    if (z.spannedPages === 0) continue;
    if (end === 0 || z.zoneStartPfn < start) start = z.zoneStartPfn;
    end = Math.max(end, zoneEndPfn(z));
  }
  pgdat.nodeStartPfn = start;
  pgdat.nodeSpannedPages = end - start;
  pgdat.nodePresentPages = present;
}

// mirrors free_area_init_node(), mm/page_alloc.c, v5.5 (zone spans are hulls of the node's boot RAM)
function freeAreaInitNodes(ctx: HotplugContext, ranges: readonly BootRange[]): void {
  const zones = bootZoneRanges(ctx);
  const pageSize = ctx.geometry.pageSize;
  for (const r of ranges) {
    const pgdat = nodeData(ctx, r.nid);
    pgdat.online = true;
    pgdat.everOnline = true;
    const start = Math.floor(r.start / pageSize);
    const end = start + Math.floor(r.size / pageSize);
    for (const [idx, lo, hi] of zones) {
      const s = Math.max(start, lo);
      const e = Math.min(end, hi);
      if (s >= e) continue;
      const z = pgdat.zone(idx);
      const zEnd = z.spannedPages === 0 ? e : Math.max(zoneEndPfn(z), e);
      if (z.spannedPages === 0 || s < z.zoneStartPfn) z.zoneStartPfn = s;
      z.spannedPages = zEnd - z.zoneStartPfn;
      z.presentPages += e - s;
      pgdat.nrZones = Math.max(pgdat.nrZones, idx + 1);
      z.managedPages += e - s;
      z.initialized = true;
      z.presentEarlyPages += e - s;
    }
  }
  for (const pgdat of ctx.pgdats.values()) calculateNodeTotalpages(pgdat);
}

// mirrors memmap_init_zone(), mm/page_alloc.c, v5.5, at boot (every struct page of an early section, holes too)
function memmapInitEarly(ctx: HotplugContext): void {
  const g = ctx.geometry;
  const zones = bootZoneRanges(ctx);
  const { table } = ctx;
  for (const { firstSection } of table.allocatedRoots()) {
    for (let nr = firstSection; nr < firstSection + table.sectionsPerRoot; nr++) {
      const ms = table.nrToSection(nr);
      if (ms === undefined || !earlySection(ms)) continue;
      const base = nr * g.pagesPerSection;
      // boot zone limits fall on sub-section boundaries: one call per zone the section reaches
      for (const [idx, lo, hi] of zones) {
        const s = Math.max(base, lo);
        const e = Math.min(base + g.pagesPerSection, hi);
        if (s < e) ctx.memmap.initRange(s, e - s, idx, ms.nid);
      }
    }
  }
}

/** System RAM pfns of [start, end) by the iomem resources (walk_system_ram_range() counting). */
function systemRamPfns(ctx: HotplugContext, start: number, end: number): number {
  let n = 0;
  for (const r of ctx.iomem.overlapping(start, end)) if (r.kind === 'System RAM') n += Math.min(end, r.end) - Math.max(start, r.start);
  return n;
}

// mirrors the MEMMAP_EARLY loop of memmap_init_zone(), mm/page_alloc.c, v5.5: every pfn of a valid
// section within [zone_start_pfn, zone_end_pfn) gets __init_single_page(), whose page count of 1 a
// hole page keeps (nothing frees it); holes outside every span are only zeroed (zero_resv_unavail()),
// until init_unavailable_range() (mm/page_alloc.c, v6.1) marks every one of an early section PageReserved
function holdHolesInZoneSpans(ctx: HotplugContext): void {
  const pps = ctx.geometry.pagesPerSection;
  const { table } = ctx;
  const reserved = ctx.rules.unavailableMemmap === 'reserved';
  for (const { firstSection } of table.allocatedRoots()) {
    for (let nr = firstSection; nr < firstSection + table.sectionsPerRoot; nr++) {
      if (!earlySection(table.nrToSection(nr))) continue;
      const base = nr * pps;
      if (reserved) {
        if (systemRamPfns(ctx, base, base + pps) < pps) ctx.memmap.holdHoles(nr);
        continue;
      }
      for (const pgdat of ctx.pgdats.values()) {
        for (const z of pgdat.nodeZones) {
          if (z.spannedPages === 0) continue;
          const s = Math.max(base, z.zoneStartPfn);
          const e = Math.min(base + pps, zoneEndPfn(z));
          if (s < e && systemRamPfns(ctx, s, e) < e - s) ctx.memmap.holdHoles(nr);
        }
      }
    }
  }
}

// mirrors memory_dev_init(), drivers/base/memory.c, v5.5 (a block per block holding a present section, online),
// with the nid register_mem_sect_under_node() leaves: the last node registered, nodes in ascending order
function memoryDevInit(ctx: HotplugContext): void {
  const g = ctx.geometry;
  const { table } = ctx;
  for (const { firstSection } of table.allocatedRoots()) {
    for (let nr = firstSection; nr < firstSection + table.sectionsPerRoot; nr++) {
      const ms = table.nrToSection(nr);
      if (ms === undefined || !earlySection(ms)) continue;
      const id = Math.floor(nr / g.sectionsPerBlock);
      const mem = ctx.blocks.get(id);
      if (mem === undefined) ctx.blocks.set(id, { id, nid: ms.nid, state: 'online', nrHwpoison: 0 });
      else if (ms.nid > mem.nid) ctx.blocks.set(id, { ...mem, nid: ms.nid });
    }
  }
}

/** Everything boot sets up above mem_section, after sparseBoot(). */
export function hotplugBoot(ctx: HotplugContext, ranges: readonly BootRange[]): void {
  const pageSize = ctx.geometry.pageSize;
  for (const r of ranges) {
    const start = Math.floor(r.start / pageSize);
    ctx.iomem.insert({ start, end: start + Math.floor(r.size / pageSize), kind: 'System RAM', boot: true, nid: r.nid });
  }
  ctx.ram.recordBoot(ranges);
  freeAreaInitNodes(ctx, ranges);
  memmapInitEarly(ctx);
  holdHolesInZoneSpans(ctx);
  memoryDevInit(ctx);
}
