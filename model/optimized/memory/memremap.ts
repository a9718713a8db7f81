/**
 * ZONE_DEVICE hotplug: devm_memremap_pages() / memunmap_pages()
 * (kernel/memremap.c, v5.5), reduced to what the memory model sees.
 */
import type { Outcome } from '../../outcome.ts';
import { EEXIST, EINVAL, ENXIO, errToOutcome } from '../errno.ts';
import { nodeData, type HotplugContext } from '../hotplug-context.ts';
import { archAddMemory, hotRemovePages } from '../pages/hotplug-pages.ts';
import { ZONE_DEVICE } from '../zones/zone.ts';
import { movePfnRangeToZone } from '../zones/move-range.ts';

// mirrors memremap_pages(), kernel/memremap.c, v5.5
export function memremapPages(ctx: HotplugContext, nid: number, start: number, size: number): Outcome {
  const pageSize = ctx.geometry.pageSize;
  const pfn = Math.floor(start / pageSize);
  const nrPages = Math.floor(size / pageSize);
  const overlapping = ctx.iomem.overlapping(pfn, pfn + nrPages);
  // region_intersects() against System RAM: device memory may not alias RAM
  if (overlapping.some((r) => r.kind === 'System RAM')) return errToOutcome(ENXIO);
  if (overlapping.length > 0) return errToOutcome(EEXIST);
  if (nrPages === 0) return errToOutcome(EINVAL);

  const ret = archAddMemory(ctx, nid, pfn, nrPages);
  if (ret !== 'ok') return ret;
  movePfnRangeToZone(ctx, nodeData(ctx, nid).zone(ZONE_DEVICE), pfn, nrPages);
  ctx.iomem.insert({ start: pfn, end: pfn + nrPages, kind: 'device', boot: false, nid });
  return 'ok';
}

// mirrors memunmap_pages(), kernel/memremap.c, v5.5
export function memunmapPages(ctx: HotplugContext, start: number, size: number): Outcome {
  const g = ctx.geometry;
  const pfn = Math.floor(start / g.pageSize);
  const nrPages = Math.floor(size / g.pageSize);
  const res = ctx.iomem.find(pfn, pfn + nrPages);
  if (res === undefined || res.kind !== 'device' || nrPages === 0) return errToOutcome(EINVAL);
  // the section-granular __remove_pages() BUG_ONs a partial section before touching anything
  if (ctx.rules.hotplug === 'section' && (pfn % g.pagesPerSection !== 0 || nrPages % g.pagesPerSection !== 0)) {
    return 'BUG';
  }
  // ZONE_DEVICE spans never shrink: only the struct pages go back to poison
  ctx.memmap.poisonRange(pfn, nrPages);
  hotRemovePages(ctx, pfn, nrPages);
  ctx.iomem.release(res);
  return 'ok';
}
