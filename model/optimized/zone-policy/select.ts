/**
 * Which zone an online picks (mm/memory_hotplug.c, the v4.14+ rules without
 * zone restrictions). Answers zone indices so that sysfs reads need no pgdat.
 */
import { nodeData, type HotplugContext } from '../hotplug-context.ts';
import type { MemoryGroup } from '../sysfs/memory-block.ts';
import { pfnToOnlinePage } from '../sparse/online-page.ts';
import { pfnToSection } from '../sparse/queries.ts';
import { KERNEL_ZONES, ZONE_MOVABLE, ZONE_NORMAL, zoneIntersects, type PgData } from '../zones/zone.ts';
import type { OnlineType } from '../../online-type.ts';

function intersects(ctx: HotplugContext, pgdat: PgData, idx: number, pfn: number, nr: number): boolean {
  const zone = pgdat.zone(idx);
  // the `zone-intersects-end` switch: the review version of zone_intersects() (B-20) also
  // answered true for a range starting right at the zone's end
  if (ctx.bugs.has('zone-intersects-end') && zone.spannedPages !== 0 && pfn === zone.zoneStartPfn + zone.spannedPages) return true;
  return zoneIntersects(zone, pfn, nr);
}

// mirrors default_kernel_zone_for_pfn(), mm/memory_hotplug.c, v5.5
function defaultKernelZoneForPfn(ctx: HotplugContext, pgdat: PgData, pfn: number, nr: number): number {
  for (const idx of KERNEL_ZONES) if (intersects(ctx, pgdat, idx, pfn, nr)) return idx;
  return ZONE_NORMAL;
}

// mirrors default_zone_for_pfn(), mm/memory_hotplug.c, v5.5
function defaultZoneForPfn(ctx: HotplugContext, pgdat: PgData, pfn: number, nr: number): number {
  const kernelZone = defaultKernelZoneForPfn(ctx, pgdat, pfn, nr);
  const inKernel = intersects(ctx, pgdat, kernelZone, pfn, nr);
  const inMovable = intersects(ctx, pgdat, ZONE_MOVABLE, pfn, nr);
  // exactly one zone already holds the range: stay there
  if (inKernel && !inMovable) return kernelZone;
  if (inMovable && !inKernel) return ZONE_MOVABLE;
  // neither or both: movable_node says where new memory prefers to go
  // the `movable-node-ignored` switch is the rule before 9f123ab544df (v4.13)
  return ctx.config.movableNode && !ctx.bugs.has('movable-node-ignored') ? ZONE_MOVABLE : kernelZone;
}

// mirrors auto_movable_stats_account_zone() over the populated zones, mm/memory_hotplug.c, v5.15
function autoMovableStats(ctx: HotplugContext, nid: number | undefined): { kernelEarlyPages: number; movablePages: number } {
  let kernelEarlyPages = 0;
  let movablePages = 0;
  for (const pgdat of ctx.pgdats.values()) {
    if (nid !== undefined && pgdat.nodeId !== nid) continue;
    for (const zone of pgdat.nodeZones) {
      if (zone.presentPages === 0) continue;
      if (zone.idx === ZONE_MOVABLE) movablePages += zone.presentPages;
      else kernelEarlyPages += ctx.bugs.has('auto-movable-all-kernel-pages') ? zone.presentPages : zone.presentEarlyPages;
    }
  }
  return { kernelEarlyPages, movablePages };
}

// mirrors auto_movable_stats_account_group() over walk_dynamic_memory_groups(), mm/memory_hotplug.c, v5.15
function dynamicGroupStats(ctx: HotplugContext, nid: number | undefined, excluded: MemoryGroup | undefined): { reqKernelEarlyPages: number; movablePages: number } {
  // no division by a ratio of 0 here: autoMovableZoneForPfn() answers a kernel zone before asking
  const ratio = ctx.config.autoMovableRatio;
  let reqKernelEarlyPages = 0;
  let movablePages = 0;
  if (ctx.bugs.has('dynamic-groups-ignored')) return { reqKernelEarlyPages, movablePages };
  for (const group of ctx.dynamicGroups.values()) {
    if (group === excluded || (nid !== undefined && group.nid !== nid)) continue;
    // the early kernel pages this group needs to keep its own MOVABLE within the ratio
    const pages = Math.floor((group.presentMovablePages * 100) / ratio) - group.presentKernelPages;
    if (pages > 0 && !ctx.bugs.has('dynamic-group-needs-ignored')) reqKernelEarlyPages += pages;
    movablePages += group.presentMovablePages;
  }
  return { reqKernelEarlyPages, movablePages };
}

// mirrors auto_movable_can_online_movable(), mm/memory_hotplug.c, v5.15
function autoMovableCanOnlineMovable(ctx: HotplugContext, nid: number | undefined, group: MemoryGroup | undefined, nrPages: number): boolean {
  const stats = autoMovableStats(ctx, nid);
  // kernel memory inside a dynamic group allows more MOVABLE in that group: the other groups' effect comes off
  const groups = dynamicGroupStats(ctx, nid, group);
  if (stats.kernelEarlyPages <= groups.reqKernelEarlyPages) return false;
  let kernelEarlyPages = stats.kernelEarlyPages - groups.reqKernelEarlyPages;
  const movablePages = stats.movablePages - groups.movablePages;
  if (group?.unitPages !== undefined && !ctx.bugs.has('dynamic-groups-ignored')) kernelEarlyPages += group.presentKernelPages;
  return movablePages + nrPages <= Math.floor((ctx.config.autoMovableRatio * kernelEarlyPages) / 100);
}

// mirrors auto_movable_zone_for_pfn(), mm/memory_hotplug.c, v5.15: the kernel zone is looked up for the
// pfn and count the function has reached when it gives up, as the kernel does
function autoMovableZoneForPfn(ctx: HotplugContext, pgdat: PgData, group: MemoryGroup | undefined, pfn: number, nr: number): number {
  const nid = pgdat.nodeId;
  if (ctx.config.autoMovableRatio === 0) return defaultKernelZoneForPfn(ctx, pgdat, pfn, nr);
  let maxPages = nr;
  let onlinePages = 0;
  let at = pfn;
  if (group !== undefined && group.unitPages === undefined) {
    // anything of the DIMM in a kernel zone keeps the rest there too
    if (group.presentKernelPages > 0) return defaultKernelZoneForPfn(ctx, pgdat, pfn, nr);
    maxPages = group.maxPages;
    onlinePages = group.presentMovablePages;
  } else if (group?.unitPages !== undefined && group.unitPages !== nr) {
    // the online sections of this unit of the device: a kernel one keeps the rest in the kernel zones
    maxPages = group.unitPages;
    const pps = ctx.geometry.pagesPerSection;
    const end = Math.floor(pfn / group.unitPages) * group.unitPages + group.unitPages;
    for (at = end - group.unitPages; at < end; at += pps) {
      if (!pfnToOnlinePage(ctx, pfnToSection(ctx, at), at)) continue;
      if (ctx.memmap.readPage(at)?.zone !== ZONE_MOVABLE) return defaultKernelZoneForPfn(ctx, pgdat, at, nr);
      onlinePages += pps;
    }
  }
  // room for everything still to come of the group, system-wide and (numa-aware) on the node
  const need = maxPages - onlinePages;
  if (!autoMovableCanOnlineMovable(ctx, undefined, group, need)) return defaultKernelZoneForPfn(ctx, pgdat, at, need);
  if (ctx.config.autoMovableNumaAware && !autoMovableCanOnlineMovable(ctx, nid, group, need)) return defaultKernelZoneForPfn(ctx, pgdat, at, need);
  return ZONE_MOVABLE;
}

// mirrors zone_for_pfn_range(), mm/memory_hotplug.c, v5.5 (v5.15: the online_policy branch)
export function zoneForPfnRange(ctx: HotplugContext, type: OnlineType, nid: number, pfn: number, nr: number, group?: MemoryGroup): number {
  // the block's add_memory() made its node's pgdat
  const pgdat = nodeData(ctx, nid);
  if (type === 'online_kernel') return defaultKernelZoneForPfn(ctx, pgdat, pfn, nr);
  if (type === 'online_movable') return ZONE_MOVABLE;
  if (ctx.rules.onlinePolicy === 'policies' && ctx.config.onlinePolicy === 'auto-movable') {
    return autoMovableZoneForPfn(ctx, pgdat, group, pfn, nr);
  }
  return defaultZoneForPfn(ctx, pgdat, pfn, nr);
}
