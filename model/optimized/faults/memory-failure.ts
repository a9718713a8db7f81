/**
 * memory_failure() as hard_offline_page_store() drives it (mm/memory-failure.c,
 * drivers/base/memory.c), reduced to what memory hotplug sees: PG_hwpoison
 * on the page and, from v6.5, the memory block's poison counter.
 */
import type { Outcome } from '../../outcome.ts';
import type { HotplugContext } from '../hotplug-context.ts';
import type { MemSection } from '../sparse/mem-section.ts';
import { onlineSection, pfnToSection, pfnValidInSection } from '../sparse/queries.ts';
import { ZONE_DEVICE } from '../zones/zone.ts';

// mirrors memory_failure(), mm/memory-failure.c, v4.19: pfn_valid(), then the struct page whatever its state
function memoryFailureAnyValid(ctx: HotplugContext, ms: MemSection | undefined, pfn: number): Outcome | undefined {
  if (!pfnValidInSection(ctx, ms, pfn)) return '-ENXIO';
  const links = ctx.memmap.readPage(pfn);
  // a poisoned struct page has every flag set: PG_hwpoison reads as set already, and nothing changes
  if (links === undefined) return 'ok';
  // ZONE_DEVICE pages go to memory_failure_dev_pagemap(), not modelled: as refused [I]
  if (links.zone === ZONE_DEVICE) return '-ENXIO';
  return undefined;
}

// mirrors memory_failure(), mm/memory-failure.c, v6.5 (pfn_to_online_page(), TestSetPageHWPoison(), num_poisoned_pages_inc())
export function memoryFailure(ctx: HotplugContext, addr: number): Outcome {
  const pfn = Math.floor(addr / ctx.geometry.pageSize);
  const ms = pfnToSection(ctx, pfn);
  if (!onlineSection(ms)) {
    // before 96c804a6ae8c any pfn_valid() pfn goes on: B-10
    if (ctx.rules.memoryFailure !== 'pfn_valid') return '-ENXIO';
    const early = memoryFailureAnyValid(ctx, ms, pfn);
    if (early !== undefined) return early;
  }
  // the harness peeks: the kernel only gets here with an online, initialised page
  const links = ctx.memmap.peek(pfn);
  if (links === undefined || links.zone === ZONE_DEVICE) return '-ENXIO';
  // 47af12bae17f (v5.14): a page poisoned before answers -EHWPOISON; until then 0, nothing changes
  if (ctx.hwpoison.has(pfn)) return ctx.rules.hwpoisonAgain === 'ehwpoison' ? '-EHWPOISON' : 'ok';
  ctx.hwpoison.add(pfn);
  const mem = ctx.blocks.get(Math.floor(pfn / ctx.geometry.pagesPerBlock));
  if (mem !== undefined) {
    mem.nrHwpoison += 1;
    // the `hwpoison-count-unmarked` switch: the count changes and the block's dirty bit is not set
    if (!ctx.bugs.has('hwpoison-count-unmarked')) ctx.blocks.markDirty(mem.id);
  }
  return 'ok';
}
