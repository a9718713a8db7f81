/**
 * __add_pages() / __remove_pages() as the hotplug callers use them: the
 * struct pages of what was added are poisoned (sparse_add_section() does it
 * per chunk), a failed add is taken back chunk by chunk (the arch_add_memory
 * failure path), and the memmap of a section that is gone is dropped.
 */
import type { Outcome } from '../../outcome.ts';
import { addPages, type AddedChunks } from './add-pages.ts';
import type { HotplugContext } from '../hotplug-context.ts';
import { pfnToSectionNr } from '../sparse/pfn.ts';
import { presentSection } from '../sparse/queries.ts';
import { removePages } from './remove-pages.ts';

/**
 * The first section number of [pfn, pfn + nr) at or after `nr` that has a
 * mem_section root (nothing under a missing root exists), or -1 past the
 * range: the walk of the two helpers below, without a callback.
 */
function nextRootedSection(ctx: HotplugContext, nr: number, last: number): number {
  const next = ctx.table.nextRootedSection(nr);
  return next <= last && next < ctx.geometry.nrMemSections ? next : -1;
}

/** Forgets the memmap of every section of [pfn, pfn + nr) that is no longer present. */
function dropGoneMemmap(ctx: HotplugContext, pfn: number, nrPages: number): void {
  if (nrPages <= 0) return;
  const g = ctx.geometry;
  const last = pfnToSectionNr(g, pfn + nrPages - 1);
  for (let nr = nextRootedSection(ctx, pfnToSectionNr(g, pfn), last); nr >= 0; nr = nextRootedSection(ctx, nr + 1, last)) {
    if (!presentSection(ctx.table.nrToSection(nr))) ctx.memmap.dropSection(nr);
  }
}

/** The nid of every present section of [pfn, pfn + nr), so a failed add can put them back. */
function presentSectionNids(ctx: HotplugContext, pfn: number, nrPages: number): Map<number, number> {
  const nids = new Map<number, number>();
  if (nrPages <= 0) return nids;
  const g = ctx.geometry;
  const last = pfnToSectionNr(g, pfn + nrPages - 1);
  for (let nr = nextRootedSection(ctx, pfnToSectionNr(g, pfn), last); nr >= 0; nr = nextRootedSection(ctx, nr + 1, last)) {
    const ms = ctx.table.nrToSection(nr);
    if (ms !== undefined && presentSection(ms)) nids.set(nr, ms.nid);
  }
  return nids;
}

/** __remove_pages() plus the memmap bookkeeping. */
export function hotRemovePages(ctx: HotplugContext, pfn: number, nrPages: number): Outcome {
  const ret = removePages(ctx, pfn, nrPages);
  dropGoneMemmap(ctx, pfn, nrPages);
  return ret;
}

/** __add_pages() as a bare step: whatever it activated has poisoned struct pages, even when it then failed. */
export function hotAddPages(ctx: HotplugContext, nid: number, pfn: number, nrPages: number): Outcome {
  const added: AddedChunks = [];
  const ret = addPages(ctx, nid, pfn, nrPages, added);
  for (const c of added) ctx.memmap.poisonRange(c.pfn, c.nr);
  return ret;
}

// mirrors arch_add_memory(), arch/x86/mm/init_64.c, v5.5, with add_memory_resource()'s cleanup of a failed add
export function archAddMemory(ctx: HotplugContext, nid: number, pfn: number, nrPages: number): Outcome {
  const added: AddedChunks = [];
  const nids = presentSectionNids(ctx, pfn, nrPages);
  const ret = addPages(ctx, nid, pfn, nrPages, added);
  if (ret !== 'ok') {
    // take back exactly the chunks this call activated, newest first
    for (let i = added.length - 1; i >= 0; i--) {
      const c = added[i];
      if (c !== undefined) hotRemovePages(ctx, c.pfn, c.nr);
    }
    // set_section_nid() of a chunk added to a section that stays present is taken back too
    for (const [nr, was] of nids) {
      const ms = ctx.table.nrToSection(nr);
      if (presentSection(ms) && ms !== undefined) ms.nid = was;
    }
    return ret;
  }
  for (const c of added) ctx.memmap.poisonRange(c.pfn, c.nr);
  return ret;
}
