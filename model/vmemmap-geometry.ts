/**
 * Geometry facts memmap_on_memory needs: how many pages the memmap of one
 * memory block takes, and the PMD and pageblock sizes it is checked against.
 * Sizes only; which adds may use it is each implementation's business.
 */
import type { Geometry } from './geometry.ts';

/** Pages of memmap for one memory block: block pfns × sizeof(struct page), rounded up to pages (PFN_UP). */
export function memmapPagesPerBlock(g: Geometry): number {
  return Math.ceil((g.pagesPerBlock * g.structPageBytes) / g.pageSize);
}

/**
 * PMD_SIZE in pages: one page-table page of 8-byte entries maps
 * PAGE_SIZE / 8 pages (x86_64: 512 pages, 2 MiB) [I for 64K pages].
 */
export function pmdPages(g: Geometry): number {
  return g.pageSize / 8;
}

/** pageblock_nr_pages: one PMD-sized huge page on x86_64 (order 9) [I elsewhere]. */
export function pageblockPages(g: Geometry): number {
  return pmdPages(g);
}
