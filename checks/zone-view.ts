/**
 * Spec-level helpers for the block and zone invariants: RAM pfns from the
 * System RAM resources, the boot zone of an address, and a block's range.
 */
import { maskBits } from '../model/observation.ts';
import type { MachineSetup } from '../model/implementation.ts';
import type { Geometry } from '../model/geometry.ts';
import type { BlockObservation, MemmapRun, NodeObservation, Observation, SectionObservation, ZoneObservation } from '../model/observation.ts';
import type { ZoneName } from '../model/step.ts';

export interface PfnRange {
  readonly start: number;
  readonly end: number;
}

export function blockRange(g: Geometry, id: number): PfnRange {
  return { start: id * g.pagesPerBlock, end: (id + 1) * g.pagesPerBlock };
}

/** System RAM pfns of the observation as ranges. */
export function ramRanges(g: Geometry, o: Observation): PfnRange[] {
  return o.resources
    .filter((r) => r.kind === 'System RAM' || r.kind === 'System RAM (kmem)')
    .map((r) => ({ start: r.start / g.pageSize, end: r.end / g.pageSize }));
}

/** ramRanges() per resource list: an observation built on top of the previous one keeps the list a step left alone. */
const ramByResources = new WeakMap<Observation['resources'], { readonly pageSize: number; readonly ranges: readonly PfnRange[] }>();

/** ramRanges(), built once per resource list and page size; callers only read it. */
export function ramOf(g: Geometry, o: Observation): readonly PfnRange[] {
  const known = ramByResources.get(o.resources);
  if (known !== undefined && known.pageSize === g.pageSize) return known.ranges;
  const ranges = ramRanges(g, o);
  ramByResources.set(o.resources, { pageSize: g.pageSize, ranges });
  return ranges;
}

/** Whether any of `ram` overlaps `range` (ramIn(ram, range).length > 0 without the pieces). */
export function holdsRam(ram: readonly PfnRange[], range: PfnRange): boolean {
  for (const r of ram) if (Math.max(r.start, range.start) < Math.min(r.end, range.end)) return true;
  return false;
}

export function overlap(a: PfnRange, b: PfnRange): PfnRange | undefined {
  const start = Math.max(a.start, b.start);
  const end = Math.min(a.end, b.end);
  return start < end ? { start, end } : undefined;
}

/** The parts of `range` that are System RAM. */
export function ramIn(ram: readonly PfnRange[], range: PfnRange): PfnRange[] {
  return ram.flatMap((r) => overlap(r, range) ?? []);
}

export const pages = (rs: readonly PfnRange[]): number => rs.reduce((n, r) => n + (r.end - r.start), 0);

/**
 * The pieces of `r` by the node whose boot RAM holds them (zones are per
 * node: a boot block may hold memory of several); what no boot range holds
 * goes to `fallbackNid`, the block's node.
 */
export function byBootNode(setup: MachineSetup, r: PfnRange, fallbackNid: number): Array<{ nid: number; range: PfnRange }> {
  const g = setup.geometry;
  const boot = setup.boot
    .map((b) => ({ nid: b.nid, range: overlap({ start: b.start / g.pageSize, end: (b.start + b.size) / g.pageSize }, r) }))
    .flatMap((b) => (b.range === undefined ? [] : [{ nid: b.nid, range: b.range }]))
    .sort((a, b) => a.range.start - b.range.start);
  const out: Array<{ nid: number; range: PfnRange }> = [];
  let p = r.start;
  for (const b of boot) {
    if (b.range.start > p) out.push({ nid: fallbackNid, range: { start: p, end: b.range.start } });
    out.push(b);
    p = b.range.end;
  }
  if (p < r.end) out.push({ nid: fallbackNid, range: { start: p, end: r.end } });
  return out;
}

/** The zone boot memory at this pfn falls into, by address. */
export function bootZoneOf(g: Geometry, pfn: number): ZoneName {
  const addr = pfn * g.pageSize;
  if (g.dmaLimitShift !== undefined && addr < 2 ** g.dmaLimitShift) return 'DMA';
  if (g.dma32LimitShift !== undefined && addr < 2 ** g.dma32LimitShift) return 'DMA32';
  return 'Normal';
}

export function zoneOf(n: NodeObservation, name: ZoneName): ZoneObservation | undefined {
  return n.zones.find((z) => z.name === name);
}

export const zoneEnd = (z: ZoneObservation): number => z.startPfn + z.spanned;

/**
 * The block `id` of an observation, or undefined: a binary search over its
 * ascending block list (a map per observation cost more than the look-ups
 * it served: each step makes a new observation and asks for one or two
 * blocks), a list out of order (never built by an implementation) walked.
 */
export function blockAt(o: Observation, id: number): BlockObservation | undefined {
  return recordAt(o.blocks, blockId, id);
}

/** Whether a list is ascending by `key` with no two equal, cached per list object (lists are never changed). */
const ascendingLists = new WeakMap<readonly object[], boolean>();

function strictlyAscending<T extends object>(xs: readonly T[], key: (x: T) => number): boolean {
  let ok = ascendingLists.get(xs);
  if (ok === undefined) {
    ok = true;
    for (let i = 1; i < xs.length && ok; i++) if (key(xs[i - 1]!) >= key(xs[i]!)) ok = false;
    ascendingLists.set(xs, ok);
  }
  return ok;
}

/**
 * The section `nr` of an observation, or undefined: a binary search over its
 * ascending section list (a per-observation map costs a pass over every
 * section, and a scoped check's observation is new each step), a list out
 * of order (never built by an implementation) walked.
 */
export function sectionAt(o: Observation, nr: number): SectionObservation | undefined {
  return recordAt(o.sections, sectionNr, nr);
}

const blockId = (b: BlockObservation): number => b.id;
const sectionNr = (s: SectionObservation): number => s.nr;

/** The record of `xs` whose key is `k`: a binary search when the list is ascending by key, else a walk. */
function recordAt<T extends object>(xs: readonly T[], key: (x: T) => number, k: number): T | undefined {
  if (!strictlyAscending(xs, key)) return xs.find((x) => key(x) === k);
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(xs[mid]!) < k) lo = mid + 1;
    else hi = mid;
  }
  const x = xs[lo];
  return x !== undefined && key(x) === k ? x : undefined;
}

/** The memmap runs overlapping `r`, in list order (`memmap.filter()` by overlap; a binary search to the first when the runs are ascending and disjoint). */
export function runsOver(o: Observation, r: PfnRange): readonly MemmapRun[] {
  const runs = o.memmap;
  if (!disjointAscending(runs)) return runs.filter((m) => overlap({ start: m.startPfn, end: m.endPfn }, r) !== undefined);
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (runs[mid]!.endPfn <= r.start) lo = mid + 1;
    else hi = mid;
  }
  const out: MemmapRun[] = [];
  for (let i = lo; i < runs.length && runs[i]!.startPfn < r.end; i++) {
    const m = runs[i]!;
    if (Math.max(m.startPfn, r.start) < Math.min(m.endPfn, r.end)) out.push(m);
  }
  return out;
}

/** Whether runs are ascending and disjoint (each ends at or before the next starts), cached per list. */
const disjointLists = new WeakMap<readonly MemmapRun[], boolean>();

function disjointAscending(runs: readonly MemmapRun[]): boolean {
  let ok = disjointLists.get(runs);
  if (ok === undefined) {
    ok = true;
    for (let i = 1; i < runs.length && ok; i++) if (runs[i - 1]!.endPfn > runs[i]!.startPfn || runs[i - 1]!.startPfn >= runs[i - 1]!.endPfn) ok = false;
    disjointLists.set(runs, ok);
  }
  return ok;
}

/** Memmap state of one pfn ('uninit', 'Zone/nid', or undefined where there is no memmap). */
export function memmapAt(o: Observation, pfn: number): string | undefined {
  // runs are ascending and disjoint: the last one starting at or before pfn is the only candidate
  const runs = o.memmap;
  let lo = 0;
  let hi = runs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((runs[mid]?.startPfn ?? 0) <= pfn) lo = mid + 1;
    else hi = mid;
  }
  const run = runs[lo - 1];
  return run !== undefined && pfn < run.endPfn ? run.state : undefined;
}

/** The observation's sections by number, built once per observation (observations are never changed). */
const sectionsByNr = new WeakMap<Observation, ReadonlyMap<number, SectionObservation>>();

export function sectionIndex(o: Observation): ReadonlyMap<number, SectionObservation> {
  let index = sectionsByNr.get(o);
  if (index === undefined) {
    index = new Map(o.sections.map((s) => [s.nr, s]));
    sectionsByNr.set(o, index);
  }
  return index;
}

/** Whether the section of `pfn` is online (what pfn_to_online_page() answers before v5.12). */
export function sectionOnline(g: Geometry, o: Observation, pfn: number): boolean {
  return sectionIndex(o).get(Math.floor(pfn / g.pagesPerSection))?.online === true;
}

/**
 * Whether pfn_to_online_page() answers a page for `pfn`, as the span walkers
 * see it: an online section, and from v5.12 (rule `modern.onlinePage`) an
 * active sub-section when the memmap is sub-section granular (VMEMMAP).
 * ZONE_DEVICE pfns are left to the caller: their memmap names ZONE_DEVICE.
 */
export function onlinePage(setup: MachineSetup, o: Observation, pfn: number): boolean {
  const g = setup.geometry;
  const s = sectionIndex(o).get(Math.floor(pfn / g.pagesPerSection));
  if (s === undefined || !s.online) return false;
  if (setup.profile.modern.onlinePage.value !== 'subsection-and-pgmap' || !setup.config.vmemmap) return true;
  return maskBits(s.subsectionMap).includes(Math.floor((pfn % g.pagesPerSection) / g.pagesPerSubsection));
}
