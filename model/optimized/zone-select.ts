/**
 * Which zone an online picks (mm/memory_hotplug.c, the v4.13+ rules without
 * zone restrictions). Answers zone indices so that sysfs reads need no pgdat.
 */
import type { HotplugContext } from './hotplug-context.ts';
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

// mirrors zone_for_pfn_range(), mm/memory_hotplug.c, v5.5
export function zoneForPfnRange(ctx: HotplugContext, type: OnlineType, nid: number, pfn: number, nr: number): number {
  const pgdat = ctx.pgdats.get(nid);
  if (type === 'online_kernel') return defaultKernelZoneForPfn(pgdat, pfn, nr, ctx.bugs);
  if (type === 'online_movable') return ZONE_MOVABLE;
  return defaultZoneForPfn(ctx, pgdat, pfn, nr);
}
