/**
 * Where a generated step lands: a section and a start sub-section chosen
 * among the active ones, the free ones, a fixed window or the top of the
 * address space, from the current observation.
 */
import type { MachineSetup } from '../model/implementation.ts';
import { maskBits, type Observation } from '../model/observation.ts';
import type { Where } from './intent.ts';
import { edgeSections, edgeSubsections } from './state-aware.ts';
import { WINDOW_SECTIONS } from './window.ts';

export interface Place {
  readonly section: number;
  readonly subsection: number;
  /** Active sub-sections of that section. */
  readonly active: ReadonlySet<number>;
}

/** `stateAware`: half of the `free`/`window` picks aim at edges (properties/state-aware.ts). */
export function place(setup: MachineSetup, obs: Observation, w: Where, stateAware = false): Place {
  const g = setup.geometry;
  const populated = obs.sections.filter((s) => s.subsectionMap !== '0x0');
  let section: number;
  if (w.pick === 'active' && populated.length > 0) {
    section = populated[w.sel % populated.length]!.nr;
  } else if (w.pick === 'far') {
    const last = g.nrMemSections - 1;
    section = [last - 1, last, last + 1][w.sel % 3]!;
  } else {
    const edges = stateAware && w.sel % 2 === 1 ? edgeSections(setup, obs) : [];
    section = edges.length > 0 ? edges[(w.sel >> 1) % edges.length]! : w.sel % WINDOW_SECTIONS;
  }
  const active = new Set(maskBits(obs.sections.find((s) => s.nr === section)?.subsectionMap ?? '0x0'));
  const all = Array.from({ length: g.subsectionsPerSection }, (_, i) => i);
  const edgeSubs = stateAware && w.pick !== 'active' && w.pick !== 'far' && w.sub % 2 === 1 ? edgeSubsections(setup, active) : [];
  const candidates =
    edgeSubs.length > 0 ? edgeSubs : w.pick === 'active' ? all.filter((i) => active.has(i)) : w.pick === 'free' ? all.filter((i) => !active.has(i)) : all;
  const pool = candidates.length > 0 ? candidates : all;
  return { section, subsection: pool[w.sub % pool.length]!, active };
}

/** The address of the sub-section an intent's `where` picks. */
export function placeAddress(setup: MachineSetup, obs: Observation, w: Where, stateAware = false): { addr: number; active: ReadonlySet<number>; subsection: number; section: number } {
  const g = setup.geometry;
  const p = place(setup, obs, w, stateAware);
  const addr = (p.section * g.pagesPerSection + p.subsection * g.pagesPerSubsection) * g.pageSize;
  return { addr, active: p.active, subsection: p.subsection, section: p.section };
}

