/**
 * The online rules of kernel v4.13 (profile v4.12): allow_online_pfn_range()
 * and the zone move_pfn_range() picks, before zone restrictions were removed
 * (mm/memory_hotplug.c between f1dd2cd13c4b and c6f03e2903c9).
 */
import type { HotplugContext } from '../hotplug-context.ts';
import { KERNEL_ZONES, ZONE_MOVABLE, ZONE_NORMAL, zoneEndPfn, zoneIntersects, zoneIsEmpty, type PgData } from '../zones/zone.ts';
import type { OnlineType } from '../../online-type.ts';

// mirrors default_zone_for_pfn(), mm/memory_hotplug.c, v4.13 (the first kernel zone the range meets, else Normal)
export function defaultZoneForPfn(pgdat: PgData, startPfn: number, nrPages: number): number {
  for (const idx of KERNEL_ZONES) if (zoneIntersects(pgdat.zone(idx), startPfn, nrPages)) return idx;
  return ZONE_NORMAL;
}

// mirrors allow_online_pfn_range(), mm/memory_hotplug.c, v4.13
export function allowOnlinePfnRange(ctx: HotplugContext, pgdat: PgData, pfn: number, nrPages: number, type: OnlineType): boolean {
  if (type === 'online_kernel') {
    const movable = pgdat.zone(ZONE_MOVABLE);
    if (zoneIsEmpty(movable)) return true;
    return movable.zoneStartPfn >= pfn + nrPages;
  }
  if (type === 'online_movable') {
    const dflt = pgdat.zone(defaultZoneForPfn(pgdat, pfn, nrPages));
    // the `movable-below-normal` switch compares the kernel zone's start instead of its end
    if (ctx.bugs.has('movable-below-normal')) return dflt.zoneStartPfn <= pfn;
    return zoneEndPfn(dflt) <= pfn;
  }
  // MMOP_ONLINE_KEEP always succeeds
  return true;
}

// mirrors move_pfn_range(), mm/memory_hotplug.c, v4.13 (the zone it picks; the caller moves the range)
export function allowedZoneIdx(ctx: HotplugContext, pgdat: PgData, pfn: number, nrPages: number, type: OnlineType): number {
  if (type === 'online_movable') return ZONE_MOVABLE;
  const dflt = defaultZoneForPfn(pgdat, pfn, nrPages);
  // online (KEEP) prefers the kernel zone unless the range is within or past Movable
  if (type === 'online' && !allowOnlinePfnRange(ctx, pgdat, pfn, nrPages, 'online_kernel')) return ZONE_MOVABLE;
  return dflt;
}
