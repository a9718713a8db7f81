/**
 * Onlining one memory block: zone choice, span growth, the MEM_GOING_ONLINE
 * notifier and the accounting (mm/memory_hotplug.c online_pages(), v5.5,
 * with the pre-v5.5 failure path kept as a profile rule), and the
 * memmap_on_memory steps around it (drivers/base/memory.c, v5.12+).
 */
import { EHWPOISON, EINVAL, outcomeToErr } from '../errno.ts';
import { archAddMemory, hotRemovePages } from '../pages/hotplug-pages.ts';
import type { HotplugContext } from '../hotplug-context.ts';
import { nodeData } from '../hotplug-context.ts';
import type { MemoryBlock } from '../sysfs/memory-block.ts';
import { onlineMemSections, setMemmapOnlySections } from '../sparse/section-online.ts';
import { earlySection, pfnToSection } from '../sparse/queries.ts';
import { ZONE_MOVABLE, ZONE_NORMAL, type Zone } from '../zones/zone.ts';
import { movePfnRangeToZone } from '../zones/move-range.ts';
import { zoneForPfnRange } from '../zone-policy/select.ts';
import type { OnlineType } from '../../online-type.ts';
import { removePfnRangeFromZone } from '../zones/shrink.ts';
import { allowOnlinePfnRange, allowedZoneIdx } from '../zone-policy/allow.ts';
import { shiftZoneForOnline } from '../zone-policy/shift.ts';

/**
 * The zone of an online under the rules before c6f03e2903c9: v4.11 shifts the
 * zone of hot-add across a zone edge (moving the block itself), v4.13 refuses
 * what allow_online_pfn_range() refuses; undefined is -EINVAL with nothing changed.
 */
function restrictedOnlineZone(ctx: HotplugContext, pfn: number, nrPages: number, type: OnlineType, nid: number): Zone | undefined {
  if (ctx.rules.onlineZone === 'shift') return shiftZoneForOnline(ctx, nid, pfn, nrPages, type);
  const pgdat = nodeData(ctx, nid);
  if (!allowOnlinePfnRange(ctx, pgdat, pfn, nrPages, type)) return undefined;
  return pgdat.zone(allowedZoneIdx(ctx, pgdat, pfn, nrPages, type));
}

// mirrors online_pages(), mm/memory_hotplug.c, v5.5
function onlinePages(ctx: HotplugContext, pfn: number, nrPages: number, zone: Zone, ramPages: number): number {
  // v4.11: spans grew at hot-add, and a shift has already moved the block
  if (ctx.rules.onlineZone !== 'shift') movePfnRangeToZone(ctx, zone, pfn, nrPages);

  const ret = ctx.notifier.notify('MEM_GOING_ONLINE');
  if (ret !== 0) {
    // failed_addition: v5.5 takes the range out of the zone again; before, the grown span stayed
    if (ctx.rules.failedOnline === 'restore') {
      removePfnRangeFromZone(ctx, zone, pfn, nrPages);
    }
    return ret;
  }

  // online_pages_range() over the System RAM of the range hands its pages to the buddy allocator
  const onlined = ramPages;
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

// mirrors mhp_init_memmap_on_memory(), mm/memory_hotplug.c, v5.12: the memmap pages join the block's zone
function mhpInitMemmapOnMemory(ctx: HotplugContext, pfn: number, nrPages: number, zone: Zone): void {
  movePfnRangeToZone(ctx, zone, pfn, nrPages);
  setMemmapOnlySections(ctx, pfn, nrPages, true);
}

// MEM_FINISH_OFFLINE (v6.9..v6.18): sclp's listener makes standby memory inaccessible again
export function memFinishOffline(mem: MemoryBlock): void {
  if (mem.altmap?.standby === true) mem.altmap.inaccessible = true;
}

// MEM_PHYS_OFFLINE (seed 004, a proposal): __remove_pages() of standby memory, then sclp makes it inaccessible (docs/seeds.md)
export function memPhysOffline(ctx: HotplugContext, mem: MemoryBlock, pfn: number, nrPages: number): void {
  hotRemovePages(ctx, pfn, nrPages);
  if (mem.altmap !== undefined) mem.altmap.inaccessible = true;
}

// the v5.15 part of adjust_present_page_count(), mm/memory_hotplug.c: early-section and memory-group counters
export function adjustEarlyAndGroup(ctx: HotplugContext, zone: Zone, mem: MemoryBlock, pfn: number, nrPages: number): void {
  if (earlySection(pfnToSection(ctx, pfn))) zone.presentEarlyPages += nrPages;
  if (mem.group === undefined) return;
  if (zone.idx === ZONE_MOVABLE) mem.group.presentMovablePages += nrPages;
  else mem.group.presentKernelPages += nrPages;
}

// mirrors memory_block_online(), drivers/base/memory.c, v5.12 (memory_block_action(MEM_ONLINE) before)
export function memoryBlockOnline(ctx: HotplugContext, mem: MemoryBlock, type: OnlineType): number {
  // memblk_nr_poison(): v6.5 refuses to online a block with hwpoisoned pages
  if (ctx.rules.hwpoisonOnline === 'ehwpoison' && mem.nrHwpoison > 0) return EHWPOISON;
  const ppb = ctx.geometry.pagesPerBlock;
  const startPfn = mem.id * ppb;
  const nrVmemmapPages = mem.altmap?.free ?? 0;
  const zone =
    ctx.rules.onlineZone === 'zone-for-pfn-range'
      ? nodeData(ctx, mem.nid).zone(zoneForPfnRange(ctx, type, mem.nid, startPfn, ppb, mem.group))
      : restrictedOnlineZone(ctx, startPfn, ppb, type, mem.nid);
  if (zone === undefined) return EINVAL;

  if (ctx.rules.s390Online === 'prepare-online') {
    const prepared = ctx.notifier.notify('MEM_PREPARE_ONLINE');
    if (prepared !== 0) return prepared;
    // sclp's listener makes standby memory accessible before its memmap is initialised
    if (mem.altmap !== undefined) mem.altmap.inaccessible = false;
  }
  // seed 004 (a proposal): MEM_PHYS_ONLINE makes standby memory accessible and __add_pages() adds it with its altmap (docs/seeds.md)
  const physOnline = ctx.rules.s390Online === 'phys-online-rfc' && mem.altmap?.standby === true;
  if (physOnline) {
    const added = outcomeToErr(archAddMemory(ctx, mem.nid, startPfn, ppb));
    if (added !== 0) return added;
    if (mem.altmap !== undefined) mem.altmap.inaccessible = false;
  }
  // the v3 review of a08a2ae34613 (seed 003): testing PageVmemmap() before the memmap pages are initialised reads poison (docs/seeds.md)
  if (nrVmemmapPages > 0 && ctx.bugs.has('vmemmap-flags-before-init')) {
    for (let pfn = startPfn; pfn < startPfn + nrVmemmapPages; pfn++) ctx.memmap.readPage(pfn);
  }
  // seed 003's suggestion (a proposal): the memmap pages always go to the node's ZONE_NORMAL (docs/seeds.md)
  const vmemmapZone = ctx.rules.vmemmapZone === 'normal' ? zone.pgdat.zone(ZONE_NORMAL) : zone;
  if (nrVmemmapPages > 0) mhpInitMemmapOnMemory(ctx, startPfn, nrVmemmapPages, vmemmapZone);
  // RamPages counts section-aligned ranges; a self-hosted memmap lies in hot-added RAM, all of it RAM
  const ramPages = ctx.ram.pagesIn(startPfn, ppb) - nrVmemmapPages;
  const ret = onlinePages(ctx, startPfn + nrVmemmapPages, ppb - nrVmemmapPages, zone, ramPages);
  if (ret !== 0) {
    // mhp_deinit_memmap_on_memory(); before v5.5 nothing is undone (there was no memmap_on_memory then)
    if (nrVmemmapPages > 0 && ctx.rules.failedOnline === 'restore') {
      removePfnRangeFromZone(ctx, vmemmapZone, startPfn, nrVmemmapPages);
    }
    if (ctx.rules.s390Online === 'prepare-online') memFinishOffline(mem);
    // seed 004 [I]: a failed online gives the memory back as MEM_PHYS_OFFLINE does (docs/seeds.md)
    if (physOnline) memPhysOffline(ctx, mem, startPfn, ppb);
    return ret;
  }
  // adjust_present_page_count(): present, never managed, unless the switch hands them to the buddy
  if (nrVmemmapPages > 0) {
    vmemmapZone.presentPages += nrVmemmapPages;
    vmemmapZone.pgdat.nodePresentPages += nrVmemmapPages;
    if (ctx.bugs.has('vmemmap-to-buddy')) vmemmapZone.managedPages += nrVmemmapPages;
  }
  if (vmemmapZone === zone) adjustEarlyAndGroup(ctx, zone, mem, startPfn, ramPages + nrVmemmapPages);
  else {
    // adjust_present_page_count() is called for the memmap pages with their own zone
    adjustEarlyAndGroup(ctx, vmemmapZone, mem, startPfn, nrVmemmapPages);
    adjustEarlyAndGroup(ctx, zone, mem, startPfn + nrVmemmapPages, ramPages);
  }
  mem.state = 'online';
  ctx.blocks.markDirty(mem.id);
  return 0;
}
