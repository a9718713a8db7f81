/**
 * Builds an observation on top of the previous one from the parts a step
 * touched (model/touched.ts): the sections, the memmap of sections and the
 * memory blocks marked are observed again, everything else is the previous
 * observation's own records (observations stay immutable values, so the
 * records are shared). Both implementations use it with their own ways of
 * observing one part; what is small (nodes and zones, resources, pins, roots,
 * altmaps) is rebuilt whole, and only when the step marked it. A step that
 * changed nothing gets the previous observation itself.
 *
 * A block's record reads its sections (its zone is the memmap's) and, for
 * valid_zones, the zones of the machine: it is observed again when one of
 * its sections was touched, and every block is when nodes, zones, early
 * pages or altmaps changed (only its valid_zones, where the implementation
 * can observe that field alone; not at all where it says that block's
 * valid_zones reads none of them).
 */
import type { Geometry } from './geometry.ts';
import type { AltmapObservation, BlockObservation, EarlyPagesObservation, MemmapRun, NodeObservation, Observation, ResourceObservation, SectionObservation } from './observation.ts';
import { forgottenMarks, type MachinePart, type Touched } from './touched.ts';

/** How one implementation observes a single part. */
export interface PartObserver {
  /** The section's record; undefined when it is pristine (not listed). */
  section(nr: number): SectionObservation | undefined;
  /** The memmap runs of the section's pfns, ascending, cut at its bounds; none when it has no memmap. */
  memmapOf(nr: number): MemmapRun[];
  /** The block's record; undefined when there is no such block. */
  block(id: number): BlockObservation | undefined;
  /**
   * The block's valid_zones text alone, for a block whose own parts were not
   * touched when only the machine-wide parts changed (the one field of its
   * record that reads them); without it such a block is observed whole.
   */
  validZones?(id: number): string;
  /**
   * Whether the block's valid_zones reads nothing machine-wide now (an
   * online block whose text names the zone of its own memmap): such a block,
   * its own parts untouched, keeps its record when only those parts changed.
   */
  validZonesOwn?(id: number): boolean;
}

export type RebuiltParts = Pick<Observation, 'sections' | 'memmap' | 'blocks'>;

const ascending = (xs: Iterable<number>): number[] => [...xs].sort((a, b) => a - b);

/**
 * Whether two records of one kind hold the same fields with the same values
 * (records are flat): the previous one may stand for the new one, so that
 * what reads the observation sees an unchanged record as the same object.
 */
function sameRecord(a: object, b: object): boolean {
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  const keys = Object.keys(x);
  if (keys.length !== Object.keys(y).length) return false;
  for (const k of keys) if (x[k] !== y[k] || !(k in y)) return false;
  return true;
}

/**
 * `prev` with the records at `keys` (ascending) observed again: a record
 * that is now undefined leaves, a new one joins in order, one that reads as
 * before stays the previous object, the rest are shared; `prev` itself when
 * no record changed.
 */
function splice<T extends object>(prev: readonly T[], keys: readonly number[], keyOf: (x: T) => number, observe: (k: number) => T | undefined): readonly T[] {
  if (keys.length === 0) return prev;
  const out: T[] = [];
  let changed = false;
  let i = 0;
  for (const k of keys) {
    while (i < prev.length && keyOf(prev[i]!) < k) out.push(prev[i++]!);
    const was = i < prev.length && keyOf(prev[i]!) === k ? prev[i++] : undefined;
    const now = observe(k);
    if (was !== undefined && now !== undefined && sameRecord(was, now)) out.push(was);
    else {
      changed = true;
      if (now !== undefined) out.push(now);
    }
  }
  if (!changed) return prev;
  while (i < prev.length) out.push(prev[i++]!);
  return out;
}

/**
 * The memmap runs with the pfns of the sections `nrs` (ascending) replaced by
 * their runs observed again, and neighbours of one state merged, as a full
 * observation merges them.
 */
function spliceRuns(prev: readonly MemmapRun[], nrs: readonly number[], pagesPerSection: number, observe: (nr: number) => MemmapRun[]): readonly MemmapRun[] {
  if (nrs.length === 0) return prev;
  const pieces: MemmapRun[] = [];
  // section k's pfns are [nrs[k] * pagesPerSection, (nrs[k] + 1) * pagesPerSection)
  let j = 0;
  for (const r of prev) {
    while (j < nrs.length && (nrs[j]! + 1) * pagesPerSection <= r.startPfn) j++;
    if (j >= nrs.length || nrs[j]! * pagesPerSection >= r.endPfn) {
      pieces.push(r);
      continue;
    }
    let s = r.startPfn;
    for (let k = j; s < r.endPfn; k++) {
      const start = k < nrs.length ? nrs[k]! * pagesPerSection : Infinity;
      if (start >= r.endPfn) {
        pieces.push({ startPfn: s, endPfn: r.endPfn, state: r.state });
        break;
      }
      if (start > s) pieces.push({ startPfn: s, endPfn: start, state: r.state });
      s = Math.max(s, (nrs[k]! + 1) * pagesPerSection);
    }
  }
  for (const nr of nrs) pieces.push(...observe(nr));
  pieces.sort((a, b) => a.startPfn - b.startPfn);
  const out: MemmapRun[] = [];
  for (const p of pieces) {
    const last = out[out.length - 1];
    if (last !== undefined && last.endPfn === p.startPfn && last.state === p.state) out[out.length - 1] = { startPfn: last.startPfn, endPfn: p.endPfn, state: p.state };
    else out.push(p);
  }
  // a run that reads as before stays the previous object (both lists ascending and disjoint)
  let changed = out.length !== prev.length;
  for (let k = 0, i = 0; k < out.length; k++) {
    const r = out[k]!;
    while (i < prev.length && prev[i]!.startPfn < r.startPfn) i++;
    const was = prev[i];
    if (was !== undefined && was.startPfn === r.startPfn && was.endPfn === r.endPfn && was.state === r.state) out[k] = was;
    else changed = true;
  }
  return changed ? out : prev;
}

/** Two lists of flat records, compared field by field (records of one implementation's making). */
function sameRecords<T extends object>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameRecord(a[i]!, b[i]!)) return false;
  return true;
}

function sameNodes(a: readonly NodeObservation[], b: readonly NodeObservation[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x.nid !== y.nid || x.online !== y.online || x.startPfn !== y.startPfn || x.spanned !== y.spanned || x.present !== y.present || x.nrZones !== y.nrZones) return false;
    if (!sameRecords(x.zones, y.zones)) return false;
  }
  return true;
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The counters since boot, read as they are. */
export interface Counters {
  readonly uninitReads: number;
  readonly orderingHazards: number;
  readonly usageRaces: number;
  readonly vmemmapToBuddy: number;
}

/** How one implementation observes the machine-wide parts, each whole. */
export interface MachineObserver {
  roots(): readonly number[];
  nodes(): readonly NodeObservation[];
  earlyPages(): readonly EarlyPagesObservation[];
  altmaps(): readonly AltmapObservation[];
  resources(): readonly ResourceObservation[];
  pins(): readonly number[];
  counters(): Counters;
}

/**
 * A machine-wide part: observed again when `touched` marks it (and the mark
 * is not one a test made the implementation forget), kept as the previous
 * list when it reads as before, so that an unchanged part is the same object.
 */
function part<T>(p: MachinePart, touched: Touched, prev: T, observe: () => T, same: (a: T, b: T) => boolean): T {
  if (!touched.machine.has(p) || forgottenMarks.has(p)) return prev;
  const now = observe();
  return same(prev, now) ? prev : now;
}

/**
 * The observation after the steps since `prev`, built on top of it from what
 * `touched` names; `prev` itself when none of its parts changed, so that what
 * reads observations sees "unchanged" by identity.
 */
export function observeOnTop(prev: Observation, touched: Touched, geometry: Geometry, parts: PartObserver & MachineObserver): Observation {
  const roots = part('roots', touched, prev.roots, () => parts.roots(), sameNumbers);
  const nodes = part('nodes', touched, prev.nodes, () => parts.nodes(), sameNodes);
  const earlyPages = part('nodes', touched, prev.earlyPages ?? [], () => parts.earlyPages(), sameRecords);
  const altmaps = part('altmaps', touched, prev.altmaps ?? [], () => parts.altmaps(), sameRecords);
  const resources = part('resources', touched, prev.resources, () => parts.resources(), sameRecords);
  const pins = part('pins', touched, prev.pins, () => parts.pins(), sameNumbers);
  const c = parts.counters();
  // valid_zones reads the nodes and their zones, early pages and altmaps beyond the block's own sections
  const wide = nodes !== prev.nodes || earlyPages !== (prev.earlyPages ?? []) || altmaps !== (prev.altmaps ?? []);
  const { sections, memmap, blocks } = recordsOnTop(prev, wide, touched, geometry, parts);
  if (
    roots === prev.roots &&
    sections === prev.sections &&
    blocks === prev.blocks &&
    nodes === prev.nodes &&
    memmap === prev.memmap &&
    resources === prev.resources &&
    pins === prev.pins &&
    c.uninitReads === prev.uninitReads &&
    c.orderingHazards === prev.orderingHazards &&
    c.usageRaces === prev.usageRaces &&
    c.vmemmapToBuddy === prev.vmemmapToBuddy &&
    earlyPages === prev.earlyPages &&
    altmaps === prev.altmaps
  )
    return prev;
  return {
    roots,
    sections,
    blocks,
    nodes,
    memmap,
    resources,
    pins,
    uninitReads: c.uninitReads,
    orderingHazards: c.orderingHazards,
    usageRaces: c.usageRaces,
    vmemmapToBuddy: c.vmemmapToBuddy,
    earlyPages,
    altmaps,
  };
}

/**
 * The sections, memmap runs and blocks after a step, on top of `prev`;
 * `wide` when what valid_zones reads beyond a block's own sections changed.
 */
function recordsOnTop(prev: Observation, wide: boolean, touched: Touched, geometry: Geometry, parts: PartObserver): RebuiltParts {
  const sectionNrs = ascending(touched.sections);
  const memmapNrs = ascending(new Set([...touched.sections, ...touched.memmap]));
  const blockIds = new Set(touched.blocks);
  for (const nr of memmapNrs) blockIds.add(Math.floor(nr / geometry.sectionsPerBlock));
  // only valid_zones reads the machine-wide parts: the other blocks get that field again
  const zonesOnly = new Map<number, BlockObservation>();
  if (wide) {
    for (const b of prev.blocks) {
      if (blockIds.has(b.id) || parts.validZonesOwn?.(b.id) === true) continue;
      if (parts.validZones !== undefined) zonesOnly.set(b.id, b);
      blockIds.add(b.id);
    }
  }
  return {
    sections: splice<SectionObservation>(prev.sections, sectionNrs, (s) => s.nr, (nr) => parts.section(nr)),
    memmap: spliceRuns(prev.memmap, memmapNrs, geometry.pagesPerSection, (nr) => parts.memmapOf(nr)),
    blocks: splice<BlockObservation>(prev.blocks, ascending(blockIds), (b) => b.id, (id) => {
      const was = zonesOnly.get(id);
      return was === undefined || parts.validZones === undefined ? parts.block(id) : { ...was, validZones: parts.validZones(id) };
    }),
  };
}
