/**
 * Spec-level helpers the invariants use to read an observation: sections by
 * number, masks as bit sets, and the chunks a range is cut into at section
 * boundaries.
 */
import type { Geometry } from '../model/geometry.ts';
import { maskBits, type Observation, type SectionObservation } from '../model/observation.ts';

export function sectionMap(o: Observation): Map<number, SectionObservation> {
  return new Map(o.sections.map((s) => [s.nr, s]));
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

/** A piece of a pfn range inside one section, with the sub-sections it covers. */
export interface Chunk {
  readonly section: number;
  readonly subsections: ReadonlySet<number>;
}

/** Cuts [start, start+size) (bytes) at section boundaries; an empty range has no chunks. */
export function chunks(g: Geometry, start: number, size: number): Chunk[] {
  const out: Chunk[] = [];
  const first = start / g.pageSize;
  const end = first + size / g.pageSize;
  for (let pfn = first; pfn < end; ) {
    const section = Math.floor(pfn / g.pagesPerSection);
    const sectionEnd = (section + 1) * g.pagesPerSection;
    const chunkEnd = Math.min(end, sectionEnd);
    const lo = Math.floor((pfn - section * g.pagesPerSection) / g.pagesPerSubsection);
    const hi = Math.floor((chunkEnd - 1 - section * g.pagesPerSection) / g.pagesPerSubsection);
    const subsections = new Set<number>();
    for (let i = lo; i <= hi; i++) subsections.add(i);
    out.push({ section, subsections });
    pfn = chunkEnd;
  }
  return out;
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

export function sectionOrEmpty(m: Map<number, SectionObservation>, nr: number): SectionObservation {
  return m.get(nr) ?? { nr, ...EMPTY_SECTION };
}

const SECTION_KEYS = Object.keys(EMPTY_SECTION) as Array<keyof typeof EMPTY_SECTION>;

/** Equal in every field but the section number. */
export function sameSection(a: SectionObservation, b: SectionObservation): boolean {
  return SECTION_KEYS.every((k) => a[k] === b[k]);
}
