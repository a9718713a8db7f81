/**
 * Offlining one memory block (mm/memory_hotplug.c offline_pages(), v5.5):
 * the one-zone test, isolation (pins), the MEM_GOING_OFFLINE notifier, the
 * accounting and, from v5.5, the zone shrink.
 */
import { EBUSY, EINVAL } from '../errno.ts';
import type { HotplugContext } from '../hotplug-context.ts';
import type { PageLinks } from '../memmap/memmap.ts';
import type { MemoryBlock } from '../sysfs/memory-block.ts';
import { onlineSection } from '../sparse/queries.ts';
import { ramZoneOf } from '../memmap/ram-zone.ts';
import { offlineMemSections, setMemmapOnlySections } from '../sparse/section-online.ts';
import { adjustEarlyAndGroup, memFinishOffline, memPhysOffline } from './online-pages.ts';
import { ZONE_NORMAL, type Zone } from '../zones/zone.ts';
import { removePfnRangeFromZone } from '../zones/shrink.ts';

// mirrors test_pages_in_a_zone(), mm/memory_hotplug.c, v5.5 (page_zone() of every System RAM page)
function testPagesInAZone(ctx: HotplugContext, startPfn: number, endPfn: number): PageLinks | undefined {
  return ramZoneOf(ctx, startPfn, endPfn - startPfn, true);
}

// mirrors has_unmovable_pages(), mm/page_alloc.c, v5.5, for hole pages: the pageblocks of online sections
// are scanned (__first_valid_page() asks pfn_to_online_page()), and a hole page with page_count() 1,
// never on an LRU, counts as unmovable (d7b236e10ced, v4.15, took away the MIGRATE_MOVABLE shortcut)
function heldHoleIn(ctx: HotplugContext, startPfn: number, endPfn: number): boolean {
  const pps = ctx.geometry.pagesPerSection;
  for (let nr = Math.floor(startPfn / pps); nr * pps < endPfn; nr++) {
    if (onlineSection(ctx.table.nrToSection(nr)) && ctx.memmap.holdsHoles(nr) && ctx.ram.pagesIn(nr * pps, pps) < pps) return true;
  }
  return false;
}

// mirrors offline_pages(), mm/memory_hotplug.c, v5.5; answers the zone it offlined from through `out`
function offlinePages(ctx: HotplugContext, startPfn: number, nrPages: number, ramPages: number, out: { zone?: Zone }): number {
  const endPfn = startPfn + nrPages;
  const inZone = testPagesInAZone(ctx, startPfn, endPfn);
  if (inZone === undefined) return EINVAL;
  const pgdat = ctx.pgdats.get(inZone.nid);
  if (pgdat === undefined) return EINVAL;
  const zone = pgdat.zone(inZone.zone);
  out.zone = zone;

  // start_isolate_page_range(): an unmovable page makes the range unisolatable
  if (ctx.pins.anyIn(startPfn, endPfn)) return EBUSY;
  if (ctx.rules.offlineHoles === 'ebusy' && heldHoleIn(ctx, startPfn, endPfn)) return EBUSY;

  const ret = ctx.notifier.notify('MEM_GOING_OFFLINE');
  if (ret !== 0) return ret;

  const offlined = ramPages;
  ctx.ordering.zoneWrite();
  zone.managedPages -= offlined;
  if (!ctx.bugs.has('offline-keeps-present')) zone.presentPages -= offlined;
  pgdat.nodePresentPages -= offlined;
  if (!ctx.bugs.has('offline-keeps-section-online')) offlineMemSections(ctx, startPfn, endPfn);

  if (ctx.rules.shrinkAt === 'offline' && !ctx.bugs.has('no-shrink-on-offline')) {
    removePfnRangeFromZone(ctx, zone, startPfn, nrPages);
  } else if (ctx.rules.shrinkAt === 'offline') {
    // the switch forgets the shrink but the memmap is still poisoned
    ctx.memmap.poisonRange(startPfn, nrPages);
  }
  return 0;
}

// mirrors mhp_deinit_memmap_on_memory(), mm/memory_hotplug.c, v5.12
function mhpDeinitMemmapOnMemory(ctx: HotplugContext, zone: Zone, pfn: number, nrPages: number): void {
  setMemmapOnlySections(ctx, pfn, nrPages, false);
  removePfnRangeFromZone(ctx, zone, pfn, nrPages);
}

// mirrors memory_block_offline(), drivers/base/memory.c, v5.12 (memory_block_action(MEM_OFFLINE) before)
export function memoryBlockOffline(ctx: HotplugContext, mem: MemoryBlock): number {
  const ppb = ctx.geometry.pagesPerBlock;
  const startPfn = mem.id * ppb;
  const nrVmemmapPages = mem.altmap?.free ?? 0;
  // v5.12 asked page_zone() of the first pfn here, before offline_pages() could refuse a hole (B-22)
  if (ctx.bugs.has('offline-zone-before-holes')) ctx.memmap.readPage(startPfn);
  // offline_pages(), v5.6: walk_system_ram_range() must find the whole range ("memory holes")
  if (ctx.rules.offlineHoles === 'einval' && ctx.ram.pagesIn(startPfn, ppb) !== ppb) return EINVAL;
  // the kernel takes the memmap pages out of `present` first and puts them back on failure: net, after success
  const out: { zone?: Zone } = {};
  const ramPages = ctx.ram.pagesIn(startPfn, ppb) - nrVmemmapPages;
  const ret = offlinePages(ctx, startPfn + nrVmemmapPages, ppb - nrVmemmapPages, ramPages, out);
  if (ret !== 0) return ret;
  // seed 003's suggestion (a proposal): the memmap pages were put in the node's ZONE_NORMAL (docs/seeds.md)
  const vmemmapZone = out.zone !== undefined && ctx.rules.vmemmapZone === 'normal' ? out.zone.pgdat.zone(ZONE_NORMAL) : out.zone;
  if (nrVmemmapPages > 0 && vmemmapZone !== undefined) {
    vmemmapZone.presentPages -= nrVmemmapPages;
    vmemmapZone.pgdat.nodePresentPages -= nrVmemmapPages;
    if (ctx.bugs.has('vmemmap-to-buddy')) vmemmapZone.managedPages -= nrVmemmapPages;
    mhpDeinitMemmapOnMemory(ctx, vmemmapZone, startPfn, nrVmemmapPages);
  }
  if (out.zone !== undefined && vmemmapZone === out.zone) adjustEarlyAndGroup(ctx, out.zone, mem, startPfn, -(ramPages + nrVmemmapPages));
  else if (out.zone !== undefined && vmemmapZone !== undefined) {
    adjustEarlyAndGroup(ctx, vmemmapZone, mem, startPfn, -nrVmemmapPages);
    adjustEarlyAndGroup(ctx, out.zone, mem, startPfn + nrVmemmapPages, -ramPages);
  }
  if (ctx.rules.s390Online === 'prepare-online') memFinishOffline(mem);
  if (ctx.rules.s390Online === 'phys-online-rfc' && mem.altmap?.standby === true) memPhysOffline(ctx, mem, startPfn, ppb);
  mem.state = 'offline';
  ctx.blocks.markDirty(mem.id);
  return 0;
}
