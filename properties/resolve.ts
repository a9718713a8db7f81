/**
 * Turns an intent into a concrete step against the current observable state:
 * the place where generation becomes state-aware.
 */
import type { MachineSetup } from '../model/implementation.ts';
import { maskBits, type Observation } from '../model/observation.ts';
import type { Step } from '../model/step.ts';
import type { Intent, Where } from './intent.ts';

/** Sections near the bottom of memory that generated steps aim at (boot memory lives in 0..7). */
export const WINDOW_SECTIONS = 12;

interface Place {
  readonly section: number;
  readonly subsection: number;
  /** Active sub-sections of that section. */
  readonly active: ReadonlySet<number>;
}

function place(setup: MachineSetup, obs: Observation, w: Where): Place {
  const g = setup.geometry;
  const populated = obs.sections.filter((s) => s.subsectionMap !== '0x0');
  const activeOf = (nr: number): Set<number> =>
    new Set(maskBits(obs.sections.find((s) => s.nr === nr)?.subsectionMap ?? '0x0'));
  let section: number;
  if (w.pick === 'active' && populated.length > 0) {
    section = populated[w.sel % populated.length]!.nr;
  } else if (w.pick === 'far') {
    const last = g.nrMemSections - 1;
    section = [last - 1, last, last + 1][w.sel % 3]!;
  } else {
    section = w.sel % WINDOW_SECTIONS;
  }
  const active = activeOf(section);
  const all = Array.from({ length: g.subsectionsPerSection }, (_, i) => i);
  const candidates =
    w.pick === 'active' ? all.filter((i) => active.has(i)) : w.pick === 'free' ? all.filter((i) => !active.has(i)) : all;
  const pool = candidates.length > 0 ? candidates : all;
  return { section, subsection: pool[w.sub % pool.length]!, active };
}

export function resolveIntent(setup: MachineSetup, obs: Observation, intent: Intent): Step {
  const g = setup.geometry;
  const subBytes = g.pagesPerSubsection * g.pageSize;
  const sectionBytes = g.pagesPerSection * g.pageSize;
  if (intent.kind === 'fail') return { op: 'fail', alloc: intent.point, errno: 'ENOMEM' };
  const p = place(setup, obs, intent.where);
  const start = p.section * sectionBytes + p.subsection * subBytes;
  if (intent.kind === 'query') {
    return { op: 'query', query: intent.query, addr: start + (intent.offset % g.pagesPerSubsection) * g.pageSize };
  }
  let size: number;
  let at = start;
  switch (intent.shape) {
    case 'sections':
      at = p.section * sectionBytes;
      size = (1 + (intent.len % 2)) * sectionBytes;
      break;
    case 'zero':
      size = 0;
      break;
    case 'misaligned':
      if (intent.len % 2 === 0) at = start + g.pageSize;
      size = (1 + (intent.len % 4)) * subBytes + (intent.len % 2 === 1 ? g.pageSize : 0);
      break;
    case 'subsections': {
      if (setup.profile.sparse.hotplug.value === 'section' && intent.len % 4 !== 0) {
        // Before v5.3 removal BUGs on anything but whole sections: mostly ask for those.
        at = p.section * sectionBytes;
        size = (1 + (intent.len % 2)) * sectionBytes;
        break;
      }
      let n = 1 + (intent.len % (g.subsectionsPerSection + Math.ceil(g.subsectionsPerSection / 2)));
      if (intent.kind === 'remove' && intent.where.pick === 'active') {
        // Remove the active run that starts here, sometimes one sub-section too far.
        n = 0;
        while (p.subsection + n < g.subsectionsPerSection && p.active.has(p.subsection + n)) n++;
        n = Math.max(1, n + (intent.len % 3 === 0 ? 1 : 0));
      }
      size = n * subBytes;
      break;
    }
  }
  return intent.kind === 'add' ? { op: 'add_pages', start: at, size, nid: 0 } : { op: 'remove_pages', start: at, size };
}
