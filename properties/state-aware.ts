/**
 * State-aware resolution (`memhp run --generation state-aware`, and the time-to-bug
 * measurement of regressions/time-to-bug.ts): the same generated intents,
 * resolved with more weight on what the current state makes interesting.
 * The plain resolution (properties/resolve.ts, place.ts) spreads its picks
 * evenly over fixed candidates; bugs sit where states meet, and on objects a
 * run has just made. Four biases, each taken on half of the intents (the
 * intent's own `sel`/`sub` parity decides, so a run stays a function of its
 * seed and path), the other half resolving as before:
 *
 * - **edges**: a `free`/`window` place prefers window sections that are
 *   partly populated or border a populated one, and in them a free
 *   sub-section next to an active one (where sub-section and early-section
 *   rules differ from whole-section ones);
 * - **next slot**: a `low` hot-add lands on the first free block after the
 *   blocks already there, as firmware fills DIMM slots in order, instead of
 *   colliding with an earlier add (-EEXIST) five times out of six;
 * - **same node**: an add aimed at node 0 goes to the node of a hot-added
 *   resource that is not on node 0 when there is one, so nodes other than 0
 *   get several resources (and can be emptied one at a time);
 * - **removable**: remove_memory / eject_memory prefer hot-added System RAM
 *   over boot memory, which no driver removes.
 *
 * Not a default: it changes the steps of seeded runs, so every pinned seed,
 * counterexample and report of the plain generation stays what it was
 * (docs/performance.md, "Time to bug").
 */
import type { MachineSetup } from '../model/implementation.ts';
import { maskBits, type Observation } from '../model/observation.ts';
import { WINDOW_SECTIONS } from './window.ts';

/** Window sections on a boundary: partly populated, or empty next to a populated one. */
export function edgeSections(setup: MachineSetup, obs: Observation): number[] {
  const all = setup.geometry.subsectionsPerSection;
  const count = new Map<number, number>();
  for (const s of obs.sections) if (s.nr < WINDOW_SECTIONS + 1) count.set(s.nr, maskBits(s.subsectionMap).length);
  const n = (nr: number): number => count.get(nr) ?? 0;
  const out: number[] = [];
  for (let nr = 0; nr < WINDOW_SECTIONS; nr++) {
    const here = n(nr);
    if ((here > 0 && here < all) || (here === 0 && (n(nr - 1) > 0 || n(nr + 1) > 0))) out.push(nr);
  }
  return out;
}

/** Free sub-sections of a section next to an active one (or to the neighbour's active edge). */
export function edgeSubsections(setup: MachineSetup, active: ReadonlySet<number>): number[] {
  const all = setup.geometry.subsectionsPerSection;
  const out: number[] = [];
  for (let i = 0; i < all; i++) if (!active.has(i) && (active.has(i - 1) || active.has(i + 1))) out.push(i);
  return out;
}

/** The first block after the hot-add area's highest present block, below `limit`; undefined when none is present there. */
export function nextFreeBlock(obs: Observation, from: number, limit: number): number | undefined {
  let top: number | undefined;
  for (const b of obs.blocks) if (b.id >= from && b.id < limit && (top === undefined || b.id > top)) top = b.id;
  return top === undefined ? undefined : top + 1;
}

/** The node of a memory block at or above `from` (hot-added) on a node other than 0, if any. */
export function otherNodeInUse(obs: Observation, from: number): number | undefined {
  return obs.blocks.find((b) => b.id >= from && b.nid !== 0)?.nid;
}

/** System RAM resources above `bootEnd` (bytes): what hot-add made and a remove can take away. */
export function hotAdded<R extends { readonly start: number }>(resources: readonly R[], bootEnd: number): R[] {
  return resources.filter((r) => r.start >= bootEnd);
}
