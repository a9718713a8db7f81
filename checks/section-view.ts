/**
 * Spec-level helpers the invariants use to read an observation: sections by
 * number, masks as bit sets, and the chunks a range is cut into at section
 * boundaries.
 */
import type { Geometry } from '../model/geometry.ts';
import { maskBits, type Observation, type SectionObservation } from '../model/observation.ts';

/** Built once per observation (observations are immutable values); callers only read it. */
const sectionMaps = new WeakMap<Observation, ReadonlyMap<number, SectionObservation>>();

export function sectionMap(o: Observation): ReadonlyMap<number, SectionObservation> {
  let m = sectionMaps.get(o);
  if (m === undefined) {
    m = new Map(o.sections.map((s) => [s.nr, s]));
    sectionMaps.set(o, m);
  }
  return m;
}

/** Parsed masks: a run sees few distinct ones, and every section check parses three or four per section. */
const parsed = new Map<string, ReadonlySet<number>>();

export function bitSet(mask: string): ReadonlySet<number> {
  let set = parsed.get(mask);
  if (set === undefined) {
    if (parsed.size >= 4096) parsed.clear();
    set = new Set(maskBits(mask));
    parsed.set(mask, set);
  }
  return set;
}

export function isEmptyMask(mask: string): boolean {
  return mask === '0x0';
}

export function isSubset(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

export function intersects(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  for (const x of a) if (b.has(x)) return true;
  return false;
}

export function sameSet(a: ReadonlySet<number>, b: ReadonlySet<number>): boolean {
  return a.size === b.size && isSubset(a, b);
}

const fullSets = new Map<number, ReadonlySet<number>>();

export function fullSet(g: Geometry): ReadonlySet<number> {
  let set = fullSets.get(g.subsectionsPerSection);
  if (set === undefined) {
    set = new Set(Array.from({ length: g.subsectionsPerSection }, (_, i) => i));
    fullSets.set(g.subsectionsPerSection, set);
  }
  return set;
}

/**
 * The sections a byte range [start, start+size) touches, cut at section
 * boundaries: one chunk per section from `first` to `last`, every chunk but
 * the first and the last covering its whole section. Empty (last < first)
 * when size is 0. Kept as arithmetic so that a range of 2^25 sections costs
 * nothing until a check looks at a section the observation holds.
 */
export interface SectionRange {
  readonly first: number;
  readonly last: number;
  /** First and one-past-last pfn of the range. */
  readonly startPfn: number;
  readonly endPfn: number;
}

export function sectionRange(g: Geometry, start: number, size: number): SectionRange {
  const startPfn = start / g.pageSize;
  const endPfn = startPfn + size / g.pageSize;
  const first = Math.floor(startPfn / g.pagesPerSection);
  const last = endPfn > startPfn ? Math.floor((endPfn - 1) / g.pagesPerSection) : first - 1;
  return { first, last, startPfn, endPfn };
}

export function inRange(r: SectionRange, nr: number): boolean {
  return nr >= r.first && nr <= r.last;
}

/** Number of chunks (sections) of the range. */
export function chunkCount(r: SectionRange): number {
  return Math.max(0, r.last - r.first + 1);
}

/** The sub-sections the range covers in section `nr` (one of its sections). */
export function chunkSubsections(g: Geometry, r: SectionRange, nr: number): ReadonlySet<number> {
  const base = nr * g.pagesPerSection;
  const lo = Math.floor((Math.max(r.startPfn, base) - base) / g.pagesPerSubsection);
  const hi = Math.floor((Math.min(r.endPfn, base + g.pagesPerSection) - 1 - base) / g.pagesPerSubsection);
  if (lo === 0 && hi === g.subsectionsPerSection - 1) return fullSet(g);
  const subsections = new Set<number>();
  for (let i = lo; i <= hi; i++) subsections.add(i);
  return subsections;
}

/** Section numbers either observation holds, ascending. */
export function heldSections(a: ReadonlyMap<number, SectionObservation>, b: ReadonlyMap<number, SectionObservation>): number[] {
  const xs = [...a.keys()];
  const ys = [...b.keys()];
  if (!increasing(xs) || !increasing(ys)) return [...new Set([...xs, ...ys])].sort((x, y) => x - y);
  // both ascending (as observations list sections): merged, each number once
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < xs.length || j < ys.length) {
    const x = i < xs.length ? xs[i]! : Infinity;
    const y = j < ys.length ? ys[j]! : Infinity;
    out.push(Math.min(x, y));
    if (x <= y) i++;
    if (y <= x) j++;
  }
  return out;
}

function increasing(xs: readonly number[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1]! >= xs[i]!) return false;
  return true;
}

/** The empty section as the observation omits it. */
export const EMPTY_SECTION: Omit<SectionObservation, 'nr'> = {
  nid: -1,
  present: false,
  hasMemMap: false,
  online: false,
  early: false,
  usage: 'none',
  subsectionMap: '0x0',
  memmapBoot: '0x0',
  memmapHotplug: '0x0',
  pfnValid: '0x0',
};

export function sectionOrEmpty(m: ReadonlyMap<number, SectionObservation>, nr: number): SectionObservation {
  return m.get(nr) ?? { nr, ...EMPTY_SECTION };
}

const SECTION_KEYS = Object.keys(EMPTY_SECTION) as Array<keyof typeof EMPTY_SECTION>;

/** Equal in every field but the section number. */
export function sameSection(a: SectionObservation, b: SectionObservation): boolean {
  // an observation built on top of the previous one shares the records a step left alone
  return a === b || SECTION_KEYS.every((k) => a[k] === b[k]);
}
