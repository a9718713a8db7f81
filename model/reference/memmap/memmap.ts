/**
 * The memmap state (struct page contents) of every sub-section that has a
 * memmap: `uninit` or `init(zone, nid)`. Kept per sub-section, because every
 * rule of docs/blocks-and-zones.md works in whole sub-sections.
 *
 * As the spec says, every pfn of a present section has a memmap state, and
 * pfns of sections that are not present have none. A sub-section without an
 * entry is `uninit` (e.g. the sub-sections of a hot-added section that no add
 * covered). Entries of sections that are no longer present are dropped by
 * pruneMemmap(), so a section that comes back starts `uninit`.
 */
import type { Geometry } from '../../geometry.ts';
import { peekSection, type MemmapState, type RefMachine } from '../state.ts';

export function subsectionOfPfn(g: Geometry, pfn: number): number {
  return Math.floor(pfn / g.pagesPerSubsection);
}

export function firstPfnOfSubsection(g: Geometry, ss: number): number {
  return ss * g.pagesPerSubsection;
}

/** The sub-sections (global numbers) that the pfn range [pfn, end) touches, in order. */
export function subsectionsOfRange(g: Geometry, pfn: number, end: number): number[] {
  const out: number[] = [];
  if (end <= pfn) return out;
  const last = subsectionOfPfn(g, end - 1);
  for (let ss = subsectionOfPfn(g, pfn); ss <= last; ss++) out.push(ss);
  return out;
}

/** True when the pfns of sub-section `ss` have a memmap state: its section is present. */
export function hasMemmap(m: RefMachine, ss: number): boolean {
  const s = peekSection(m, Math.floor(ss / m.geometry.subsectionsPerSection));
  return s !== undefined && s.present;
}

/** The memmap state without counting anything (observation); undefined when there is no memmap. */
export function peekMemmap(m: RefMachine, ss: number): MemmapState | undefined {
  if (!hasMemmap(m, ss)) return undefined;
  return m.memmap.get(ss) ?? 'uninit';
}

/**
 * A rule reads the zone or nid of `pages` pfns of sub-section `ss`: an
 * uninitialised memmap counts `pages` uninitReads and answers 'uninit' (the
 * value is unknown; the caller says what the kernel then does). A pfn with no
 * memmap at all (its section is gone; only bare remove_pages can lead a rule
 * there) reads freed struct pages: counted and answered as 'uninit' too.
 */
export function readSubsectionMemmap(m: RefMachine, ss: number, pages: number): MemmapState {
  const state = peekMemmap(m, ss) ?? 'uninit';
  if (state === 'uninit') m.uninitReads += pages;
  return state;
}

/** A rule reads the zone or nid of one pfn. */
export function readMemmap(m: RefMachine, pfn: number): MemmapState {
  return readSubsectionMemmap(m, subsectionOfPfn(m.geometry, pfn), 1);
}

/** Sets the memmap of every sub-section of [pfn, end) that has one. */
export function setMemmap(m: RefMachine, pfn: number, end: number, state: MemmapState): void {
  for (const ss of subsectionsOfRange(m.geometry, pfn, end)) {
    if (hasMemmap(m, ss)) {
      m.memmap.set(ss, state);
      m.touched.memmapOf(Math.floor(ss / m.geometry.subsectionsPerSection));
    }
  }
}

/** Drops the state of sub-sections whose section is no longer present (after __remove_pages). */
export function pruneMemmap(m: RefMachine): void {
  for (const ss of [...m.memmap.keys()]) {
    if (!hasMemmap(m, ss)) {
      m.memmap.delete(ss);
      m.touched.memmapOf(Math.floor(ss / m.geometry.subsectionsPerSection));
    }
  }
}

/** Every sub-section with a memmap, ascending. */
export function subsectionsWithMemmap(m: RefMachine): number[] {
  const g = m.geometry;
  const out: number[] = [];
  for (const nr of [...m.sections.keys()].sort((a, b) => a - b)) {
    for (let i = 0; i < g.subsectionsPerSection; i++) {
      const ss = nr * g.subsectionsPerSection + i;
      if (hasMemmap(m, ss)) out.push(ss);
    }
  }
  return out;
}

export function sameState(a: MemmapState | undefined, b: MemmapState | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a === 'uninit' || b === 'uninit') return a === b;
  return a.zone === b.zone && a.nid === b.nid;
}

export function stateText(state: MemmapState): string {
  return state === 'uninit' ? 'uninit' : `${state.zone}/${state.nid}`;
}
