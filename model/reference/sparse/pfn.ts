/**
 * pfn / section / sub-section arithmetic in plain doubles. pfns and section
 * numbers can exceed 2^31, so only Math.floor and `%` are used, never bitwise
 * operators.
 */
import type { Geometry } from '../../geometry.ts';

export function sectionOfPfn(g: Geometry, pfn: number): number {
  return Math.floor(pfn / g.pagesPerSection);
}

export function firstPfnOfSection(g: Geometry, nr: number): number {
  return nr * g.pagesPerSection;
}

/** Index of the pfn's sub-section inside its own section. */
export function subsectionIndex(g: Geometry, pfn: number): number {
  return Math.floor((pfn % g.pagesPerSection) / g.pagesPerSubsection);
}

/** Every sub-section index of a section: 0 .. SPS - 1. */
export function allSubsections(g: Geometry): Set<number> {
  const all = new Set<number>();
  for (let i = 0; i < g.subsectionsPerSection; i++) all.add(i);
  return all;
}

/**
 * Sub-sections from index(pfn) to index(pfn + nr - 1) inclusive, for a range
 * inside one section; empty when nr = 0 (mirrors subsection_mask_set()).
 */
export function subsectionMask(g: Geometry, pfn: number, nr: number): Set<number> {
  const mask = new Set<number>();
  if (nr === 0) return mask;
  const first = subsectionIndex(g, pfn);
  const last = subsectionIndex(g, pfn + nr - 1);
  for (let i = first; i <= last; i++) mask.add(i);
  return mask;
}

export function intersects(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

export function isSubset(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

export function isMultiple(value: number, unit: number): boolean {
  return value % unit === 0;
}

/** One piece of a range cut at section boundaries: [pfn, pfn + nr) inside one section. */
export interface Chunk {
  readonly pfn: number;
  readonly nr: number;
}

/** The chunk length the kernel loops compute: min(remaining, PPS - pfn mod PPS). */
export function chunkLength(g: Geometry, pfn: number, remaining: number): number {
  return Math.min(remaining, g.pagesPerSection - (pfn % g.pagesPerSection));
}

/** Chunks while pfn_k < pfn + nr: an empty range gives none. Lazy, as ranges can span 2^25 sections. */
export function* chunksWhileBelowEnd(g: Geometry, pfn: number, nr: number): Generator<Chunk> {
  const end = pfn + nr;
  let p = pfn;
  while (p < end) {
    const len = chunkLength(g, p, end - p);
    yield { pfn: p, nr: len };
    p += len;
  }
}

/**
 * The sections section(pfn) .. section(pfn + nr - 1) of the start_sec..end_sec
 * loops. `pfn + nr - 1` is unsigned: pfn = nr = 0 wraps to the last pfn of the
 * 64-bit space, which no section table reaches, so `last` is Infinity then.
 * An empty walk has last < first.
 */
export function sectionWalk(g: Geometry, pfn: number, nr: number): { first: number; last: number } {
  const first = sectionOfPfn(g, pfn);
  if (pfn === 0 && nr === 0) return { first, last: Number.POSITIVE_INFINITY };
  return { first, last: sectionOfPfn(g, pfn + nr - 1) };
}

/**
 * Chunks of the start_sec..end_sec loop: one per section of sectionWalk(),
 * `nr_k = min(remaining, PPS - pfn_k mod PPS)`. With nr = 0 and pfn not
 * section aligned this is one chunk of length 0.
 */
export function* chunksBySectionWalk(g: Geometry, pfn: number, nr: number): Generator<Chunk> {
  const { first, last } = sectionWalk(g, pfn, nr);
  // The wrapped walk indexes past mem_section[]; callers answer BUG/-E2BIG before walking.
  if (!Number.isFinite(last)) throw new Error('reference: wrapped section walk must be refused before walking');
  let p = pfn;
  let remaining = nr;
  for (let s = first; s <= last; s++) {
    const len = chunkLength(g, p, remaining);
    yield { pfn: p, nr: len };
    p += len;
    remaining -= len;
  }
}
