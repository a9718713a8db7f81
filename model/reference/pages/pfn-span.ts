// mirrors check_pfn_span(), mm/memory_hotplug.c, v5.3
import { isMultiple } from '../sparse/pfn.ts';
import type { RefMachine } from '../state.ts';

/** Sub-section granularity needs VMEMMAP; otherwise hotplug stays section-granular. */
export function pfnSpanOk(m: RefMachine, pfn: number, nr: number): boolean {
  const g = m.geometry;
  const unit = m.config.vmemmap ? g.pagesPerSubsection : g.pagesPerSection;
  return isMultiple(pfn, unit) && isMultiple(nr, unit);
}
