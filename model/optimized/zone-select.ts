/**
 * Which zone an online picks (mm/memory_hotplug.c, the v4.13+ rules without
 * zone restrictions). Answers zone indices so that sysfs reads need no pgdat.
 */
import type { HotplugContext } from './hotplug-context.ts';
import type { MemoryGroup } from './memory-block.ts';
import { KERNEL_ZONES, ZONE_MOVABLE, ZONE_NORMAL, zoneIntersects, type PgData } from './zone.ts';

/** MMOP_ONLINE_KEEP (spelled `online`), MMOP_ONLINE_KERNEL, MMOP_ONLINE_MOVABLE. */
export type OnlineType = 'online' | 'online_kernel' | 'online_movable';

function intersects(pgdat: PgData | undefined, idx: number, pfn: number, nr: number, bugs?: HotplugContext['bugs']): boolean {
  if (pgdat === undefined) return false;
  const zone = pgdat.zone(idx);
  // the `zone-intersects-end` switch: the review version of zone_intersects() (B-20) also
  // answered true for a range starting right at the zone's end
  if (bugs?.has('zone-intersects-end') && zone.spannedPages !== 0 && pfn === zone.zoneStartPfn + zone.spannedPages) return true;
  return zoneIntersects(zone, pfn, nr);
}

// mirrors default_kernel_zone_for_pfn(), mm/memory_hotplug.c, v5.5
function defaultKernelZoneForPfn(pgdat: PgData | undefined, pfn: number, nr: number, bugs?: HotplugContext['bugs']): number {
  for (const idx of KERNEL_ZONES) if (intersects(pgdat, idx, pfn, nr, bugs)) return idx;
  return ZONE_NORMAL;
}

// mirrors default_zone_for_pfn(), mm/memory_hotplug.c, v5.5
function defaultZoneForPfn(ctx: HotplugContext, pgdat: PgData | undefined, pfn: number, nr: number): number {
  const kernelZone = defaultKernelZoneForPfn(pgdat, pfn, nr, ctx.bugs);
  const inKernel = intersects(pgdat, kernelZone, pfn, nr, ctx.bugs);
  const inMovable = intersects(pgdat, ZONE_MOVABLE, pfn, nr, ctx.bugs);
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

// mirrors auto_movable_can_online_movable(), mm/memory_hotplug.c, v5.15 (no dynamic groups to discount)
function autoMovableCanOnlineMovable(ctx: HotplugContext, nid: number | undefined, nrPages: number): boolean {
  const stats = autoMovableStats(ctx, nid);
  return stats.movablePages + nrPages <= Math.floor((ctx.config.autoMovableRatio * stats.kernelEarlyPages) / 100);
}

// mirrors auto_movable_zone_for_pfn(), mm/memory_hotplug.c, v5.15 (static groups)
function autoMovableZoneForPfn(ctx: HotplugContext, nid: number, group: MemoryGroup | undefined, pfn: number, nr: number): number {
  const kernelZone = (): number => defaultKernelZoneForPfn(ctx.pgdats.get(nid), pfn, nr);
  if (ctx.config.autoMovableRatio === 0) return kernelZone();
  let maxPages = nr;
  let onlinePages = 0;
  if (group !== undefined) {
    // anything of the DIMM in a kernel zone keeps the rest there too
    if (group.presentKernelPages > 0) return kernelZone();
    maxPages = group.maxPages;
    onlinePages = group.presentMovablePages;
  }
  // room for everything still to come of the group, system-wide and (numa-aware) on the node
  const need = maxPages - onlinePages;
  if (!autoMovableCanOnlineMovable(ctx, undefined, need)) return kernelZone();
  if (ctx.config.autoMovableNumaAware && !autoMovableCanOnlineMovable(ctx, nid, need)) return kernelZone();
  return ZONE_MOVABLE;
}

// mirrors zone_for_pfn_range(), mm/memory_hotplug.c, v5.5 (v5.15: the online_policy branch)
export function zoneForPfnRange(ctx: HotplugContext, type: OnlineType, nid: number, pfn: number, nr: number, group?: MemoryGroup): number {
  const pgdat = ctx.pgdats.get(nid);
  if (type === 'online_kernel') return defaultKernelZoneForPfn(pgdat, pfn, nr, ctx.bugs);
  if (type === 'online_movable') return ZONE_MOVABLE;
  if (ctx.modern.onlinePolicy === 'policies' && ctx.config.onlinePolicy === 'auto-movable') {
    return autoMovableZoneForPfn(ctx, nid, group, pfn, nr);
  }
  return defaultZoneForPfn(ctx, pgdat, pfn, nr);
}
