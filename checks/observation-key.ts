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
  return fields(x, SECTION_FIELDS) + R;
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

function encode(o: Observation): string {
  let s = numbers(o.roots) + L;
  const keys = sectionKeys(o);
  // two records with one number (never produced) are each written out in full
  const unique = keys.size === o.sections.length;
  for (const x of sortedBy(o.sections, (v) => v.nr)) s += (unique ? keys.get(x.nr) : undefined) ?? sectionKey(x);
  s += L;
  for (const x of sortedBy(o.blocks, (v) => v.id)) s += fields(x, BLOCK_FIELDS) + R;
  s += L;
  for (const n of sortedBy(o.nodes, (v) => v.nid)) {
    s += fields(n, NODE_FIELDS);
    for (const z of n.zones) s += Z + fields(z, ZONE_FIELDS);
    s += R;
  }
  s += L;
  for (const x of sortedBy(o.memmap, (v) => v.startPfn)) s += `${x.startPfn}${F}${x.endPfn}${F}${x.state}${R}`;
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
