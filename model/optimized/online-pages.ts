/**
 * Onlining one memory block: zone choice, span growth, the MEM_GOING_ONLINE
 * notifier and the accounting (mm/memory_hotplug.c online_pages(), v5.5,
 * with the pre-v5.5 failure path kept as a profile rule).
 */
import type { HotplugContext } from './hotplug-context.ts';
import { nodeData } from './hotplug-context.ts';
import type { MemoryBlock } from './memory-block.ts';
import { onlineMemSections } from './section-online.ts';
import { movePfnRangeToZone } from './zone-grow.ts';
import { zoneForPfnRange, type OnlineType } from './zone-select.ts';
import { removePfnRangeFromZone } from './zone-shrink.ts';
import { EINVAL } from './errno.ts';
import type { Zone } from './zone.ts';
import { allowOnlinePfnRange, allowedZoneIdx } from './zone-allow.ts';
import { shiftZoneForOnline } from './zone-shift.ts';

/**
 * The zone the range goes online in, by the profile's rule, with the range
 * already associated with it; undefined is -EINVAL with nothing changed.
 */
function associateZone(ctx: HotplugContext, pfn: number, nrPages: number, type: OnlineType, nid: number): Zone | undefined {
  // v4.11: the zone of hot-add, perhaps shifted across a zone edge
  if (ctx.hotplug.onlineZone === 'shift') return shiftZoneForOnline(ctx, nid, pfn, nrPages, type);
  const pgdat = nodeData(ctx, nid);
  let zone: Zone;
  if (ctx.hotplug.onlineZone === 'allow-online-pfn-range') {
    // v4.13: refuse anything that would put Normal above Movable
    if (!allowOnlinePfnRange(ctx, pgdat, pfn, nrPages, type)) return undefined;
    zone = pgdat.zone(allowedZoneIdx(ctx, pgdat, pfn, nrPages, type));
  } else {
    zone = pgdat.zone(zoneForPfnRange(ctx, type, nid, pfn, nrPages));
  }
  movePfnRangeToZone(ctx, zone, pfn, nrPages);
  return zone;
}

// mirrors online_pages(), mm/memory_hotplug.c, v5.5
function onlinePages(ctx: HotplugContext, pfn: number, nrPages: number, type: OnlineType, nid: number): number {
  const zone = associateZone(ctx, pfn, nrPages, type, nid);
  if (zone === undefined) return EINVAL;

  const ret = ctx.notifier.notify('MEM_GOING_ONLINE');
  if (ret !== 0) {
    // failed_addition: v5.5 takes the range out of the zone again; before, the grown span stayed
    if (ctx.hotplug.failedOnline === 'restore' && !ctx.bugs.has('online-ignores-veto-rollback')) {
      removePfnRangeFromZone(ctx, zone, pfn, nrPages);
    }
    return ret;
  }

  // online_pages_range() over the System RAM of the block hands its pages to the buddy allocator
  const onlined = ctx.ram.pagesIn(pfn, nrPages);
  // the `present-outside-lock` switch does the accounting after mem_hotplug_done(), as the
  // memmap_on_memory path did with its vmemmap pages before B-23's fix
  const unlocked = ctx.bugs.has('present-outside-lock');
  if (unlocked) ctx.ordering.done();
  ctx.ordering.zoneWrite();
  zone.presentPages += onlined;
  zone.managedPages += onlined;
  zone.pgdat.nodePresentPages += onlined;
  if (unlocked) ctx.ordering.begin();
  onlineMemSections(ctx, pfn, pfn + nrPages);
  return 0;
}

// mirrors memory_block_action(MEM_ONLINE), drivers/base/memory.c, v5.5
export function memoryBlockOnline(ctx: HotplugContext, mem: MemoryBlock, type: OnlineType): number {
  const ppb = ctx.geometry.pagesPerBlock;
  const ret = onlinePages(ctx, mem.id * ppb, ppb, type, mem.nid);
  if (ret === 0) mem.state = 'online';
  return ret;
}
