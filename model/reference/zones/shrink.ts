/**
 * Zone and node span shrinking: the v5.5 form (at offline, sub-section steps)
 * and the pre-v5.5 form (at remove, per section).
 */
import type { ZoneName } from '../../step.ts';
import { readMemmap } from '../memmap/memmap.ts';
import { firstPfnOfSection, sectionOfPfn } from '../sparse/pfn.ts';
import { peekSection, type RefMachine, type RefNode, type RefSection, type RefZone } from '../state.ts';
import { isOnlinePage, pfnValid } from '../sparse/queries.ts';
import { nodeOf } from './zone.ts';

/**
 * A shrink candidate: the pfn is online (its section is online: no memmap
 * read) — or, before 7ce700bf11b5, merely pfn_valid() — then its memmap is
 * read once for nid and zone. An uninitialised memmap counts a read and never
 * matches. `zone` undefined: every zone matches (node spans).
 */
function candidate(m: RefMachine, pfn: number, nid: number, zone: ZoneName | undefined): boolean {
  if (m.rules.shrinkWalker === 'pfn_valid') {
    // before 7ce700bf11b5 any pfn_valid() page is read, offline (poisoned) ones too
    if (!pfnValid(m, pfn)) return false;
  } else if (!isOnlinePage(m, pfn)) {
    return false;
  }
  const state = readMemmap(m, pfn);
  if (state === 'uninit') return false;
  if (state.nid !== nid) return false;
  return zone === undefined || state.zone === zone;
}

function makeEmpty(span: { start: number; spanned: number }): void {
  span.start = 0;
  span.spanned = 0;
}

/**
 * The edge rule shared by every form: `[pfn, end)` leaves the span; when it
 * is at the start, the first candidate in [end, spanEnd) stepping by `step`
 * is the new start; when it is at the end, the last candidate in
 * [spanStart, pfn) stepping back by `step` from pfn - 1 gives the new end.
 * None ⇒ empty. Strictly inside ⇒ unchanged.
 */
function shrinkEdges(
  m: RefMachine,
  span: RefZone | RefNode,
  pfn: number,
  end: number,
  step: number,
  nid: number,
  zone: ZoneName | undefined,
): void {
  m.touched.part('nodes');
  if (span.spanned === 0) return;
  const spanEnd = span.start + span.spanned;
  if (span.start === pfn) {
    // the pfns end + k*step below spanEnd, ascending; only those in online sections can be candidates
    for (const nr of walkedSections(m, end, spanEnd, 'up')) {
      const first = firstPfnOfSection(m.geometry, nr);
      const from = first <= end ? end : end + Math.ceil((first - end) / step) * step;
      const to = Math.min(first + m.geometry.pagesPerSection, spanEnd);
      for (let p = from; p < to; p += step) {
        if (candidate(m, p, nid, zone)) {
          span.spanned = spanEnd - p;
          span.start = p;
          return;
        }
      }
    }
    makeEmpty(span);
  } else if (spanEnd === end) {
    // the pfns pfn - 1 - k*step from span.start on, descending
    for (const nr of walkedSections(m, span.start, pfn, 'down')) {
      const first = firstPfnOfSection(m.geometry, nr);
      const last = first + m.geometry.pagesPerSection - 1;
      const from = last >= pfn - 1 ? pfn - 1 : pfn - 1 - Math.ceil((pfn - 1 - last) / step) * step;
      const to = Math.max(first, span.start);
      for (let p = from; p >= to; p -= step) {
        if (candidate(m, p, nid, zone)) {
          span.spanned = p + 1 - span.start;
          return;
        }
      }
    }
    makeEmpty(span);
  }
}

/** Whether a pfn of this section can be a candidate: online, or under [shrinkWalker=pfn_valid] valid (pfn_valid() needs a memmap). */
function walked(m: RefMachine, s: RefSection | undefined): boolean {
  if (s === undefined) return false;
  return m.rules.shrinkWalker === 'pfn_valid' ? s.present && s.hasMemMap : s.online;
}

/**
 * Numbers of the sections that meet [from, to) and can hold a candidate, in
 * the order the walk visits them. A pfn of any other section is never a
 * candidate and costs no memmap read, so the walk skips those sections whole:
 * the same answer and the same reads as stepping over every pfn of the span.
 * Short spans are walked section by section (the walk usually stops at the
 * first); spans with more sections than the machine has come from its
 * section map.
 */
function* walkedSections(m: RefMachine, from: number, to: number, order: 'up' | 'down'): Generator<number> {
  if (to <= from) return;
  const lo = sectionOfPfn(m.geometry, from);
  const hi = sectionOfPfn(m.geometry, to - 1);
  if (hi - lo + 1 <= m.sections.size) {
    for (let i = 0; i <= hi - lo; i++) {
      const nr = order === 'up' ? lo + i : hi - i;
      if (walked(m, peekSection(m, nr))) yield nr;
    }
    return;
  }
  const nrs: number[] = [];
  for (const [nr, s] of m.sections) if (walked(m, s) && nr >= lo && nr <= hi) nrs.push(nr);
  yield* nrs.sort((a, b) => (order === 'up' ? a - b : b - a));
}

// mirrors shrink_zone_span(), mm/memory_hotplug.c, v5.5 (sub-section steps over online pfns)
export function shrinkZoneSpan(m: RefMachine, nid: number, zone: ZoneName, pfn: number, end: number): void {
  const z = nodeOf(m, nid).zones[zone];
  shrinkEdges(m, z, pfn, end, m.geometry.pagesPerSubsection, nid, zone);
}

// mirrors shrink_zone_span(), mm/memory_hotplug.c, v5.3 (one section, section steps; the full-scan tail is not in the spec)
export function shrinkZoneSpanSection(m: RefMachine, nid: number, zone: ZoneName, pfn: number): void {
  const g = m.geometry;
  const z = nodeOf(m, nid).zones[zone];
  shrinkEdges(m, z, pfn, pfn + g.pagesPerSection, g.pagesPerSection, nid, zone);
}

// mirrors shrink_pgdat_span(), mm/memory_hotplug.c, v5.3 (one section, candidates of any zone)
export function shrinkNodeSpanSection(m: RefMachine, nid: number, pfn: number): void {
  const g = m.geometry;
  shrinkEdges(m, nodeOf(m, nid), pfn, pfn + g.pagesPerSection, g.pagesPerSection, nid, undefined);
}
