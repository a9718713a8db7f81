/**
 * pfn ↔ section arithmetic. pfns reach 2^40 and section numbers 2^32, past
 * what 32-bit bitwise operators hold, so everything here divides instead of
 * shifting; doubles are exact up to 2^53, far beyond any pfn.
 */
import type { Geometry } from '../../geometry.ts';

/**
 * ULONG_MAX as a pfn: what `pfn + nr - 1` becomes for pfn = nr = 0. Not exact
 * in a double, but only ever compared with NR_MEM_SECTIONS-sized numbers.
 */
export const PFN_WRAPPED = 2 ** 64 - 1;

// mirrors pfn_to_section_nr(), include/linux/mmzone.h, v5.3
export function pfnToSectionNr(g: Geometry, pfn: number): number {
  return Math.floor(pfn / g.pagesPerSection);
}

// mirrors section_nr_to_pfn(), include/linux/mmzone.h, v5.3
export function sectionNrToPfn(g: Geometry, sectionNr: number): number {
  return sectionNr * g.pagesPerSection;
}

// mirrors subsection_map_index(), include/linux/mmzone.h, v5.3
export function subsectionMapIndex(g: Geometry, pfn: number): number {
  return Math.floor((pfn % g.pagesPerSection) / g.pagesPerSubsection);
}

/** `pfn + nr - 1` in unsigned long: the loops that walk to the last section rely on the wrap. */
export function lastPfnUnsigned(pfn: number, nr: number): number {
  return pfn + nr === 0 ? PFN_WRAPPED : pfn + nr - 1;
}

/** Pages left from `pfn` to the end of its section: the chunk size bound of every per-section loop. */
export function pfnsToSectionEnd(g: Geometry, pfn: number): number {
  return g.pagesPerSection - (pfn % g.pagesPerSection);
}
