/**
 * Offlining one memory block (mm/memory_hotplug.c offline_pages(), v5.5):
 * the one-zone test, isolation (pins), the MEM_GOING_OFFLINE notifier, the
 * accounting and, from v5.5, the zone shrink.
 */
import { EBUSY, EINVAL } from './errno.ts';
import type { HotplugContext } from './hotplug-context.ts';
import type { PageLinks } from './memmap.ts';
import type { MemoryBlock } from './memory-block.ts';
import { ramZoneOf } from './ram-zone.ts';
import { offlineMemSections } from './section-online.ts';
import { removePfnRangeFromZone } from './zone-shrink.ts';

// mirrors test_pages_in_a_zone(), mm/memory_hotplug.c, v5.5 (page_zone() of every System RAM page)
function testPagesInAZone(ctx: HotplugContext, startPfn: number, endPfn: number): PageLinks | undefined {
  return ramZoneOf(ctx, startPfn, endPfn - startPfn, true);
}

// mirrors offline_pages(), mm/memory_hotplug.c, v5.5
function offlinePages(ctx: HotplugContext, startPfn: number, nrPages: number): number {
  const endPfn = startPfn + nrPages;
  const inZone = testPagesInAZone(ctx, startPfn, endPfn);
  if (inZone === undefined) return EINVAL;
  const pgdat = ctx.pgdats.get(inZone.nid);
  if (pgdat === undefined) return EINVAL;
  const zone = pgdat.zone(inZone.zone);

  // start_isolate_page_range(): an unmovable page makes the range unisolatable
  if (ctx.pins.anyIn(startPfn, endPfn)) return EBUSY;

  const ret = ctx.notifier.notify('MEM_GOING_OFFLINE');
  if (ret !== 0) return ret;

  const offlined = ctx.ram.pagesIn(startPfn, nrPages);
  ctx.ordering.zoneWrite();
  zone.managedPages -= offlined;
  if (!ctx.bugs.has('offline-keeps-present')) zone.presentPages -= offlined;
  pgdat.nodePresentPages -= offlined;
  if (!ctx.bugs.has('offline-keeps-section-online')) offlineMemSections(ctx, startPfn, endPfn);

  if (ctx.hotplug.shrinkAt === 'offline' && !ctx.bugs.has('no-shrink-on-offline')) {
    removePfnRangeFromZone(ctx, zone, startPfn, nrPages);
  } else if (ctx.hotplug.shrinkAt === 'offline') {
    // the switch forgets the shrink but the memmap is still poisoned
    ctx.memmap.poisonRange(startPfn, nrPages);
  }
  return 0;
}

// mirrors memory_block_action(MEM_OFFLINE), drivers/base/memory.c, v5.5
export function memoryBlockOffline(ctx: HotplugContext, mem: MemoryBlock): number {
  const ppb = ctx.geometry.pagesPerBlock;
  const ret = offlinePages(ctx, mem.id * ppb, ppb);
  if (ret === 0) mem.state = 'offline';
  return ret;
}
