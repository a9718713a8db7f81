/**
 * System RAM hot-remove: remove_memory() → try_remove_memory() (mm/memory_hotplug.c,
 * v5.5), with the pre-v5.5 zone shrink of __remove_pages(zone, …) as a
 * profile rule.
 */
import type { Outcome } from '../../outcome.ts';
import { EBUSY, EINVAL, errToOutcome } from '../errno.ts';
import { nodeData, type HotplugContext } from '../hotplug-context.ts';
import type { MemoryGroup } from '../sysfs/memory-block.ts';
import { hotRemovePages } from '../pages/hotplug-pages.ts';
import { freeAltmap } from '../memmap/memmap-on-memory.ts';
import { tryOfflineNode } from '../zones/node-hotplug.ts';
import { removeZoneSection } from '../zones/shrink.ts';

// mirrors check_memblock_offlined_cb(), mm/memory_hotplug.c, v5.5 (walk_memory_blocks() over the range)
function checkMemblocksOfflined(ctx: HotplugContext, pfn: number, nrPages: number): number {
  const ppb = ctx.geometry.pagesPerBlock;
  for (let id = pfn / ppb; id < (pfn + nrPages) / ppb; id++) {
    if (ctx.blocks.get(id)?.state === 'online') return EBUSY;
  }
  return 0;
}

/** Before v5.5: arch_remove_memory() reads the zone of the first page and __remove_pages() shrinks it per section. */
export function shrinkSpansAtRemove(ctx: HotplugContext, pfn: number, nrPages: number): void {
  const links = ctx.memmap.readPage(pfn);
  // a never-onlined range has a poisoned first page: the kernel would shrink a garbage zone
  if (links === undefined) return;
  // System RAM only: its first page is never ZONE_DEVICE, and its node's pgdat exists
  const zone = nodeData(ctx, links.nid).zone(links.zone);
  const pps = ctx.geometry.pagesPerSection;
  for (let s = pfn; s < pfn + nrPages; s += pps) removeZoneSection(ctx, zone, s);
}

// mirrors remove_memory_block_devices(), drivers/base/memory.c, v5.5; with memmap_on_memory
// remove_memory_blocks_and_altmaps(), mm/memory_hotplug.c, v6.7: each block's altmap is freed with it
function removeMemoryBlockDevices(ctx: HotplugContext, pfn: number, nrPages: number): void {
  const ppb = ctx.geometry.pagesPerBlock;
  const dynamic = new Set<MemoryGroup>();
  for (let id = pfn / ppb; id < (pfn + nrPages) / ppb; id++) {
    const group = ctx.blocks.get(id)?.group;
    if (group?.unitPages !== undefined) dynamic.add(group);
    const altmap = ctx.blocks.get(id)?.altmap;
    if (altmap !== undefined && !ctx.bugs.has('altmap-leak')) freeAltmap(ctx, altmap);
    ctx.blocks.delete(id);
    // the block's poison counter goes with it (num_poisoned_pages_sub()); a re-add gets a fresh memmap
    clearBlockPoison(ctx.hwpoison, id * ppb, (id + 1) * ppb);
  }
  // the driver unregisters its dynamic group with its last memory (virtio-mem removes the device)
  for (const group of dynamic) {
    if (![...ctx.blocks.values()].some((mem) => mem.group === group)) ctx.dynamicGroups.delete(`${group.nid}/${group.unitPages}`);
  }
}

/** Walks the poisoned set, not the block's pfns: a per-pfn walk of an unpoisoned block dominated remove_memory. */
function clearBlockPoison(hwpoison: Set<number>, start: number, end: number): void {
  for (const pfn of hwpoison) if (pfn >= start && pfn < end) hwpoison.delete(pfn);
}

// mirrors the nr_vmemmap_pages test of try_remove_memory(), mm/memory_hotplug.c, v5.12 (until v6.7)
function checkVmemmapRemoveGranularity(ctx: HotplugContext, pfn: number, nrPages: number): number {
  if (ctx.rules.memmapRemove !== 'one-block' || nrPages === ctx.geometry.pagesPerBlock) return 0;
  const ppb = ctx.geometry.pagesPerBlock;
  for (let id = pfn / ppb; id < (pfn + nrPages) / ppb; id++) {
    if (ctx.blocks.get(id)?.altmap !== undefined) return EINVAL;
  }
  return 0;
}

/**
 * The pfn range of [start, start + size) when it is block-aligned and exactly
 * one hot-added System RAM resource (boot memory has no way out), with that
 * resource; undefined (-EINVAL) otherwise.
 */
export function hotAddedRamRange(ctx: HotplugContext, start: number, size: number) {
  const g = ctx.geometry;
  const blockSize = g.pagesPerBlock * g.pageSize;
  if (size === 0 || start % blockSize !== 0 || size % blockSize !== 0) return undefined;
  const pfn = Math.floor(start / g.pageSize);
  const nrPages = Math.floor(size / g.pageSize);
  const res = ctx.iomem.find(pfn, pfn + nrPages);
  if (res === undefined || res.kind !== 'System RAM' || res.boot) return undefined;
  return { pfn, nrPages, res };
}

// mirrors try_remove_memory(), mm/memory_hotplug.c, v5.5
export function removeMemory(ctx: HotplugContext, start: number, size: number): Outcome {
  const range = hotAddedRamRange(ctx, start, size);
  if (range === undefined) return errToOutcome(EINVAL);
  const { pfn, nrPages, res } = range;

  if (!ctx.bugs.has('remove-online-block')) {
    const ret = checkMemblocksOfflined(ctx, pfn, nrPages);
    if (ret !== 0) return errToOutcome(ret);
  }
  const granularity = checkVmemmapRemoveGranularity(ctx, pfn, nrPages);
  if (granularity !== 0) return errToOutcome(granularity);

  // the `shrink-at-remove` switch keeps the pre-v5.5 remove-time shrink in a v5.5 kernel (B-29)
  if (ctx.rules.shrinkAt === 'remove' || ctx.bugs.has('shrink-at-remove')) shrinkSpansAtRemove(ctx, pfn, nrPages);
  // the `remove-reads-zone` switch keeps the pre-v5.5 read of the first page's zone
  else if (ctx.bugs.has('remove-reads-zone')) ctx.memmap.readPage(pfn);
  removeMemoryBlockDevices(ctx, pfn, nrPages);
  hotRemovePages(ctx, pfn, nrPages);
  ctx.iomem.release(res);
  tryOfflineNode(ctx, res.nid);
  return 'ok';
}
