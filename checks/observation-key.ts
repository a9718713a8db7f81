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
import { BLOCK_FIELDS, NODE_FIELDS, SECTION_FIELDS, ZONE_FIELDS, type Observation, type SectionObservation } from '../model/observation.ts';

const F = '\u0001';
const R = '\u0002';
const L = '\u0003';
const Z = '\u0004';

const cache = new WeakMap<Observation, string>();
const sectionCache = new WeakMap<Observation, Map<number, string>>();
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

/** Each section's key by number (cached): what the incremental invariant checks compare. */
export function sectionKeys(o: Observation): ReadonlyMap<number, string> {
  let m = sectionCache.get(o);
  if (m === undefined) {
    m = new Map();
    for (const x of o.sections) m.set(x.nr, sectionKey(x));
    sectionCache.set(o, m);
  }
  return m;
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

function encode(o: Observation): string {
  let s = numbers(o.roots) + L;
  s += list(o.sections, (sections) => {
    let t = '';
    for (const x of sortedBy(sections, (v) => v.nr)) t += sectionKey(x);
    return t;
  });
  s += L;
  s += list(o.blocks, (blocks) => {
    let t = '';
    for (const x of sortedBy(blocks, (v) => v.id)) t += cached(x, (b) => fields(b, BLOCK_FIELDS) + R);
    return t;
  });
  s += L;
  for (const n of sortedBy(o.nodes, (v) => v.nid)) {
    s += fields(n, NODE_FIELDS);
    for (const z of n.zones) s += Z + fields(z, ZONE_FIELDS);
    s += R;
  }
  s += L;
  s += list(o.memmap, (memmap) => {
    let t = '';
    for (const x of sortedBy(memmap, (v) => v.startPfn)) t += cached(x, (r) => `${r.startPfn}${F}${r.endPfn}${F}${r.state}${R}`);
    return t;
  });
  s += L;
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

export function observationKey(o: Observation): string {
  let k = cache.get(o);
  if (k === undefined) {
    k = encode(o);
    cache.set(o, k);
  }
  return k;
}
