/** The `pin` / `unpin` test steps: an unmovable kernel allocation on one page, or its release. */
import type { Outcome } from '../../outcome.ts';
import type { HotplugContext } from '../hotplug-context.ts';
import { onlineSection, pfnToSection } from '../sparse/queries.ts';
import { ZONE_NORMAL } from '../zones/zone.ts';

/** Only an online page of a kernel zone can hold an unmovable allocation (ZONE_MOVABLE promises none). */
export function pinPage(ctx: HotplugContext, addr: number): Outcome {
  const pfn = Math.floor(addr / ctx.geometry.pageSize);
  if (!onlineSection(pfnToSection(ctx, pfn))) return '-EINVAL';
  // the test harness looks, it does not model a kernel read of the struct page
  const links = ctx.memmap.peek(pfn);
  if (links === undefined || links.zone > ZONE_NORMAL) return '-EINVAL';
  // pages of a self-hosted memmap (PageVmemmapSelfHosted) are never free for an allocation
  const ppb = ctx.geometry.pagesPerBlock;
  const altmap = ctx.blocks.get(Math.floor(pfn / ppb))?.altmap;
  if (altmap !== undefined && pfn < altmap.basePfn + altmap.free) return '-EINVAL';
  ctx.pins.pin(pfn);
  return 'ok';
}

export function unpinPage(ctx: HotplugContext, addr: number): Outcome {
  const pfn = Math.floor(addr / ctx.geometry.pageSize);
  if (!ctx.pins.has(pfn)) return '-EINVAL';
  ctx.pins.unpin(pfn);
  return 'ok';
}
