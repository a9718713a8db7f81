/**
 * mm/memory_hotplug.c, __add_pages(): the bounds checks and the per-section
 * walk in each of its profile shapes.
 */
import { beyondCapacity } from '../../capacity.ts';
import type { Outcome } from '../../outcome.ts';
import type { SparseContext } from '../context.ts';
import { E2BIG, EEXIST, errToOutcome } from '../errno.ts';
import { lastPfnUnsigned, pfnsToSectionEnd, pfnToSectionNr, sectionNrToPfn } from '../sparse/pfn.ts';
import { checkPfnSpan } from './pfn-span.ts';
import { pfnValid } from '../sparse/queries.ts';
import { sparseAddOneSection, sparseAddSection } from '../sparse/add.ts';

const U64_RANGE = 2 ** 64;

/** The chunks one __add_pages() call activated, so a caller can take exactly those back (or poison them). */
export type AddedChunks = Array<{ readonly pfn: number; readonly nr: number }>;

/** First and last section a walk visits; none when last < first. */
interface SectionSpan {
  readonly first: number;
  readonly last: number;
}

// mirrors check_hotplug_memory_addressable(), mm/memory_hotplug.c, v5.5 (merge release as profiled, unverified)
function checkHotplugMemoryAddressable(ctx: SparseContext, pfn: number, nrPages: number): number {
  const g = ctx.geometry;
  // the exclusive end, reduced mod 2^64 like PFN_PHYS() in a u64; both terms are exact in a double
  let end = (pfn + nrPages) * g.pageSize;
  if (end >= U64_RANGE) end -= U64_RANGE;
  // last byte = end - 1, so `last >= 2^bits` is `end > 2^bits`, and end 0 is the wrap to U64_MAX
  if (end === 0 || end > 2 ** g.maxPhysmemBits) return E2BIG;
  return 0;
}

/** The sections the profile's loop visits; only nr = 0 tells the two loop shapes apart. */
function walkSpan(ctx: SparseContext, pfn: number, nrPages: number): SectionSpan {
  const g = ctx.geometry;
  const first = pfnToSectionNr(g, pfn);
  if (ctx.rules.hotplug === 'subsection' && ctx.rules.addLoop === 'pfns' && nrPages === 0) {
    return { first, last: first - 1 };
  }
  return { first, last: pfnToSectionNr(g, lastPfnUnsigned(pfn, nrPages)) };
}

// mirrors __add_section(), mm/memory_hotplug.c, v4.19
function addSection(ctx: SparseContext, nid: number, physStartPfn: number): number {
  if (pfnValid(ctx, physStartPfn)) return EEXIST;
  return sparseAddOneSection(ctx, nid, physStartPfn);
}

// mirrors __add_pages(), mm/memory_hotplug.c, v4.19
function addPagesSections(ctx: SparseContext, nid: number, span: SectionSpan, added: AddedChunks): number {
  let err = 0;
  for (let nr = span.first; nr <= span.last; nr++) {
    err = addSection(ctx, nid, sectionNrToPfn(ctx.geometry, nr));
    if (err === 0) added.push({ pfn: sectionNrToPfn(ctx.geometry, nr), nr: ctx.geometry.pagesPerSection });
    // a double add was left to the iomem resource collision check, so it is not an error here
    if (err !== 0 && err !== EEXIST) break;
    err = 0;
  }
  return err;
}

/** The `swallow-eexist` bug switch: the pre-v5.3 habit of going on past -EEXIST, kept by mistake. */
function swallowed(ctx: SparseContext, err: number): boolean {
  return ctx.bugs.has('swallow-eexist') && err === EEXIST;
}

// mirrors __add_pages(), mm/memory_hotplug.c, v5.3
function addPagesSubsectionsBySection(
  ctx: SparseContext,
  nid: number,
  pfn: number,
  nrPages: number,
  span: SectionSpan,
  added: AddedChunks,
): number {
  let err = 0;
  for (let nr = span.first; nr <= span.last; nr++) {
    const pfns = Math.min(nrPages, pfnsToSectionEnd(ctx.geometry, pfn));
    err = sparseAddSection(ctx, nid, pfn, pfns);
    if (err === 0) added.push({ pfn, nr: pfns });
    pfn += pfns;
    nrPages -= pfns;
    if (err !== 0) {
      if (swallowed(ctx, err)) {
        err = 0;
        continue;
      }
      break;
    }
  }
  return err;
}

// mirrors __add_pages(), mm/memory_hotplug.c, v5.10 (the pfn-driven loop the v5.5 profile pins)
function addPagesSubsectionsByPfn(ctx: SparseContext, nid: number, pfn: number, nrPages: number, added: AddedChunks): number {
  const endPfn = pfn + nrPages;
  let err = 0;
  let pfns = 0;
  for (; pfn < endPfn; pfn += pfns) {
    pfns = Math.min(endPfn - pfn, pfnsToSectionEnd(ctx.geometry, pfn));
    err = sparseAddSection(ctx, nid, pfn, pfns);
    if (err === 0) added.push({ pfn, nr: pfns });
    if (err !== 0) {
      if (swallowed(ctx, err)) {
        err = 0;
        continue;
      }
      break;
    }
  }
  return err;
}

/**
 * Not a kernel check: refuses a walk that would leave the machine holding
 * more sections than the model represents (model/capacity.ts). Runs where
 * the walk would start, after every check the kernel makes first.
 */
export function refuseBeyondCapacity(ctx: SparseContext, span: SectionSpan): void {
  const limit = ctx.heldSectionLimit;
  if (span.last < span.first || !Number.isFinite(limit)) return;
  const { table } = ctx;
  const held = table.heldSectionsIn(0, Number.POSITIVE_INFINITY);
  const after = held + (span.last - span.first + 1) - table.heldSectionsIn(span.first, span.last);
  if (after > limit) throw beyondCapacity('the add', after, limit);
}

/** __add_pages(nid, pfn, nr) under the machine's profile; `added` collects the chunks it activated. */
export function addPages(ctx: SparseContext, nid: number, pfn: number, nrPages: number, added: AddedChunks = []): Outcome {
  const { rules, geometry } = ctx;
  if (rules.addressCheck === 'e2big') {
    const err = checkHotplugMemoryAddressable(ctx, pfn, nrPages);
    if (err !== 0) return errToOutcome(err);
  }
  const span = walkSpan(ctx, pfn, nrPages);
  // without the bounds check the kernel indexes past mem_section[]; refuse before touching anything.
  // With it this is only reachable when start + size itself wraps past 2^64, which the check cannot see.
  const pastTable = span.last >= span.first && span.last >= geometry.nrMemSections;

  if (rules.hotplug === 'section') {
    if (pastTable) return 'BUG';
    refuseBeyondCapacity(ctx, span);
    return errToOutcome(addPagesSections(ctx, nid, span, added));
  }

  // v5.3 checks the span before its walk reaches any section
  const spanErr = checkPfnSpan(ctx, pfn, nrPages);
  if (spanErr !== 0) return errToOutcome(spanErr);
  if (pastTable) return 'BUG';
  refuseBeyondCapacity(ctx, span);
  const err =
    rules.addLoop === 'sections'
      ? addPagesSubsectionsBySection(ctx, nid, pfn, nrPages, span, added)
      : addPagesSubsectionsByPfn(ctx, nid, pfn, nrPages, added);
  return errToOutcome(err);
}
