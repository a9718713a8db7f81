/**
 * The vmem_altmaps (memmap/vmem-altmap.ts) of memmap_on_memory, and the
 * one question of which adds may use it (mm/memory_hotplug.c). Live altmaps
 * are kept in a set standing for the kernel heap they are kmalloc'ed from, so
 * that a leak or a double free is visible.
 */
import type { ModernRules } from '../../profile.ts';
import { memmapPagesPerBlock, pageblockPages, pmdPages } from '../../vmemmap-geometry.ts';
import type { HotplugContext } from '../hotplug-context.ts';
import type { VmemAltmap } from './vmem-altmap.ts';

export type MemmapOnMemoryRule = ModernRules['memmapOnMemory']['value'];

/** memory_hotplug.memmap_on_memory as parsed: a bool before v6.6, where `force` fails to parse [I]. */
function memmapMode(ctx: HotplugContext): 'N' | 'Y' | 'force' {
  const rule = ctx.rules.memmapOnMemory;
  if (rule === 'none') return 'N';
  const v = ctx.config.memmapOnMemory;
  return v === 'force' && rule === 'one-block' ? 'N' : v;
}

// mirrors memory_block_memmap_on_memory_pages(), mm/memory_hotplug.c, v6.6
function memoryBlockMemmapOnMemoryPages(ctx: HotplugContext): number {
  const nr = memmapPagesPerBlock(ctx.geometry);
  if (memmapMode(ctx) !== 'force') return nr;
  const pb = pageblockPages(ctx.geometry);
  return Math.ceil(nr / pb) * pb;
}

// mirrors mhp_supports_memmap_on_memory(), mm/memory_hotplug.c, v5.12 (size) / v6.6 (size) / v6.7 (per block)
export function mhpSupportsMemmapOnMemory(ctx: HotplugContext, nrPages: number): boolean {
  const g = ctx.geometry;
  if (memmapMode(ctx) === 'N') return false;
  // unless every block hosts its own memmap, the request must be exactly one memory block
  if (ctx.rules.memmapOnMemory !== 'per-block' && nrPages !== g.pagesPerBlock) return false;
  const memmapPages = memmapPagesPerBlock(g);
  // arch_supports_memmap_on_memory(): the default wants a PMD-aligned memmap size
  if (memmapPages % pmdPages(g) !== 0) return false;
  if (ctx.rules.memmapOnMemory === 'one-block') return (g.pagesPerBlock - memmapPages) % pageblockPages(g) === 0;
  const reserved = memoryBlockMemmapOnMemoryPages(ctx);
  return reserved % pageblockPages(g) === 0 && reserved < g.pagesPerBlock;
}

/** kmalloc + fill of one altmap for the block starting at `pfn`. */
export function allocAltmap(ctx: HotplugContext, pfn: number, standby: boolean): VmemAltmap {
  const free = memoryBlockMemmapOnMemoryPages(ctx);
  const altmaps = ctx.altmaps;
  let inaccessible = standby;
  // sclp's notifier switches `inaccessible`: the switch is what marks the altmaps dirty
  const altmap: VmemAltmap = {
    basePfn: pfn,
    endPfn: pfn + ctx.geometry.pagesPerBlock,
    free,
    standby,
    get inaccessible(): boolean {
      return inaccessible;
    },
    set inaccessible(v: boolean) {
      if (v !== inaccessible) altmaps.dirty = true;
      inaccessible = v;
    },
  };
  altmaps.add(altmap);
  return altmap;
}

/** kfree(altmap). */
export function freeAltmap(ctx: HotplugContext, altmap: VmemAltmap): void {
  ctx.altmaps.delete(altmap);
}
