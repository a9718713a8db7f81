/** The alignment rule both hotplug directions share since sub-section hotplug. */
import type { SparseContext } from '../context.ts';
import { EINVAL } from '../errno.ts';

// mirrors check_pfn_span(), mm/memory_hotplug.c, v5.3
export function checkPfnSpan(ctx: SparseContext, pfn: number, nrPages: number): number {
  const g = ctx.geometry;
  // sub-section granularity needs vmemmap: the classic memmap cannot be split below a section
  // the `subsection-without-vmemmap` switch forgets that (the B-16 proposal's hazard)
  const minAlign = ctx.config.vmemmap || ctx.bugs.has('subsection-without-vmemmap') ? g.pagesPerSubsection : g.pagesPerSection;
  if (pfn % minAlign !== 0 || nrPages % minAlign !== 0) return EINVAL;
  return 0;
}
