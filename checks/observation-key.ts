/**
 * A compact key for an observation: equal keys exactly when the canonical
 * texts (canonicalObservation) are equal, built in one pass without the
 * per-record objects and JSON of the canonical form. The differential check
 * and the "changes nothing" invariants compare keys, and walk the
 * observations field by field only when the keys differ, to name the first
 * difference. Keys are cached per observation object, so the observation
 * after step n is encoded once and reused as the one before step n + 1.
 *
 * Injective because every field of the canonical form is written, in the
 * canonical order (the field lists of model/observation.ts, so a new field
 * joins both at once), numbers with String() (what JSON writes), booleans as 0/1,
 * an absent optional field as an empty string,
 * text between separators that implementations never put in a name or a
 * valid_zones text (U+0001 between fields, U+0002 between records, U+0003
 * between lists, U+0004 before each zone of a node), and lists in the canonical sort order.
 */
import {
  BLOCK_FIELDS,
  NODE_FIELDS,
  SECTION_FIELDS,
  ZONE_FIELDS,
  type AltmapObservation,
  type BlockObservation,
  type EarlyPagesObservation,
  type MemmapRun,
  type NodeObservation,
  type Observation,
  type ResourceObservation,
  type SectionObservation,
  type VirtioMemObservation,
  type ZoneObservation,
} from '../model/observation.ts';

const F = '\u0001';
const R = '\u0002';
const L = '\u0003';
const Z = '\u0004';

const cache = new WeakMap<Observation, string>();
/**
 * Keys of single records (sections, blocks, memmap runs): an observation built
 * on top of the previous one (model/observe-on-top.ts) shares the records a
 * step did not touch, so only the records it observed again are encoded.
 */
const recordCache = new WeakMap<object, string>();

function cached<T extends object>(x: T, encode: (x: T) => string): string {
  let k = recordCache.get(x);
  if (k === undefined) {
    k = encode(x);
    recordCache.set(x, k);
  }
  return k;
}

/** Sorted by key as canonicalParts() sorts (a stable sort), copied only when out of order. */
function sortedBy<T>(xs: readonly T[], key: (x: T) => number): readonly T[] {
  for (let i = 1; i < xs.length; i++) {
    if (key(xs[i - 1]!) > key(xs[i]!)) return [...xs].sort((a, b) => key(a) - key(b));
  }
  return xs;
}

function numbers(xs: readonly number[]): string {
  let s = '';
  for (const x of sortedBy(xs, (v) => v)) s += `${x}${F}`;
  return s;
}

const b = (v: boolean): string => (v ? '1' : '0');

function value(v: unknown): string {
  if (v === undefined) return '';
  if (typeof v === 'boolean') return b(v);
  return String(v);
}

/** The fields of one record in the canonical order, each followed by F. */
function fields<T extends object>(x: T, names: ReadonlyArray<keyof T>): string {
  let s = '';
  for (const f of names) s += value(x[f]) + F;
  return s;
}

function sectionKey(x: SectionObservation): string {
  return cached(x, (s) => fields(s, SECTION_FIELDS) + R);
}

/**
 * The text of one list, cached per list object: an observation built on top
 * of the previous one keeps the previous list itself when a step touched none
 * of its records.
 */
const listCache = new WeakMap<readonly object[], string>();

function list<T extends object>(xs: readonly T[], encode: (xs: readonly T[]) => string): string {
  let k = listCache.get(xs);
  if (k === undefined) {
    k = encode(xs);
    listCache.set(xs, k);
  }
  return k;
}

const byNr = (v: SectionObservation): number => v.nr;
const byId = (v: BlockObservation): number => v.id;
const byStartPfn = (v: MemmapRun): number => v.startPfn;
const blockKey = (x: BlockObservation): string => cached(x, (b) => fields(b, BLOCK_FIELDS) + R);
const runKey = (x: MemmapRun): string => cached(x, (r) => `${r.startPfn}${F}${r.endPfn}${F}${r.state}${R}`);

function encode(o: Observation): string {
  let s = numbers(o.roots) + L;
  s += list(o.sections, (sections) => {
    let t = '';
    for (const x of sortedBy(sections, byNr)) t += sectionKey(x);
    return t;
  });
  s += L;
  s += list(o.blocks, (blocks) => {
    let t = '';
    for (const x of sortedBy(blocks, byId)) t += blockKey(x);
    return t;
  });
  s += L;
  s += nodesPart(o);
  s += L;
  s += list(o.memmap, (memmap) => {
    let t = '';
    for (const x of sortedBy(memmap, byStartPfn)) t += runKey(x);
    return t;
  });
  s += L;
  return s + restPart(o);
}

function nodesPart(o: Observation): string {
  let s = '';
  for (const n of sortedBy(o.nodes, (v) => v.nid)) {
    s += fields(n, NODE_FIELDS);
    for (const z of n.zones) s += Z + fields(z, ZONE_FIELDS);
    s += R;
  }
  return s;
}

/** The parts after the memmap runs: resources, pins, counters, altmaps, early pages, virtio-mem (tens of records). */
function restPart(o: Observation): string {
  let s = '';
  for (const x of sortedBy(o.resources, (v) => v.start)) s += `${x.start}${F}${x.end}${F}${x.kind}${R}`;
  s += L + numbers(o.pins) + L + String(o.uninitReads) + L + value(o.orderingHazards) + L + value(o.usageRaces === 0 ? undefined : o.usageRaces) + L + value(o.vmemmapToBuddy === 0 ? undefined : o.vmemmapToBuddy) + L;
  for (const x of sortedBy(o.altmaps ?? [], (v) => v.basePfn)) s += `${x.basePfn}${F}${x.endPfn}${F}${x.pages}${F}${value(x.inaccessible)}${R}`;
  s += L;
  const early = [...(o.earlyPages ?? [])].sort((a, b) => a.nid - b.nid || a.zone.localeCompare(b.zone));
  for (const x of early) s += `${x.nid}${F}${x.zone}${F}${x.pages}${R}`;
  s += L;
  const vm = o.virtioMem;
  if (vm !== undefined) s += `${vm.requested}${F}${vm.plugged}${F}${vm.subBlock}${F}${vm.ranges.join(R)}${F}${vm.plugMap.join(R)}${F}`;
  return s;
}

function sameNumbers(xs: readonly number[], ys: readonly number[]): boolean {
  if (xs === ys) return true;
  if (xs.length !== ys.length) return false;
  const a = sortedBy(xs, (v) => v);
  const b = sortedBy(ys, (v) => v);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i] && String(a[i]) !== String(b[i])) return false;
  return true;
}

function sameNodes(xs: readonly NodeObservation[], ys: readonly NodeObservation[]): boolean {
  if (xs === ys) return true;
  if (xs.length !== ys.length) return false;
  const a = sortedBy(xs, (v) => v.nid);
  const b = sortedBy(ys, (v) => v.nid);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x === y) continue;
    if (!sameNode(x, y) || x.zones.length !== y.zones.length) return false;
    if (x.zones === y.zones) continue;
    for (let j = 0; j < x.zones.length; j++) if (!sameZone(x.zones[j]!, y.zones[j]!)) return false;
  }
  return true;
}

/**
 * Nodes and zones are observed anew after every step: every field strictly
 * equal (each field of NODE_FIELDS, ZONE_FIELDS read directly) is equal keys
 * at once; anything else is decided as the key writes it.
 */
const sameNode = (x: NodeObservation, y: NodeObservation): boolean =>
  (x.nid === y.nid && x.online === y.online && x.startPfn === y.startPfn && x.spanned === y.spanned && x.present === y.present && x.nrZones === y.nrZones) ||
  sameFields(x, y, NODE_FIELDS);

const sameZone = (x: ZoneObservation, y: ZoneObservation): boolean =>
  x === y ||
  (x.name === y.name && x.startPfn === y.startPfn && x.spanned === y.spanned && x.present === y.present && x.managed === y.managed) ||
  sameFields(x, y, ZONE_FIELDS);

const earlyBefore = (a: EarlyPagesObservation, b: EarlyPagesObservation): number => a.nid - b.nid || a.zone.localeCompare(b.zone);

/** Early pages in canonical order, copied only when out of order. */
function earlyOrder(xs: readonly EarlyPagesObservation[]): readonly EarlyPagesObservation[] {
  for (let i = 1; i < xs.length; i++) if (earlyBefore(xs[i - 1]!, xs[i]!) > 0) return [...xs].sort(earlyBefore);
  return xs;
}

function sameVirtioMem(x: VirtioMemObservation | undefined, y: VirtioMemObservation | undefined): boolean {
  if (x === y) return true;
  if (x === undefined || y === undefined) return false;
  return String(x.requested) === String(y.requested) && String(x.plugged) === String(y.plugged) && String(x.subBlock) === String(y.subBlock) && x.ranges.join(R) === y.ranges.join(R) && x.plugMap.join(R) === y.plugMap.join(R);
}

/** A detector counter as restPart() writes it: 0 as absent. */
function counter(v: number | undefined): string {
  return value(v === 0 ? undefined : v);
}

/** The parts of restPart() and the roots and nodes, compared as each is written. */
function sameSmallParts(a: Observation, b: Observation): boolean {
  return (
    sameNumbers(a.roots, b.roots) &&
    sameNodes(a.nodes, b.nodes) &&
    sameList(a.resources, b.resources, (v) => v.start, RESOURCE_FIELDS) &&
    sameNumbers(a.pins, b.pins) &&
    String(a.uninitReads) === String(b.uninitReads) &&
    value(a.orderingHazards) === value(b.orderingHazards) &&
    counter(a.usageRaces) === counter(b.usageRaces) &&
    counter(a.vmemmapToBuddy) === counter(b.vmemmapToBuddy) &&
    sameList(a.altmaps ?? [], b.altmaps ?? [], (v) => v.basePfn, ALTMAP_FIELDS) &&
    sameList(earlyOrder(a.earlyPages ?? []), earlyOrder(b.earlyPages ?? []), () => 0, EARLY_FIELDS) &&
    sameVirtioMem(a.virtioMem, b.virtioMem)
  );
}

/** The fields each record of these lists is written with in encode(), in that order. */
const RUN_FIELDS: ReadonlyArray<keyof MemmapRun> = ['startPfn', 'endPfn', 'state'];
const RESOURCE_FIELDS: ReadonlyArray<keyof ResourceObservation> = ['start', 'end', 'kind'];
const ALTMAP_FIELDS: ReadonlyArray<keyof AltmapObservation> = ['basePfn', 'endPfn', 'pages', 'inaccessible'];
const EARLY_FIELDS: ReadonlyArray<keyof EarlyPagesObservation> = ['nid', 'zone', 'pages'];

/** Whether two records have equal keys: each field written alike (`fields()`), read without building the key. */
function sameFields<T extends object>(x: T, y: T, names: ReadonlyArray<keyof T>): boolean {
  for (const f of names) {
    const a = x[f];
    const b = y[f];
    if (a !== b && value(a) !== value(b)) return false;
  }
  return true;
}

/** Two lists of records in canonical order, equal record by record (a shared record is equal without reading it). */
function sameList<T extends object>(xs: readonly T[], ys: readonly T[], order: (x: T) => number, names: ReadonlyArray<keyof T>): boolean {
  if (xs === ys) return true;
  if (xs.length !== ys.length) return false;
  const a = sortedBy(xs, order);
  const b = sortedBy(ys, order);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x !== y && !sameFields(x, y, names)) return false;
  }
  return true;
}

/** Whether two section records have equal keys (a shared record is equal without reading it). */
export const sameSection = (x: SectionObservation, y: SectionObservation): boolean => x === y || sameFields(x, y, SECTION_FIELDS);

/** Whether two block records have equal keys. */
export const sameBlock = (x: BlockObservation, y: BlockObservation): boolean => x === y || sameFields(x, y, BLOCK_FIELDS);

/** Whether two observations list the same resources, as their keys write them. */
export const sameResources = (a: Observation, b: Observation): boolean => sameList(a.resources, b.resources, (v) => v.start, RESOURCE_FIELDS);

/**
 * `observationKey(a) === observationKey(b)`, without building either whole
 * key: the key is its parts each ended by a separator no part holds, so the
 * keys are equal exactly when every part is, a list part (the concatenated
 * keys of its records, each ended by R) exactly when the lists are equal
 * record by record, and a record's key exactly when each of its fields is
 * written alike. An observation built on top of the previous one shares its
 * untouched lists and records, so comparing it with the previous costs what
 * the step touched; comparing two implementations reads each record's fields,
 * with no key built or looked up per step.
 */
/**
 * Whether one part of two observations is written alike in their keys (the
 * part alone; a shared list is equal without reading it). What a scoped
 * check that declares what it `reads` (checks/invariant.ts) asks before it
 * runs again.
 */
export function samePart(part: keyof Observation, a: Observation, b: Observation): boolean {
  switch (part) {
    case 'roots':
    case 'pins':
      return sameNumbers(a[part], b[part]);
    case 'sections':
      return sameList(a.sections, b.sections, byNr, SECTION_FIELDS);
    case 'blocks':
      return sameList(a.blocks, b.blocks, byId, BLOCK_FIELDS);
    case 'memmap':
      return sameList(a.memmap, b.memmap, byStartPfn, RUN_FIELDS);
    case 'nodes':
      return sameNodes(a.nodes, b.nodes);
    case 'resources':
      return sameList(a.resources, b.resources, (v) => v.start, RESOURCE_FIELDS);
    case 'uninitReads':
      return String(a.uninitReads) === String(b.uninitReads);
    case 'orderingHazards':
      return value(a.orderingHazards) === value(b.orderingHazards);
    case 'usageRaces':
    case 'vmemmapToBuddy':
      return counter(a[part]) === counter(b[part]);
    case 'altmaps':
      return sameList(a.altmaps ?? [], b.altmaps ?? [], (v) => v.basePfn, ALTMAP_FIELDS);
    case 'earlyPages':
      return sameList(earlyOrder(a.earlyPages ?? []), earlyOrder(b.earlyPages ?? []), () => 0, EARLY_FIELDS);
    case 'virtioMem':
      return sameVirtioMem(a.virtioMem, b.virtioMem);
  }
}

export function sameObservation(a: Observation, b: Observation): boolean {
  if (a === b) return true;
  // a step's checks ask about one pair many times (the differential, every scoped invariant, the "changes nothing" ones)
  if ((a === last.a && b === last.b) || (a === last.b && b === last.a)) return last.same;
  const ka = cache.get(a);
  const kb = cache.get(b);
  const same =
    ka !== undefined && kb !== undefined
      ? ka === kb
      : sameList(a.sections, b.sections, byNr, SECTION_FIELDS) &&
        sameList(a.blocks, b.blocks, byId, BLOCK_FIELDS) &&
        sameList(a.memmap, b.memmap, byStartPfn, RUN_FIELDS) &&
        sameSmallParts(a, b);
  last = { a, b, same };
  return same;
}

/**
 * sameObservation(a, b) for the observations after a step, given the two
 * before it, `a0` and `b0`, were equal: each side built on top of its own
 * previous observation (model/observe-on-top.ts) shares what the step did not
 * touch, and a record both sides share with their equal previous lists at
 * the same place is equal without reading it; only records either side
 * observed again are compared field by field (the small parts as always).
 */
export function sameObservationSince(a0: Observation, a: Observation, b0: Observation, b: Observation): boolean {
  // neither side observed anything again (a step that changed nothing gives the observation before)
  if (a === b || (a === a0 && b === b0)) return true;
  const ka = cache.get(a);
  const kb = cache.get(b);
  if (ka !== undefined && kb !== undefined) return ka === kb;
  return (
    sameListSince(a0.sections, a.sections, b0.sections, b.sections, byNr, SECTION_FIELDS) &&
    sameListSince(a0.blocks, a.blocks, b0.blocks, b.blocks, byId, BLOCK_FIELDS) &&
    sameListSince(a0.memmap, a.memmap, b0.memmap, b.memmap, byStartPfn, RUN_FIELDS) &&
    sameSmallParts(a, b)
  );
}

/** Whether a list is in canonical order (no copy for sortedBy()), cached per list object. */
const inOrder = new WeakMap<readonly object[], boolean>();

function ascendingList<T extends object>(xs: readonly T[], key: (x: T) => number): boolean {
  let ok = inOrder.get(xs);
  if (ok === undefined) {
    ok = true;
    for (let i = 1; i < xs.length && ok; i++) if (key(xs[i - 1]!) > key(xs[i]!)) ok = false;
    inOrder.set(xs, ok);
  }
  return ok;
}

/**
 * sameList(a, b) where sameList(a0, b0) held: in canonical order the lists
 * are compared place by place, so a place where `a` still holds a0's record
 * and `b` b0's holds equal records.
 */
function sameListSince<T extends object>(a0: readonly T[], a: readonly T[], b0: readonly T[], b: readonly T[], order: (x: T) => number, names: ReadonlyArray<keyof T>): boolean {
  if (a0 === a && b0 === b) return true;
  const aligned = a0.length === a.length && b0.length === b.length && ascendingList(a0, order) && ascendingList(a, order) && ascendingList(b0, order) && ascendingList(b, order);
  if (!aligned) return sameList(a, b, order, names);
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if ((x === a0[i] && y === b0[i]) || x === y) continue;
    if (!sameFields(x, y, names)) return false;
  }
  return true;
}

/** The last pair sameObservation() compared, and its answer. */
let last: { a: Observation | undefined; b: Observation | undefined; same: boolean } = { a: undefined, b: undefined, same: false };

export function observationKey(o: Observation): string {
  let k = cache.get(o);
  if (k === undefined) {
    k = encode(o);
    cache.set(o, k);
  }
  return k;
}
