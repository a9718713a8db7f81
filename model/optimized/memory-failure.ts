/**
 * memory_failure() as hard_offline_page_store() drives it (mm/memory-failure.c,
 * drivers/base/memory.c), reduced to what memory hotplug sees: PG_hwpoison
 * on the page and, from v6.5, the memory block's poison counter.
 */
import type { Outcome } from '../outcome.ts';
import type { HotplugContext } from './hotplug-context.ts';
import { onlineSection, pfnToSection } from './queries.ts';
import { ZONE_DEVICE } from './zone.ts';

// mirrors memory_failure(), mm/memory-failure.c, v6.5 (pfn_to_online_page(), TestSetPageHWPoison(), num_poisoned_pages_inc())
export function memoryFailure(ctx: HotplugContext, addr: number): Outcome {
  const pfn = Math.floor(addr / ctx.geometry.pageSize);
  if (!onlineSection(pfnToSection(ctx, pfn))) return '-ENXIO';
  // the harness peeks: the kernel only gets here with an online, initialised page
  const links = ctx.memmap.peek(pfn);
  if (links === undefined || links.zone === ZONE_DEVICE) return '-ENXIO';
  if (ctx.hwpoison.has(pfn)) return '-EHWPOISON';
  ctx.hwpoison.add(pfn);
  const mem = ctx.blocks.get(Math.floor(pfn / ctx.geometry.pagesPerBlock));
  if (mem !== undefined) mem.nrHwpoison += 1;
  return 'ok';
}
