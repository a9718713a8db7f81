/**
 * Zone and node span shrinking: the v5.5 form (at offline, sub-section steps)
 * and the pre-v5.5 form (at remove, per section).
 */
import type { ZoneName } from '../step.ts';
import { readMemmap } from './memmap.ts';
import { sectionOfPfn } from './arith.ts';
import { peekSection, type RefMachine, type RefNode, type RefZone } from './state.ts';
import { nodeOf } from './zones.ts';

/**
 * A shrink candidate: the pfn is online (its section is online: no memmap
 * read) or, under [shrinkScan=valid], in a valid section (present with a
 * memmap); then its memmap is read once for nid and zone. An uninitialised
 * memmap counts a read and never matches. `zone` undefined: every zone matches (node spans).
 */
function candidate(m: RefMachine, pfn: number, nid: number, zone: ZoneName | undefined): boolean {
  const s = peekSection(m, sectionOfPfn(m.geometry, pfn));
  if (s === undefined) return false;
  const looked = m.rules.shrinkScan === 'valid' ? s.present && s.hasMemMap : s.online;
  if (!looked) return false;
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
  if (span.spanned === 0) return;
  const spanEnd = span.start + span.spanned;
  if (span.start === pfn) {
    for (let p = end; p < spanEnd; p += step) {
      if (candidate(m, p, nid, zone)) {
        span.spanned = spanEnd - p;
        span.start = p;
        return;
      }
    }
    makeEmpty(span);
  } else if (spanEnd === end) {
    for (let p = pfn - 1; p >= span.start; p -= step) {
      if (candidate(m, p, nid, zone)) {
        span.spanned = p + 1 - span.start;
        return;
      }
    }
    makeEmpty(span);
  }
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
