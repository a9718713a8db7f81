/**
 * mm/memory_hotplug.c, __remove_pages() and __remove_section() in their
 * section (v4.19) and sub-section (v5.3+) shapes.
 */
import type { Outcome } from '../../outcome.ts';
import type { SparseContext } from '../context.ts';
import type { MemSection } from '../sparse/mem-section.ts';
import { pfnsToSectionEnd, pfnToSectionNr, sectionNrToPfn } from '../sparse/pfn.ts';
import { checkPfnSpan } from './pfn-span.ts';
import { validSection } from '../sparse/queries.ts';
import { sparseRemoveOneSection, sparseRemoveSection } from '../sparse/remove.ts';

/** A section looked up for removal: undefined past NR_MEM_SECTIONS or under a missing root. */
function sectionForRemoval(ctx: SparseContext, sectionNr: number): MemSection | undefined {
  return sectionNr < ctx.geometry.nrMemSections ? ctx.table.nrToSection(sectionNr) : undefined;
}

/**
 * The next section that could be valid after the invalid `sectionNr`. Every
 * section under a missing root, and every one past mem_section[], answers the
 * same as this one, so a petabyte-long remove over nothing costs one step
 * per allocated root rather than one per section or per root.
 */
function nextCandidateSection(ctx: SparseContext, sectionNr: number): number {
  if (sectionNr + 1 >= ctx.geometry.nrMemSections) return Number.POSITIVE_INFINITY;
  return ctx.table.nextRootedSection(sectionNr + 1);
}

type SectionRemoval = 'ok' | 'WARN' | 'invalid';

// mirrors __remove_section(), mm/memory_hotplug.c, v5.3 (the caller turns 'invalid' into the profile's WARN or -EINVAL)
function removeSection(ctx: SparseContext, pfn: number, nrPages: number): SectionRemoval {
  const ms = sectionForRemoval(ctx, pfnToSectionNr(ctx.geometry, pfn));
  if (ms === undefined || !validSection(ms)) return 'invalid';
  return sparseRemoveSection(ctx, ms, pfn, nrPages);
}

// mirrors __remove_pages(), mm/memory_hotplug.c, v5.3
function removePagesSubsections(ctx: SparseContext, pfn: number, nrPages: number): Outcome {
  if (checkPfnSpan(ctx, pfn, nrPages) !== 0) return 'WARN';
  const g = ctx.geometry;
  const endPfn = pfn + nrPages;
  let warned = false;
  while (pfn < endPfn) {
    const pfns = Math.min(endPfn - pfn, pfnsToSectionEnd(g, pfn));
    const res = removeSection(ctx, pfn, pfns);
    if (res === 'invalid') {
      if (ctx.rules.removeInvalid === 'einval-break') return '-EINVAL';
      warned = true;
      const next = nextCandidateSection(ctx, pfnToSectionNr(g, pfn));
      pfn = Number.isFinite(next) ? Math.max(pfn + pfns, sectionNrToPfn(g, next)) : endPfn;
      continue;
    }
    if (res === 'WARN') warned = true;
    pfn += pfns;
  }
  return warned ? 'WARN' : 'ok';
}

// mirrors __remove_pages(), mm/memory_hotplug.c, v4.19
function removePagesSections(ctx: SparseContext, pfn: number, nrPages: number): Outcome {
  const g = ctx.geometry;
  // BUG_ON(): this generation could only take whole sections apart
  if (pfn % g.pagesPerSection !== 0 || nrPages % g.pagesPerSection !== 0) return 'BUG';
  const first = pfnToSectionNr(g, pfn);
  const end = first + nrPages / g.pagesPerSection;
  let warned = false;
  for (let nr = first; nr < end; ) {
    // __remove_section(), v4.19: an invalid section is -EINVAL
    const ms = sectionForRemoval(ctx, nr);
    if (ms === undefined || !validSection(ms)) {
      if (ctx.rules.removeInvalid === 'einval-break') return '-EINVAL';
      warned = true;
      nr = Math.min(end, nextCandidateSection(ctx, nr));
      continue;
    }
    sparseRemoveOneSection(ms);
    nr++;
  }
  return warned ? 'WARN' : 'ok';
}

/** __remove_pages(pfn, nr) under the machine's profile. */
export function removePages(ctx: SparseContext, pfn: number, nrPages: number): Outcome {
  return ctx.rules.hotplug === 'section'
    ? removePagesSections(ctx, pfn, nrPages)
    : removePagesSubsections(ctx, pfn, nrPages);
}
