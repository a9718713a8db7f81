/**
 * The address axis of a counterexample's diagrams, shared by every step so
 * that the pictures line up: one column per section that matters, runs of
 * sections that never change folded into one narrow column, and empty
 * address space between them cut out (a break). A 4 GiB boot range and a
 * DIMM far above it are then both visible.
 */
import type { MachineJson, ObservationJson } from '../schema.ts';

export interface Geo {
  readonly pagesPerSection: number;
  readonly subsectionsPerSection: number;
  readonly pagesPerSubsection: number;
  readonly pagesPerBlock: number;
  readonly pageSize: number;
}

export function geoOf(m: MachineJson): Geo {
  const g = m.geometry;
  return {
    pagesPerSection: 2 ** (g.sectionShift - g.pageShift),
    subsectionsPerSection: 2 ** Math.max(0, g.sectionShift - g.subsectionShift),
    pagesPerSubsection: 2 ** (Math.min(g.subsectionShift, g.sectionShift) - g.pageShift),
    pagesPerBlock: 2 ** (g.blockShift - g.pageShift),
    pageSize: 2 ** g.pageShift,
  };
}

/** One stretch of the axis, in sections [first, last]. */
export interface Segment {
  readonly first: number;
  readonly last: number;
  /** `section`: one section drawn at full width; `fold`: unchanging sections drawn narrow; `break`: nothing there. */
  readonly kind: 'section' | 'fold' | 'break';
}

export interface Axis {
  readonly geo: Geo;
  readonly segments: readonly Segment[];
}

function sectionsOfRange(geo: Geo, startPfn: number, endPfn: number, into: Set<number>, whole: boolean): void {
  if (endPfn <= startPfn) return;
  const first = Math.floor(startPfn / geo.pagesPerSection);
  const last = Math.floor((endPfn - 1) / geo.pagesPerSection);
  if (whole || last - first < 4096) for (let s = first; s <= last; s++) into.add(s);
  else {
    into.add(first);
    into.add(last);
  }
}

/** Sections to show: every section with state, every block's, boot memory's, and zone and node span ends. */
export function buildAxis(machine: MachineJson, states: readonly ObservationJson[], keep: ReadonlySet<number> = new Set()): Axis {
  const geo = geoOf(machine);
  const shown = new Set<number>(keep);
  const changing = new Set<number>(keep);
  const seen = new Map<number, string>();
  for (const o of states) {
    for (const s of o.sections) {
      shown.add(s.nr);
      const text = JSON.stringify(s);
      const before = seen.get(s.nr);
      if (before !== undefined && before !== text) changing.add(s.nr);
      seen.set(s.nr, text);
    }
    for (const b of o.blocks) sectionsOfRange(geo, b.id * geo.pagesPerBlock, (b.id + 1) * geo.pagesPerBlock, shown, true);
    for (const n of o.nodes) {
      for (const z of n.zones) sectionsOfRange(geo, z.startPfn, z.startPfn + z.spanned, shown, false);
    }
  }
  // A section that appears or disappears at some step changes too.
  for (const nr of shown) if (states.some((o) => !o.sections.some((s) => s.nr === nr))) changing.add(nr);
  for (const b of machine.boot) {
    sectionsOfRange(geo, b.start / geo.pageSize, (b.start + b.size) / geo.pageSize, shown, false);
  }
  const nrs = [...shown].sort((a, b) => a - b);
  const segments: Segment[] = [];
  let i = 0;
  while (i < nrs.length) {
    let j = i;
    while (j + 1 < nrs.length && nrs[j + 1] === nrs[j]! + 1) j++;
    // In a run of consecutive sections, fold five or more that never change and are not at its ends.
    let k = i;
    while (k <= j) {
      let m = k;
      const foldable = (q: number): boolean => q > i && q < j && !changing.has(nrs[q]!);
      while (foldable(k) && m + 1 <= j && foldable(m + 1)) m++;
      if (foldable(k) && m - k + 1 >= 5) {
        segments.push({ first: nrs[k]!, last: nrs[m]!, kind: 'fold' });
        k = m + 1;
      } else {
        segments.push({ first: nrs[k]!, last: nrs[k]!, kind: 'section' });
        k++;
      }
    }
    if (j + 1 < nrs.length) segments.push({ first: nrs[j]! + 1, last: nrs[j + 1]! - 1, kind: 'break' });
    i = j + 1;
  }
  return { geo, segments };
}

/** Maps a pfn to a position on an axis drawn with the given segment widths. */
export function positions(axis: Axis, width: (s: Segment) => number): { x: (pfn: number) => number; total: number; starts: number[] } {
  const starts: number[] = [];
  let total = 0;
  for (const s of axis.segments) {
    starts.push(total);
    total += width(s);
  }
  const pps = axis.geo.pagesPerSection;
  const x = (pfn: number): number => {
    const segs = axis.segments;
    if (segs.length === 0) return 0;
    if (pfn <= segs[0]!.first * pps) return 0;
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i]!;
      const lo = s.first * pps;
      const hi = (s.last + 1) * pps;
      if (pfn < hi) return starts[i]! + ((Math.max(pfn, lo) - lo) / (hi - lo)) * width(s);
    }
    return total;
  };
  return { x, total, starts };
}

/** Whether a section is drawn folded (then its own items are not drawn, only the fold). */
export function folded(axis: Axis, nr: number): boolean {
  return axis.segments.some((s) => s.kind === 'fold' && s.first <= nr && nr <= s.last);
}
