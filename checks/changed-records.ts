/**
 * What a step changed, read off two observations: the records of one list
 * whose key differs (checks/observation-key.ts), and the pfns whose memmap
 * state differs. An observation built on top of the previous one
 * (model/observe-on-top.ts) shares the records a step did not touch, so
 * most records compare by identity; a record observed again compares field
 * by field, as its key is written. The scoped invariant checks
 * (checks/incremental.ts) judge only what these name.
 */
import type { BlockObservation, MemmapRun, Observation, SectionObservation } from '../model/observation.ts';
import { sameBlock, sameSection } from './observation-key.ts';
import type { PfnRange } from './zone-view.ts';

/**
 * The keys whose record differs between the two lists (ascending by key, as
 * observations list them): in one list only, or not equal. Lists out of
 * order (never built by an implementation) are compared through maps.
 */
function changedKeys<T>(before: readonly T[], after: readonly T[], keyOf: (x: T) => number, same: (x: T, y: T) => boolean): Set<number> {
  const out = new Set<number>();
  if (before === after) return out;
  if (!ascending(before, keyOf) || !ascending(after, keyOf)) {
    const old = new Map(before.map((x) => [keyOf(x), x]));
    const now = new Map(after.map((x) => [keyOf(x), x]));
    for (const [k, x] of now) if (!old.has(k) || !same(old.get(k)!, x)) out.add(k);
    for (const k of old.keys()) if (!now.has(k)) out.add(k);
    return out;
  }
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    const x = before[i];
    const y = after[j];
    if (x !== undefined && x === y) {
      i++;
      j++;
      continue;
    }
    const kx = x === undefined ? Infinity : keyOf(x);
    const ky = y === undefined ? Infinity : keyOf(y);
    if (kx === ky) {
      if (!same(x!, y!)) out.add(kx);
      i++;
      j++;
    } else if (kx < ky) {
      out.add(kx);
      i++;
    } else {
      out.add(ky);
      j++;
    }
  }
  return out;
}

function ascending<T>(xs: readonly T[], keyOf: (x: T) => number): boolean {
  for (let i = 1; i < xs.length; i++) if (keyOf(xs[i - 1]!) >= keyOf(xs[i]!)) return false;
  return true;
}

const byNr = (s: SectionObservation): number => s.nr;
const byId = (b: BlockObservation): number => b.id;

/** Numbers of the sections whose record differs (or that are listed in one observation only). */
export function changedSectionNrs(before: Observation, after: Observation): Set<number> {
  return changedKeys(before.sections, after.sections, byNr, sameSection);
}

/** Ids of the memory blocks whose record differs (or that exist in one observation only). */
export function changedBlockIds(before: Observation, after: Observation): Set<number> {
  return changedKeys(before.blocks, after.blocks, byId, sameBlock);
}

/**
 * The pfn ranges (ascending, disjoint) whose memmap state differs between the
 * two observations, a pfn without memmap in one of them included. Runs are
 * ascending and disjoint: the runs both lists share at their start and end
 * cover the same pfns with the same state, so only the runs between are cut
 * at every bound either list has there and compared piece by piece.
 */
export function changedMemmap(before: readonly MemmapRun[], after: readonly MemmapRun[]): PfnRange[] {
  if (before === after) return [];
  let lo = 0;
  while (lo < before.length && lo < after.length && before[lo] === after[lo]) lo++;
  let hb = before.length;
  let ha = after.length;
  while (hb > lo && ha > lo && before[hb - 1] === after[ha - 1]) {
    hb--;
    ha--;
  }
  const a = before.slice(lo, hb);
  const b = after.slice(lo, ha);
  const cuts = new Set<number>();
  for (const r of a) cuts.add(r.startPfn).add(r.endPfn);
  for (const r of b) cuts.add(r.startPfn).add(r.endPfn);
  const bounds = [...cuts].sort((x, y) => x - y);
  const out: PfnRange[] = [];
  let i = 0;
  let j = 0;
  for (let k = 0; k + 1 < bounds.length; k++) {
    const start = bounds[k]!;
    const end = bounds[k + 1]!;
    while (i < a.length && a[i]!.endPfn <= start) i++;
    while (j < b.length && b[j]!.endPfn <= start) j++;
    const was = i < a.length && a[i]!.startPfn <= start ? a[i]!.state : undefined;
    const now = j < b.length && b[j]!.startPfn <= start ? b[j]!.state : undefined;
    if (was === now) continue;
    const last = out[out.length - 1];
    if (last !== undefined && last.end === start) out[out.length - 1] = { start: last.start, end };
    else out.push({ start, end });
  }
  return out;
}
